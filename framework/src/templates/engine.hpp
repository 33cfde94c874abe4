#pragma once
/// The template engine: a Handlebars-compatible compiler with its own helper registry.
#include <string>
#include <string_view>

#include "templates/helpers.hpp"
#include "templates/template.hpp"

namespace herald::templates {

/// Engine-wide choices, fixed into each compiled Template.
struct EngineOptions {
  /// When a name is not found in the current context, look it up in the enclosing contexts
  /// (Mustache and Handlebars.java — the engine behind Pinpoint — do; Handlebars.js only with
  /// `compat`). Paths written with `this.`, `./` or `../` never walk up.
  bool parent_context_lookup = true;
};

/// Compiles templates. Each Engine has its own helpers (built-ins registered at construction);
/// helpers are resolved when a template is compiled, so register custom helpers first.
class Engine {
public:
  explicit Engine(EngineOptions options = {});

  /// Adds or replaces a helper (see helpers.hpp for the calling convention).
  void register_helper(std::string name, Helper helper) { helpers_.add(std::move(name), std::move(helper)); }
  const HelperRegistry& helpers() const noexcept { return helpers_; }

  /// Parses `source`. `name` is used in error messages ("welcome.html:3:14: unclosed {{#if}} opened
  /// at 2:1"). Throws herald::sdk::Error for syntax errors, unknown helpers, unsupported tags
  /// (partials, delimiter changes).
  Template compile(std::string_view source, std::string name = "template") const;

private:
  EngineOptions options_;
  HelperRegistry helpers_;
};

}  // namespace herald::templates
