#include "templates/engine.hpp"

#include "templates/ast.hpp"
#include "templates/parser.hpp"

namespace herald::templates {

Engine::Engine(EngineOptions options) : options_(options) { register_builtin_helpers(helpers_); }

Template Engine::compile(std::string_view source, std::string name) const {
  std::shared_ptr<const ast::Program> program = detail::parse(source, name, helpers_);
  return Template(std::move(name), std::move(program), options_.parent_context_lookup);
}

void HelperRegistry::add(std::string name, Helper helper) {
  helpers_.insert_or_assign(std::move(name), std::make_shared<const Helper>(std::move(helper)));
}

std::shared_ptr<const Helper> HelperRegistry::find(std::string_view name) const {
  const auto it = helpers_.find(name);
  return it == helpers_.end() ? nullptr : it->second;
}

std::vector<std::string> HelperRegistry::names() const {
  std::vector<std::string> names;
  names.reserve(helpers_.size());
  for (const auto& entry : helpers_) names.push_back(entry.first);
  return names;
}

}  // namespace herald::templates
