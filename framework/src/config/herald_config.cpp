#include "config/herald_config.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "config/suggest.hpp"
#include "herald/sdk/error.hpp"

namespace herald::config {

std::string_view to_string(PluginKind kind) noexcept {
  switch (kind) {
    case PluginKind::kChannel: return "channel";
    case PluginKind::kSource: return "source";
    case PluginKind::kSink: return "sink";
    case PluginKind::kScheduler: return "scheduler";
  }
  return "unknown";
}

std::string_view list_key(PluginKind kind) noexcept {
  switch (kind) {
    case PluginKind::kChannel: return "channels";
    case PluginKind::kSource: return "sources";
    case PluginKind::kSink: return "sinks";
    case PluginKind::kScheduler: return "schedulers";
  }
  return "unknown";
}

namespace {

const std::vector<std::string> kTopLevelKeys = {"store",   "plugins", "var",        "limits",  "channels",
                                                "sources", "sinks",   "schedulers", "projects"};
const std::vector<std::string> kInstanceKeys = {"id", "type", "settings"};
const std::vector<std::string> kProjectKeys = {"id", "name", "channels", "definitions", "imports"};
const std::vector<std::string> kProjectChannelKeys = {"use", "from", "enabled"};
constexpr std::string_view kDefaultStoreUrl = "sqlite3://var/herald.db";
constexpr std::int64_t kDefaultMaxEndpointsPerUser = 10;  // Pinpoint's endpoints-per-user quota
constexpr std::int64_t kMaxEndpointsPerUserLimit = 1000;

bool is_valid_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-';
  });
}

bool is_valid_type_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-' || c == '.';
  });
}

std::vector<std::string> channel_type_names() {
  std::vector<std::string> names;
  for (int i = static_cast<int>(sdk::ChannelType::kPush); i <= static_cast<int>(sdk::ChannelType::kInApp); ++i)
    names.emplace_back(sdk::to_string(static_cast<sdk::ChannelType>(i)));
  return names;
}

/// Reads an id and checks its syntax; records a problem and returns nullopt when unusable.
std::optional<std::string> read_id(const ConfigNode& entry, ProblemList& problems) {
  std::optional<std::string> id;
  problems.attempt([&] {
    const ConfigNode node = entry.at("id");
    const std::string text = node.as_string();
    if (!is_valid_id(text))
      throw sdk::Error(node.path(), "invalid id '" + text + "'",
                       "Use only letters, digits, '_' and '-' (it appears in logs, URLs and file names)");
    id = text;
  });
  return id;
}

/// `url` with the file of a sqlite3 URL made absolute against `base`'s folder. Throws sdk::Error at `path`.
/// The URL itself is never quoted in messages: a postgresql URL may hold a password.
std::string resolve_store_url(std::string_view url, const std::string& path, const ConfigNode& base) {
  const auto separator = url.find("://");
  const std::string scheme(separator == std::string_view::npos ? std::string_view() : url.substr(0, separator));
  if (scheme == "postgresql") return std::string(url);
  if (scheme != "sqlite3")
    throw sdk::Error(path,
                     scheme.empty() ? "expected a URL like sqlite3://<file> or postgresql://..."
                                    : "unsupported store scheme '" + scheme + "'",
                     "Use sqlite3://<file> (relative to the config file's folder) or postgresql://...");
  std::string rest(url.substr(separator + 3));
  const auto query = rest.find('?');
  const std::string suffix = query == std::string::npos ? std::string() : rest.substr(query);
  rest = rest.substr(0, query);
  if (rest.empty()) throw sdk::Error(path, "the sqlite3 URL names no file", "Write sqlite3://var/herald.db");
  if (rest == ":memory:") return std::string(url);
  return "sqlite3://" + base.resolve(rest).string() + suffix;
}

class Parser {
public:
  Parser(const ConfigNode& root, ProblemList& problems) : root_(root), problems_(problems) {}

  HeraldConfig run() {
    HeraldConfig config{.root = root_};
    if (!root_.is_object()) {
      problems_.add("", "expected an object at the top level, got " + root_.describe());
      return config;
    }
    root_.collect_unknown_keys(kTopLevelKeys, problems_);
    read_general(config);
    for (PluginKind kind : kPluginKinds) read_instances(config, kind);
    read_projects(config);
    return config;
  }

private:
  void read_general(HeraldConfig& config) {
    config.var_folder = root_.resolve("var");
    problems_.attempt([&] { config.var_folder = root_.get_path("var", "var"); });

    const ConfigNode store = root_.child_or_empty("store");
    store.collect_unknown_keys({"url"}, problems_);
    config.store_url = resolve_store_url(kDefaultStoreUrl, store.child_path("url"), root_);
    if (store.is_object())
      problems_.attempt([&] {
        if (const auto url = store.find("url")) config.store_url = resolve_store_url(url->as_string(), url->path(), root_);
      });

    const ConfigNode plugins = root_.child_or_empty("plugins");
    plugins.collect_unknown_keys({"search_path"}, problems_);
    if (plugins.is_object())
      if (const auto list = plugins.find("search_path")) {
        std::vector<ConfigNode> items;
        if (problems_.attempt([&] { items = list->items(); }))
          for (const auto& item : items)
            problems_.attempt([&] { config.plugin_search_path.push_back(item.as_path()); });
      }

    const ConfigNode limits = root_.child_or_empty("limits");
    limits.collect_unknown_keys({"max_endpoints_per_user"}, problems_);
    if (limits.is_object())
      problems_.attempt([&] {
        config.max_endpoints_per_user =
            limits.get_int("max_endpoints_per_user", kDefaultMaxEndpointsPerUser, 1, kMaxEndpointsPerUserLimit);
      });
  }

