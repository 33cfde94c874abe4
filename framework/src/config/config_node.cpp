#include "config/config_node.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <boost/property_tree/info_parser.hpp>
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <fmt/format.h>

#include "config/suggest.hpp"
#include "herald/sdk/error.hpp"

namespace herald::config {

namespace pt = boost::property_tree;
using sdk::Error;

struct ConfigNode::Document {
  std::string label;
  std::filesystem::path file;
  std::filesystem::path folder;
  ConfigFormat format = ConfigFormat::kJson;
  pt::ptree root;
  pt::ptree empty;
};

std::string_view to_string(ConfigFormat format) noexcept {
  switch (format) {
    case ConfigFormat::kJson: return "json";
    case ConfigFormat::kInfo: return "info";
    case ConfigFormat::kXml: return "xml";
  }
  return "unknown";
}

namespace {

bool is_plain_key(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-' || c == '$' || c == '@';
  });
}

std::string join_path(std::string_view parent, std::string_view key) {
  if (!is_plain_key(key)) {
    std::string quoted = std::string(parent) + "[\"";
    for (char c : key) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    return quoted + "\"]";
  }
  if (parent.empty()) return std::string(key);
  return std::string(parent) + "." + std::string(key);
}

// XML documents are brought to the shape JSON produces: attributes become keys, `item` elements become
// list items (empty keys).
void normalize_xml(pt::ptree& node) {
  pt::ptree normalized;
  normalized.data() = node.data();
  for (auto& [key, child] : node) {
    if (key == "<xmlattr>") {
      for (auto& [attribute, value] : child) normalized.push_back({attribute, value});
    } else if (key != "<xmlcomment>") {
      normalize_xml(child);
      normalized.push_back({key == "item" ? std::string() : key, child});
    }
  }
  node.swap(normalized);
}

void reject_duplicate_keys(const pt::ptree& node, const std::string& path) {
  std::set<std::string> seen;
  std::size_t index = 0;
  for (const auto& [key, child] : node) {
    const std::string child_path = key.empty() ? path + "[" + std::to_string(index++) + "]" : join_path(path, key);
    if (!key.empty() && !seen.insert(key).second)
      throw Error(child_path, "duplicate key", "Each key may appear only once in an object");
    reject_duplicate_keys(child, child_path);
  }
}

std::string format_bound(double value) { return fmt::format("{}", value); }

}  // namespace

ConfigFormat ConfigNode::format_for(const std::filesystem::path& file) {
  std::string extension = file.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension == ".json") return ConfigFormat::kJson;
  if (extension == ".info") return ConfigFormat::kInfo;
  if (extension == ".xml") return ConfigFormat::kXml;
  throw Error(file.string(), "unknown configuration format '" + extension + "'",
              "Use a .json, .info or .xml file");
}

ConfigNode ConfigNode::load_file(const std::filesystem::path& file) {
  const ConfigFormat format = format_for(file);
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(file.string(), "cannot read the configuration file", "Check that it exists and is readable");
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), format, file);
}

namespace {
/// Boost.PropertyTree's parsers recurse per nesting level: a hostile file could exhaust the stack. No
/// Herald config nests deeper than a handful of levels, so anything past kMaxNesting is refused first.
constexpr int kMaxNesting = 64;

void check_nesting(std::string_view text, ConfigFormat format, const std::string& label) {
  int depth = 0;
  std::size_t line = 1;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') ++line;
    if (format == ConfigFormat::kXml) {  // element depth: <a> opens, </a> and <a/> close
      if (c != '<' || i + 1 >= text.size()) continue;
      const char next = text[i + 1];
      if (next == '/') {
        --depth;
      } else if (next != '?' && next != '!') {
        const auto end = text.find('>', i);
        if (end != std::string_view::npos && text[end - 1] != '/') ++depth;
      }
    } else {
      if (in_string) {
        if (c == '\\') ++i;
        else if (c == '"') in_string = false;
        continue;
      }
      if (c == '"') in_string = true;
      else if (c == '{' || c == '[') ++depth;
      else if (c == '}' || c == ']') --depth;
    }
    if (depth > kMaxNesting)
      throw Error(label + ":" + std::to_string(line), "nested deeper than " + std::to_string(kMaxNesting) + " levels",
                  "A Herald configuration needs only a few levels");
  }
}
}  // namespace

