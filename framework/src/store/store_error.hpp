#pragma once
/// Turns a database failure into a Herald error that names the store (password redacted) and the operation.
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <soci/soci.h>

#include "herald/sdk/error.hpp"
#include "store/database.hpp"

namespace herald::store {

/// Runs `body`; a soci::soci_error becomes sdk::Error(where = redacted URL, what = "<operation>: <driver message>").
/// Other exceptions pass through unchanged.
template <typename Body>
auto with_store_errors(const Database& db, std::string_view operation, Body&& body) -> decltype(body()) {
  try {
    return std::forward<Body>(body)();
  } catch (const soci::soci_error& e) {
    throw sdk::Error(db.redacted_url(), fmt::format("{} failed: {}", operation, Database::redact(e.what())));
  }
}

}  // namespace herald::store