  static std::vector<PluginInstanceConfig>& list_for(HeraldConfig& config, PluginKind kind) {
    switch (kind) {
      case PluginKind::kChannel: return config.channels;
      case PluginKind::kSource: return config.sources;
      case PluginKind::kSink: return config.sinks;
      case PluginKind::kScheduler: break;
    }
    return config.schedulers;
  }

  void read_instances(HeraldConfig& config, PluginKind kind) {
    const auto list = root_.find(list_key(kind));
    if (!list) return;
    std::vector<ConfigNode> entries;
    if (!problems_.attempt([&] { entries = list->items(); })) return;
    for (const auto& entry : entries) {
      if (!entry.is_object()) {
        problems_.add(entry.path(), "expected an object like {\"id\": ..., \"type\": \"" +
                                        std::string(to_string(kind)) + "/<name>\"}, got " + entry.describe());
        continue;
      }
      entry.collect_unknown_keys(kInstanceKeys, problems_);
      auto id = read_id(entry, problems_);
      if (id && !claim_id(*id, entry.child_path("id"))) id.reset();
      const auto type = read_type(entry, kind);
      const ConfigNode settings = entry.child_or_empty("settings");
      const bool settings_ok = settings.is_object();
      if (!settings_ok)
        problems_.add(settings.path(), "expected an object of settings, got " + settings.describe());
      if (id && type && settings_ok)
        list_for(config, kind).push_back({.id = *id, .type = *type, .kind = kind, .node = entry, .settings = settings});
    }
  }

  bool claim_id(const std::string& id, const std::string& path) {
    const auto [it, inserted] = instance_ids_.emplace(id, path);
    if (!inserted)
      problems_.add(path, "duplicate instance id '" + id + "' (also used at " + it->second +
                              "); ids must be unique across channels, sources, sinks and schedulers");
    return inserted;
  }

  std::optional<std::string> read_type(const ConfigNode& entry, PluginKind kind) {
    std::optional<std::string> type;
    problems_.attempt([&] {
      const ConfigNode node = entry.at("type");
      const std::string text = node.as_string();
      const std::string expected = std::string(to_string(kind)) + "/<name>";
      const auto slash = text.find('/');
      if (slash == std::string::npos || !is_valid_type_name(text.substr(slash + 1)))
        throw sdk::Error(node.path(), "invalid plugin type '" + text + "'; expected '" + expected + "'",
                         "Example: \"" + std::string(to_string(kind)) + "/file\"");
      const std::string prefix = text.substr(0, slash);
      if (prefix != to_string(kind)) {
        for (PluginKind other : kPluginKinds)
          if (prefix == to_string(other))
            throw sdk::Error(node.path(),
                             "'" + text + "' is a " + prefix + " plugin, but '" + std::string(list_key(kind)) +
                                 "' lists " + std::string(to_string(kind)) + " instances",
                             "Move this entry to '" + std::string(list_key(other)) + "'");
        throw sdk::Error(node.path(), "invalid plugin kind '" + prefix + "' in type '" + text + "'; expected '" + expected + "'");
      }
      type = text;
    });
    return type;
  }

  void read_projects(HeraldConfig& config) {
    const auto list = root_.find("projects");
    if (!list) return;
    std::vector<ConfigNode> entries;
    if (!problems_.attempt([&] { entries = list->items(); })) return;
    std::map<std::string, std::string> project_ids;
    for (const auto& entry : entries) {
      if (!entry.is_object()) {
        problems_.add(entry.path(), "expected a project object like {\"id\": ...}, got " + entry.describe());
        continue;
      }
      entry.collect_unknown_keys(kProjectKeys, problems_);
      auto id = read_id(entry, problems_);
      if (id) {
        const auto [it, inserted] = project_ids.emplace(*id, entry.child_path("id"));
        if (!inserted) {
          problems_.add(entry.child_path("id"), "duplicate project id '" + *id + "' (also used at " + it->second + ")");
          id.reset();
        }
      }
      ProjectConfig project{.id = id.value_or(""), .node = entry};
      problems_.attempt([&] { project.name = entry.get_string("name", project.id); });
      problems_.attempt([&] {
        if (const auto definitions = entry.find("definitions")) project.definitions = definitions->as_path();
      });
      read_imports(config, entry, project);
      read_project_channels(config, entry, project);
      if (id) config.projects.push_back(std::move(project));
    }
  }