ConfigNode ConfigNode::parse(std::string_view text, ConfigFormat format, const std::filesystem::path& file) {
  auto document = std::make_shared<Document>();
  document->label = file.string();
  document->file = std::filesystem::absolute(file).lexically_normal();
  document->folder = document->file.parent_path();
  document->format = format;
  check_nesting(text, format, document->label);
  std::istringstream in{std::string(text)};
  try {
    switch (format) {
      case ConfigFormat::kJson: pt::read_json(in, document->root); break;
      case ConfigFormat::kInfo: pt::read_info(in, document->root); break;
      case ConfigFormat::kXml: {
        pt::ptree xml;
        pt::read_xml(in, xml, pt::xml_parser::trim_whitespace | pt::xml_parser::no_comments);
        normalize_xml(xml);
        if (xml.size() != 1)
          throw Error(document->label, "an XML configuration must have exactly one root element",
                      "Wrap the settings in <herald>...</herald>");
        document->root = xml.front().second;
        break;
      }
    }
  } catch (const pt::file_parser_error& error) {
    throw Error(document->label + ":" + std::to_string(error.line()), "syntax error: " + error.message(),
                "The file is parsed as " + std::string(to_string(format)) + " because of its extension");
  }
  reject_duplicate_keys(document->root, "");
  const pt::ptree* root = &document->root;
  return ConfigNode(std::move(document), root, "", "");
}

ConfigNode::ConfigNode(std::shared_ptr<const Document> document, const pt::ptree* node, std::string path,
                       std::string key)
    : document_(std::move(document)), node_(node), path_(std::move(path)), key_(std::move(key)) {}

ConfigNode ConfigNode::make_child(const pt::ptree& node, std::string_view key, std::string path) const {
  ConfigNode child(document_, &node, std::move(path), std::string(key));
  child.redacted_ = redacted_;
  return child;
}

std::string ConfigNode::where() const { return path_.empty() ? "(top level)" : path_; }
std::string ConfigNode::child_path(std::string_view key) const { return join_path(path_, key); }
const std::string& ConfigNode::file_label() const noexcept { return document_->label; }
const std::filesystem::path& ConfigNode::file() const noexcept { return document_->file; }
const std::filesystem::path& ConfigNode::folder() const noexcept { return document_->folder; }
ConfigFormat ConfigNode::format() const noexcept { return document_->format; }
const std::string& ConfigNode::data() const { return node_->data(); }

void ConfigNode::fail(std::string message, std::string hint) const {
  throw Error(where(), std::move(message), std::move(hint));
}

std::string ConfigNode::quoted() const { return redacted_ ? "a secret value (not shown)" : "'" + data() + "'"; }

bool ConfigNode::is_value() const noexcept { return node_->empty(); }

bool ConfigNode::is_list() const noexcept {
  return !node_->empty() && node_->data().empty() &&
         std::all_of(node_->begin(), node_->end(), [](const auto& kv) { return kv.first.empty(); });
}

bool ConfigNode::is_object() const noexcept {
  if (!node_->data().empty()) return false;  // a value, or (INFO/XML) a value with nested keys
  return std::none_of(node_->begin(), node_->end(), [](const auto& kv) { return kv.first.empty(); });
}

std::string ConfigNode::describe() const {
  if (!node_->empty() && !data().empty()) return "both a value and nested keys";
  if (is_list()) return "a list";
  if (!node_->empty()) return "an object";
  return redacted_ ? "a value" : "the value '" + data() + "'";
}

// --- navigation ---------------------------------------------------------------------------------------

std::optional<ConfigNode> ConfigNode::find(std::string_view key) const {
  if (!is_object()) fail("expected an object, got " + describe());
  const auto it = node_->find(std::string(key));
  if (it == node_->not_found()) return std::nullopt;
  return make_child(it->second, key, join_path(path_, key));
}

bool ConfigNode::has(std::string_view key) const { return find(key).has_value(); }

ConfigNode ConfigNode::at(std::string_view key) const {
  if (auto child = find(key)) return *child;
  fail("required key '" + std::string(key) + "' is missing");
}

ConfigNode ConfigNode::child_or_empty(std::string_view key) const {
  if (auto child = find(key)) return *child;
  ConfigNode placeholder = make_child(document_->empty, key, join_path(path_, key));
  placeholder.missing_ = true;
  return placeholder;
}

std::vector<ConfigNode> ConfigNode::entries() const {
  if (!is_object()) fail("expected an object, got " + describe());
  std::vector<ConfigNode> out;
  for (const auto& [key, child] : *node_) out.push_back(make_child(child, key, join_path(path_, key)));
  return out;
}

std::vector<std::string> ConfigNode::keys() const {
  std::vector<std::string> out;
  for (const auto& entry : entries()) out.push_back(entry.key());
  return out;
}

std::vector<ConfigNode> ConfigNode::items() const {
  if (!(is_list() || (node_->empty() && data().empty()))) fail("expected a list, got " + describe());
  std::vector<ConfigNode> out;
  std::size_t index = 0;
  for (const auto& kv : *node_) out.push_back(make_child(kv.second, "", path_ + "[" + std::to_string(index++) + "]"));
  return out;
}

