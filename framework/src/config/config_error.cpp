#include "config/config_error.hpp"

namespace herald::config {
namespace {
std::string line_for(const ConfigProblem& problem) {
  return (problem.path.empty() ? std::string("(top level)") : problem.path) + ": " + problem.message;
}

std::string compose(const std::vector<ConfigProblem>& problems) {
  if (problems.empty()) return "no problems";
  if (problems.size() == 1) return line_for(problems.front());
  std::string text = std::to_string(problems.size()) + " problems:";
  for (const auto& problem : problems) text += "\n  " + line_for(problem);
  return text;
}
}  // namespace

ConfigError::ConfigError(std::string file, std::vector<ConfigProblem> problems)
    : sdk::Error(std::move(file), compose(problems)), problems_(std::move(problems)) {}

void ProblemList::add(std::string path, std::string message) {
  problems_.push_back({std::move(path), std::move(message)});
}

void ProblemList::add(const sdk::Error& error) {
  if (const auto* config_error = dynamic_cast<const ConfigError*>(&error)) {
    for (const auto& problem : config_error->problems()) problems_.push_back(problem);
    return;
  }
  std::string message = error.message();
  if (!error.hint().empty()) message += ". " + error.hint();
  problems_.push_back({error.where(), std::move(message)});
}

void ProblemList::throw_if_any(const std::string& file) const {
  if (!problems_.empty()) throw ConfigError(file, problems_);
}

}  // namespace herald::config