  void read_imports(const HeraldConfig& config, const ConfigNode& entry, ProjectConfig& project) {
    const auto imports = entry.find("imports");
    if (!imports) return;
    std::vector<ConfigNode> items;
    if (!problems_.attempt([&] { items = imports->items(); })) return;
    for (const auto& item : items) {
      problems_.attempt([&] {
        const std::string source = item.as_string();
        require_instance(config, source, PluginKind::kSource, item);
        project.imports.push_back(source);
      });
    }
  }

  void read_project_channels(const HeraldConfig& config, const ConfigNode& entry, ProjectConfig& project) {
    const ConfigNode channels = entry.child_or_empty("channels");
    std::vector<ConfigNode> entries;
    if (!problems_.attempt([&] { entries = channels.entries(); })) return;
    static const std::vector<std::string> kTypeNames = channel_type_names();
    for (const auto& channel : entries) {
      const auto type = sdk::parse_channel_type(channel.key());
      if (!type) {
        problems_.add(channel.path(), unknown_key_message("channel type", channel.key(), kTypeNames));
        continue;
      }
      if (!channel.is_object()) {
        problems_.add(channel.path(), "expected an object like {\"use\": \"<channel id>\"}, got " + channel.describe());
        continue;
      }
      channel.collect_unknown_keys(kProjectChannelKeys, problems_);
      ProjectChannelConfig settings{.type = *type, .node = channel};
      problems_.attempt([&] {
        const ConfigNode use = channel.at("use");
        settings.use = use.as_string();
        require_instance(config, settings.use, PluginKind::kChannel, use);
      });
      problems_.attempt([&] { settings.from = channel.get_string("from", ""); });
      problems_.attempt([&] { settings.enabled = channel.get_bool("enabled", true); });
      project.channels.push_back(std::move(settings));
    }
  }

  // Checks that `id` names an instance of `kind`; instances whose entries were broken still count as
  // declared (their own problem is already reported), so one mistake is not reported twice.
  void require_instance(const HeraldConfig& config, const std::string& id, PluginKind kind, const ConfigNode& at) {
    const PluginInstanceConfig* instance = config.find_instance(id);
    if (instance && instance->kind == kind) return;
    if (!instance && instance_ids_.count(id)) return;
    std::vector<std::string> candidates;
    for (const auto& candidate : config.instances_of(kind)) candidates.push_back(candidate.id);
    std::string message = instance ? "'" + id + "' is a " + std::string(to_string(instance->kind)) +
                                         " instance, not a " + std::string(to_string(kind))
                                   : "no " + std::string(to_string(kind)) + " instance has id '" + id + "'";
    message += "; " + std::string(list_key(kind)) + " declares: " + join_list(candidates);
    std::string hint;
    if (auto match = closest_match(id, candidates)) hint = "Did you mean '" + *match + "'?";
    throw sdk::Error(at.path(), message, hint);
  }

  const ConfigNode& root_;
  ProblemList& problems_;
  std::map<std::string, std::string> instance_ids_;  // id -> path of its first declaration
};

}  // namespace

const ProjectChannelConfig* ProjectConfig::channel(sdk::ChannelType type) const noexcept {
  for (const auto& entry : channels)
    if (entry.type == type) return &entry;
  return nullptr;
}

HeraldConfig HeraldConfig::load(const std::filesystem::path& file) { return from_node(ConfigNode::load_file(file)); }

HeraldConfig HeraldConfig::from_node(const ConfigNode& root) {
  ProblemList problems;
  HeraldConfig config = from_node(root, problems);
  problems.throw_if_any(root.file_label());
  return config;
}

HeraldConfig HeraldConfig::from_node(const ConfigNode& root, ProblemList& problems) {
  return Parser(root, problems).run();
}

const std::vector<PluginInstanceConfig>& HeraldConfig::instances_of(PluginKind kind) const noexcept {
  switch (kind) {
    case PluginKind::kChannel: return channels;
    case PluginKind::kSource: return sources;
    case PluginKind::kSink: return sinks;
    case PluginKind::kScheduler: break;
  }
  return schedulers;
}

std::vector<const PluginInstanceConfig*> HeraldConfig::instances() const {
  std::vector<const PluginInstanceConfig*> out;
  for (PluginKind kind : kPluginKinds)
    for (const auto& instance : instances_of(kind)) out.push_back(&instance);
  return out;
}

const PluginInstanceConfig* HeraldConfig::find_instance(std::string_view id) const noexcept {
  for (PluginKind kind : kPluginKinds)
    for (const auto& instance : instances_of(kind))
      if (instance.id == id) return &instance;
  return nullptr;
}

const ProjectConfig* HeraldConfig::find_project(std::string_view id) const noexcept {
  for (const auto& project : projects)
    if (project.id == id) return &project;
  return nullptr;
}

}  // namespace herald::config