void ConfigNode::check_keys(const std::vector<std::string>& allowed) const {
  ProblemList problems;
  collect_unknown_keys(allowed, problems);
  if (!problems.empty()) throw Error(problems.items().front().path, problems.items().front().message);
}

void ConfigNode::collect_unknown_keys(const std::vector<std::string>& allowed, ProblemList& problems) const {
  if (!is_object()) {
    problems.add(where(), "expected an object, got " + describe());
    return;
  }
  for (const auto& [key, child] : *node_)
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      problems.add(join_path(path_, key), unknown_key_message("key", key, allowed));
}

// --- typed values -------------------------------------------------------------------------------------

std::string ConfigNode::as_string() const {
  if (!node_->empty()) fail("expected a string, got " + describe());
  return data();
}

std::int64_t ConfigNode::as_int(std::int64_t minimum, std::int64_t maximum) const {
  const bool bounded =
      minimum != std::numeric_limits<std::int64_t>::min() || maximum != std::numeric_limits<std::int64_t>::max();
  const std::string expected =
      bounded ? fmt::format("expected an integer from {} to {}", minimum, maximum) : std::string("expected an integer");
  if (!node_->empty()) fail(expected + ", got " + describe());
  const std::string& text = data();
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) fail(expected + ", got " + quoted());
  if (value < minimum || value > maximum) fail(expected + ", got " + (redacted_ ? quoted() : text));
  return value;
}

double ConfigNode::as_double(std::optional<double> minimum, std::optional<double> maximum) const {
  std::string expected = "expected a number";
  if (minimum && maximum) expected += " from " + format_bound(*minimum) + " to " + format_bound(*maximum);
  else if (minimum) expected += " of at least " + format_bound(*minimum);
  else if (maximum) expected += " of at most " + format_bound(*maximum);
  if (!node_->empty()) fail(expected + ", got " + describe());
  const std::string& text = data();
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    fail(expected + ", got " + quoted());
  if ((minimum && value < *minimum) || (maximum && value > *maximum))
    fail(expected + ", got " + (redacted_ ? quoted() : text));
  return value;
}

bool ConfigNode::as_bool() const {
  if (!node_->empty()) fail("expected true or false, got " + describe());
  if (data() == "true") return true;
  if (data() == "false") return false;
  fail("expected true or false, got " + quoted());
}

std::vector<std::string> ConfigNode::as_string_list() const {
  if (!(is_list() || (node_->empty() && data().empty())))
    fail("expected a list of strings, got " + describe(), "Write it as [\"a\", \"b\"]");
  std::vector<std::string> out;
  for (const auto& item : items()) {
    if (!item.is_value()) item.fail("expected a string, got " + item.describe());
    out.push_back(item.data());
  }
  return out;
}

std::filesystem::path ConfigNode::resolve(const std::filesystem::path& text) const {
  return (text.is_absolute() ? text : folder() / text).lexically_normal();
}

std::filesystem::path ConfigNode::as_path() const {
  if (!node_->empty()) fail("expected a path, got " + describe());
  if (data().empty()) fail("expected a path, got an empty value");
  return resolve(data());
}

std::string ConfigNode::as_enum(const std::vector<std::string>& allowed) const {
  if (!node_->empty()) fail("expected one of " + join_list(allowed) + ", got " + describe());
  if (std::find(allowed.begin(), allowed.end(), data()) != allowed.end()) return data();
  std::string hint;
  if (!redacted_)
    if (auto match = closest_match(data(), allowed)) hint = "Did you mean '" + *match + "'?";
  fail((redacted_ ? std::string("the value") : quoted()) + " is not one of " + join_list(allowed), hint);
}

// --- keyed conveniences -------------------------------------------------------------------------------

std::string ConfigNode::get_string(std::string_view key) const { return at(key).as_string(); }

std::string ConfigNode::get_string(std::string_view key, std::string_view fallback) const {
  const auto child = find(key);
  return child ? child->as_string() : std::string(fallback);
}

std::int64_t ConfigNode::get_int(std::string_view key, std::int64_t fallback, std::int64_t minimum,
                                 std::int64_t maximum) const {
  const auto child = find(key);
  return child ? child->as_int(minimum, maximum) : fallback;
}

bool ConfigNode::get_bool(std::string_view key, bool fallback) const {
  const auto child = find(key);
  return child ? child->as_bool() : fallback;
}

std::vector<std::string> ConfigNode::get_string_list(std::string_view key) const {
  const auto child = find(key);
  return child ? child->as_string_list() : std::vector<std::string>{};
}

std::filesystem::path ConfigNode::get_path(std::string_view key, std::string_view fallback) const {
  const auto child = find(key);
  return child ? child->as_path() : resolve(std::string(fallback));
}

ConfigNode ConfigNode::redacted() const {
  ConfigNode copy = *this;
  copy.redacted_ = true;
  return copy;
}

}  // namespace herald::config
