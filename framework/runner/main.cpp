// herald: the config-driven standalone runner. A thin shell over herald::Kernel.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <boost/dll/runtime_symbol_info.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "herald/kernel.hpp"
#include "plugins_command.hpp"
#include "progress.hpp"
#include "summary.hpp"

namespace {

enum ExitCode { kOk = 0, kFailed = 1, kUsage = 2, kInvalidConfig = 3, kDeliveryFailures = 4 };

/// The plugin folder next to the executable: <prefix>/bin/herald -> <prefix>/lib/herald/plugins.
std::filesystem::path bundled_plugin_dir() {
  const std::filesystem::path exe = boost::dll::program_location().string();
  return exe.parent_path().parent_path() / "lib" / "herald" / "plugins";
}

/// One line, no stack of exceptions: "herald: <reason>".
int fail(const std::exception& e, int code) {
  std::fflush(stdout);
  fmt::print(stderr, "herald: {}\n", e.what());
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Herald: customer engagement (endpoints, segments, campaigns) driven by one config file"};
  app.set_version_flag("--version", std::string("herald ") + HERALD_VERSION);
  app.require_subcommand(1);
  std::string log_level = "warn";
  std::vector<std::string> plugin_paths;
  bool quiet = false;
  app.add_option("--log-level", log_level, "stderr log level")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  app.add_option("--plugin-path", plugin_paths, "extra folder searched for plugins (repeatable)");
  app.add_flag("-q,--quiet", quiet, "no progress display");

  std::string config;
  auto* run = app.add_subcommand("run", "import sources, load definitions, run due campaigns, print a summary");
  run->add_option("config", config, "configuration file (.json, .info, .xml)")->required()->check(CLI::ExistingFile);
  auto* validate = app.add_subcommand("validate", "check a configuration and every plugin instance's settings");
  validate->add_option("config", config, "configuration file")->required()->check(CLI::ExistingFile);
  std::string project, source;
  auto* import = app.add_subcommand("import", "import endpoints from a configured source into a project");
  import->add_option("config", config, "configuration file")->required()->check(CLI::ExistingFile);
  import->add_option("--project", project, "project id (default: every project listing the source in imports)");
  import->add_option("--source", source, "source instance id (default: each project's imports)");
  auto* plugins = app.add_subcommand("plugins", "inspect available plugins");
  plugins->require_subcommand(1);
  auto* list = plugins->add_subcommand("list", "list plugins on the search path and the types they provide");
  std::string type;
  auto* describe = plugins->add_subcommand("describe", "show a plugin type's settings");
  describe->add_option("type", type, "plugin type, e.g. channel/email-smtp")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kOk : kUsage;
  }

  herald::KernelOptions options;
  options.log_level = log_level;
  for (const auto& p : plugin_paths) options.plugin_paths.emplace_back(p);
  options.plugin_paths.push_back(bundled_plugin_dir());
  herald::runner::ProgressDisplay progress(!quiet);
  options.progress = [&progress](const herald::Progress& p) { progress.update(p); };

  try {
    if (*list || *describe) {
      std::vector<std::filesystem::path> search = options.plugin_paths;
      return *list ? herald::runner::plugins_list(search) : herald::runner::plugins_describe(search, type);
    }
    if (*validate) {
      try {
        const auto count = herald::Kernel::validate(config, options);
        fmt::print("{}: valid ({} plugin instances)\n", config, count);
        return kOk;
      } catch (const herald::Error& e) {
        return fail(e, kInvalidConfig);
      }
    }
    std::unique_ptr<herald::Kernel> kernel;
    try {
      kernel = herald::Kernel::open(config, options);
    } catch (const herald::Error& e) {
      return fail(e, kInvalidConfig);
    }
    if (*import) {
      const auto ids = kernel->project_ids();
      if (!project.empty() && std::find(ids.begin(), ids.end(), project) == ids.end())
        throw herald::Error("--project " + project, "no such project in " + config);
      bool any = false;
      for (const auto& project_id : ids) {
        if (!project.empty() && project_id != project) continue;
        // Without --source, each project's configured imports; with it, that source into the project.
        const auto summaries = source.empty() ? kernel->run_imports(project_id)
                                              : std::vector<herald::ImportSummary>{kernel->import(project_id, source)};
        for (const auto& s : summaries) {
          progress.finish();
          std::cout << herald::runner::format_import(s);
          any = true;
        }
      }
      if (!any) throw herald::Error("import", "nothing was imported", "Name a --project and --source from the config");
      return kOk;
    }
    const auto report = kernel->run();
    progress.finish();
    std::cout << herald::runner::format_report(report);
    for (const auto& c : report.campaigns)
      if (c.state == "FAILED") return kFailed;
    for (const auto& c : report.campaigns)
      if (c.state != "COMPLETED" && !c.error.empty()) {  // failed in this process (e.g. the store), retried later
        fmt::print(stderr, "herald: campaign {}: not finished: {}\n", c.campaign_name,
                   herald::runner::one_line(c.error));
        return kFailed;
      }
    for (const auto& c : report.campaigns)
      if (c.failed > 0) {
        fmt::print(stderr, "herald: campaign {}: {} of {} messages failed (see the summary)\n", c.campaign_name,
                   c.failed, c.targeted);
        return kDeliveryFailures;
      }
    return kOk;
  } catch (const std::exception& e) {
    progress.finish();
    return fail(e, kFailed);
  }
}
