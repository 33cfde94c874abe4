#pragma once
/// Identifiers and deterministic derivations the store assigns.
#include <chrono>
#include <initializer_list>
#include <string>
#include <string_view>

#include "herald/sdk/time.hpp"

namespace herald::store {

/// A random RFC 4122 version-4 UUID in lowercase hex with dashes ("2f1c...-...").
std::string new_uuid();

/// A time-ordered RFC 9562 version-7 UUID in lowercase hex with dashes: 48 bits of Unix milliseconds
/// (system clock), a 12-bit counter that keeps ids of one thread strictly increasing within a millisecond
/// (RFC 9562 section 6.2, method 1), then 62 random bits. Ids made in sequence sort in creation order, so
/// B-tree indexes over them grow at their right edge instead of at random pages (message and event ids).
std::string new_uuid_v7();

/// 32 lowercase hex characters (Pinpoint's id shape) derived from `parts` with SHA-256, so the same
/// parts always give the same id (definitions without an Id: project, kind and Name).
std::string derived_id(std::initializer_list<std::string_view> parts);

/// The endpoint's cohort, 0-99: a stable hash (FNV-1a 64) of project id and endpoint id, so holdouts
/// are reproducible across imports and backends.
int cohort_of(std::string_view project_id, std::string_view endpoint_id) noexcept;

/// Milliseconds since the Unix epoch (the store's time columns) and back.
inline long long to_ms(sdk::Instant t) noexcept { return t.time_since_epoch().count(); }
inline sdk::Instant from_ms(long long ms) noexcept { return sdk::Instant(std::chrono::milliseconds(ms)); }

}  // namespace herald::store
