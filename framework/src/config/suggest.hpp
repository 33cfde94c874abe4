#pragma once
/// Helpers that make configuration errors actionable: "did you mean" suggestions and readable lists.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace herald::config {

/// Edit distance between two strings: insertions, deletions, substitutions and transpositions of two
/// adjacent characters each cost 1 (optimal string alignment).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` when it is plausibly a typo of it: the edit distance is at most
/// max(1, |word| / 3) and at most 3, or the two differ only in letter case. nullopt otherwise.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

/// "a, b, c" (candidates joined by ", "); "(none)" when empty.
std::string join_list(const std::vector<std::string>& items);

/// The text of an "unknown key" problem: "unknown key 'urll'; allowed keys: url, port. Did you mean 'url'?"
/// `what` names the kind of key ("key", "setting", "channel type").
std::string unknown_key_message(std::string_view what, std::string_view key, const std::vector<std::string>& allowed);

}  // namespace herald::config
