#pragma once
/// A path-tracking, typed view over a Boost.PropertyTree configuration document (DESIGN.md,
/// "Configuration"). Every node knows its full path ("channels[0].settings.url"); every getter throws
/// herald::sdk::Error naming that path and the expected type or value, so no ptree_bad_data,
/// ptree_bad_path or mangled type name ever reaches a user.
///
/// Formats, chosen by file extension:
/// - `.json`: arrays become children with empty keys; they are indexed in paths (`channels[0]`).
/// - `.info`: a list is a node whose children have empty keys (`search_path { "" "lib/plugins" }`).
/// - `.xml`:  the single root element (e.g. `<herald>`) is the top level; attributes are keys like
///   child elements; list items are elements named `item` (`<search_path><item>lib</item></search_path>`);
///   comments are ignored and text is trimmed.
/// Duplicate keys in one object are rejected at load. ptree keeps every value as text, so `"25"` and `25`
/// are the same value, and an empty `[]`, `{}` and `""` are indistinguishable (each reads as empty).
#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/property_tree/ptree_fwd.hpp>

#include "config/config_error.hpp"

namespace herald::config {

/// Syntax of a configuration document.
enum class ConfigFormat { kJson, kInfo, kXml };

/// "json", "info", "xml".
std::string_view to_string(ConfigFormat format) noexcept;

/// One node of a loaded configuration (cheap to copy; shares the document).
class ConfigNode {
public:
  /// Reads and parses `file`, choosing the syntax by extension (.json, .info, .xml).
  /// Throws sdk::Error: where = the file for an unknown extension or unreadable file; where = "file:line"
  /// with the parser's message for a syntax error; where = the key's path for a duplicate key.
  static ConfigNode load_file(const std::filesystem::path& file);

  /// Parses `text` as if it were the content of `file` (which need not exist): messages name `file` and
  /// relative paths resolve against its folder. Same errors as load_file.
  static ConfigNode parse(std::string_view text, ConfigFormat format, const std::filesystem::path& file);

  /// The format for `file`'s extension (case-insensitive). Throws sdk::Error (where = file) otherwise.
  static ConfigFormat format_for(const std::filesystem::path& file);

  // --- identity -------------------------------------------------------------------------------------

  /// Full path from the top level: "channels[0].settings.url"; "" for the top level itself. Keys that are
  /// not plain words are quoted: `settings["a.b"]`.
  const std::string& path() const noexcept { return path_; }
  /// path(), or "(top level)" for the top level: use it as an Error's `where`.
  std::string where() const;
  /// The path a child `key` of this node would have.
  std::string child_path(std::string_view key) const;
  /// Own key in the parent object; "" for the top level and for list items.
  const std::string& key() const noexcept { return key_; }
  /// The configuration file as the caller named it (for messages).
  const std::string& file_label() const noexcept;
  /// Absolute, normalized path of the configuration file.
  const std::filesystem::path& file() const noexcept;
  /// Absolute folder of the configuration file: relative paths in the config resolve against it.
  const std::filesystem::path& folder() const noexcept;
  ConfigFormat format() const noexcept;

  // --- shape ----------------------------------------------------------------------------------------

  /// True for a placeholder made by child_or_empty() for an absent key (reads as an empty object).
  bool is_missing() const noexcept { return missing_; }
  /// No children: a plain value (or an empty `{}`/`[]`/`""`).
  bool is_value() const noexcept;
  /// Has children, all of them list items (empty keys), and no value of its own.
  bool is_list() const noexcept;
  /// Has children with keys (or none) and no value of its own.
  bool is_object() const noexcept;
  /// "a list", "an object", "the value 'x'" (or "a value" when redacted), "both a value and nested keys"
  /// (INFO `key value { ... }`), for messages.
  std::string describe() const;

  // --- navigation -----------------------------------------------------------------------------------

