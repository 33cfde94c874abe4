#pragma once
/// Errors of the configuration subsystem that report several problems at once (Fluent Bit's
/// config_map practice: validate everything, list every problem with its full config path).
#include <string>
#include <vector>

#include "herald/sdk/error.hpp"

namespace herald::config {

/// One mistake in a configuration file: the config path at fault ("channels[0].settings.url", "" for the
/// top level) and what is wrong, hint included ("required setting is missing").
struct ConfigProblem {
  std::string path;
  std::string message;

  friend bool operator==(const ConfigProblem&, const ConfigProblem&) = default;
};

/// Every problem found in one configuration file. `where()` is the file as the user named it;
/// `what()` is "<file>: <path>: <message>" for one problem, and for several:
/// "<file>: 3 problems:\n  <path>: <message>\n  <path>: <message>\n  <path>: <message>".
/// Never holds the value of a secret setting.
class ConfigError : public sdk::Error {
public:
  /// `problems` must not be empty (an empty list yields a message saying "no problems").
  ConfigError(std::string file, std::vector<ConfigProblem> problems);
  const std::vector<ConfigProblem>& problems() const noexcept { return problems_; }

private:
  std::vector<ConfigProblem> problems_;
};

/// Collects problems during a validation pass so that all of them are reported together.
class ProblemList {
public:
  void add(std::string path, std::string message);
  /// Records an Error thrown by a ConfigNode getter: path = where(), message = message() + ". " + hint().
  /// A ConfigError contributes each of its problems.
  void add(const sdk::Error& error);

  /// Runs `step`; if it throws herald::sdk::Error, records it and returns false. Other exceptions propagate.
  template <typename Step>
  bool attempt(Step&& step) {
    try {
      step();
      return true;
    } catch (const sdk::Error& error) {
      add(error);
      return false;
    }
  }

  bool empty() const noexcept { return problems_.empty(); }
  std::size_t size() const noexcept { return problems_.size(); }
  const std::vector<ConfigProblem>& items() const noexcept { return problems_; }
  /// Throws ConfigError(file, problems) when any problem was recorded.
  void throw_if_any(const std::string& file) const;

private:
  std::vector<ConfigProblem> problems_;
};

}  // namespace herald::config