  /// True when this object has `key`.
  bool has(std::string_view key) const;
  /// The child `key` of this object, or nullopt. Throws sdk::Error if this node is a list or a value.
  std::optional<ConfigNode> find(std::string_view key) const;
  /// The child `key`; throws sdk::Error "required key 'key' is missing" (where = this node) if absent.
  ConfigNode at(std::string_view key) const;
  /// The child `key`, or an empty placeholder at its path (is_missing()) when absent.
  ConfigNode child_or_empty(std::string_view key) const;
  /// The children of this object in document order, each with its key(). Throws sdk::Error if this is a
  /// list or a non-empty value ("expected an object, got a list").
  std::vector<ConfigNode> entries() const;
  /// The keys of this object in document order. Same errors as entries().
  std::vector<std::string> keys() const;
  /// The items of this list (paths "x[0]", "x[1]"...); an empty value is an empty list. Throws
  /// sdk::Error if this is an object or a non-empty value ("expected a list, got an object").
  std::vector<ConfigNode> items() const;
  /// Throws sdk::Error at the first key not in `allowed` (where = that key's path), with the allowed keys
  /// and a "did you mean" suggestion. Also throws if this is not an object.
  void check_keys(const std::vector<std::string>& allowed) const;
  /// Records every key not in `allowed` in `problems`, each at its own path (to report all at once).
  /// Records one problem at this node instead if it is not an object.
  void collect_unknown_keys(const std::vector<std::string>& allowed, ProblemList& problems) const;

  // --- typed values (errors: where = path(); the value is quoted unless redacted) -------------------

  /// The text of a value. Throws if this is a list or an object.
  std::string as_string() const;
  /// A 64-bit integer in [minimum, maximum] (decimal digits, optional leading '-').
  std::int64_t as_int(std::int64_t minimum = std::numeric_limits<std::int64_t>::min(),
                      std::int64_t maximum = std::numeric_limits<std::int64_t>::max()) const;
  /// A finite number, optionally within [minimum, maximum].
  double as_double(std::optional<double> minimum = {}, std::optional<double> maximum = {}) const;
  /// Exactly "true" or "false".
  bool as_bool() const;
  /// A list of values (items must not be objects or lists; errors name the item's path).
  std::vector<std::string> as_string_list() const;
  /// A non-empty path, made absolute against folder() and lexically normalized.
  std::filesystem::path as_path() const;
  /// One of `allowed` (case-sensitive); the error lists them and suggests the closest.
  std::string as_enum(const std::vector<std::string>& allowed) const;

  // --- keyed conveniences (absent key -> default; present -> the typed getter above) ----------------

  std::string get_string(std::string_view key) const;  ///< required: throws if absent
  std::string get_string(std::string_view key, std::string_view fallback) const;
  std::int64_t get_int(std::string_view key, std::int64_t fallback, std::int64_t minimum, std::int64_t maximum) const;
  bool get_bool(std::string_view key, bool fallback) const;
  std::vector<std::string> get_string_list(std::string_view key) const;  ///< absent -> empty
  std::filesystem::path get_path(std::string_view key, std::string_view fallback) const;

  /// `text` made absolute against folder() and normalized (no check that it exists).
  std::filesystem::path resolve(const std::filesystem::path& text) const;

  /// A copy (and, through it, its children) whose errors never quote the value: for secret settings.
  ConfigNode redacted() const;
  bool is_redacted() const noexcept { return redacted_; }

  /// The underlying ptree node (for code that needs the raw tree, e.g. copying a subtree).
  const boost::property_tree::ptree& tree() const noexcept { return *node_; }

private:
  struct Document;
  ConfigNode(std::shared_ptr<const Document> document, const boost::property_tree::ptree* node, std::string path,
             std::string key);
  ConfigNode make_child(const boost::property_tree::ptree& node, std::string_view key, std::string path) const;
  [[noreturn]] void fail(std::string message, std::string hint = {}) const;
  std::string quoted() const;
  const std::string& data() const;

  std::shared_ptr<const Document> document_;
  const boost::property_tree::ptree* node_ = nullptr;
  std::string path_;
  std::string key_;
  bool redacted_ = false;
  bool missing_ = false;
};

}  // namespace herald::config
