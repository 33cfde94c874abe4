#include "templates/renderer.hpp"

#include <boost/container/small_vector.hpp>
#include <fmt/format.h>

#include "herald/sdk/error.hpp"

namespace herald::templates::detail {
namespace {

const Json* step(const Json& value, const ast::Segment& segment) {
  if (value.is_object()) {
    const auto it = value.find(segment.name);
    return it == value.end() ? nullptr : &*it;
  }
  if (value.is_array() && segment.index < value.size()) return &value[segment.index];
  return nullptr;
}

/// Mustache/Handlebars section falsiness (blockHelperMissing): missing, null, false, empty list.
bool section_falsy(const Json* value) {
  return value == nullptr || value->is_null() || (value->is_boolean() && !value->get<bool>()) ||
         (value->is_array() && value->empty());
}

}  // namespace

const Json* Renderer::lookup(const ast::Path& path, const Scope& scope) const {
  if (path.data) {
    const DataFrame* frame = scope.data;
    for (std::uint16_t d = 0; d < path.depth && frame != nullptr; ++d) frame = frame->parent;
    if (path.segments.empty()) return nullptr;
    const std::string& head = path.segments.front().name;
    const Json* value = nullptr;
    if (head == "root") value = &root_;
    else if (frame == nullptr) return nullptr;
    else if (head == "index") value = frame->index.is_null() ? nullptr : &frame->index;
    else if (head == "first") value = frame->first.is_null() ? nullptr : &frame->first;
    else if (head == "last") value = frame->last.is_null() ? nullptr : &frame->last;
    else if (head == "key") value = frame->key.is_null() ? nullptr : &frame->key;
    for (std::size_t i = 1; value != nullptr && i < path.segments.size(); ++i) value = step(*value, path.segments[i]);
    return value;
  }
  const Scope* base = &scope;
  for (std::uint16_t d = 0; d < path.depth && base->parent != nullptr; ++d) base = base->parent;
  if (path.segments.empty()) return base->context;
  const Json* value = step(*base->context, path.segments.front());
  if (value == nullptr && parent_lookup_ && !path.scoped) {
    for (const Scope* s = base->parent; s != nullptr && value == nullptr; s = s->parent) {
      value = step(*s->context, path.segments.front());
    }
  }
  for (std::size_t i = 1; value != nullptr && i < path.segments.size(); ++i) value = step(*value, path.segments[i]);
  return value;
}

Value Renderer::evaluate(const ast::Expression& expression, const Scope& scope) const {
  switch (expression.kind) {
    case ast::Expression::Kind::kLiteral: return Value(&expression.literal);
    case ast::Expression::Kind::kPath: return Value(lookup(expression.path, scope));
    case ast::Expression::Kind::kCall: return call_helper(*expression.call, scope, nullptr, nullptr, false);
  }
  return {};
}

Value Renderer::call_helper(const ast::Call& call, const Scope& scope, const ast::Program* program,
                            const ast::Program* inverse, bool is_block) const {
  boost::container::small_vector<Value, 6> params;
  for (const auto& p : call.params) params.push_back(evaluate(p, scope));
  HelperOptions options(*this, call, std::span<const Value>(params.data(), params.size()), scope, program, inverse,
                        is_block);
  options.name_ = call.name.original;
  try {
    return (*call.helper)(options);
  } catch (const sdk::Error& e) {
    if (!e.where().empty()) throw;  // already located (a nested block failed)
    throw sdk::Error(fmt::format("{}:{}:{}", name_, call.pos.line, call.pos.column),
                     fmt::format("{}: {}", call.name.original, e.message()), e.hint());
  } catch (const nlohmann::json::exception& e) {
    throw sdk::Error(fmt::format("{}:{}:{}", name_, call.pos.line, call.pos.column),
                     fmt::format("{}: {}", call.name.original, e.what()));
  }
}

void Renderer::render_with(const ast::Program& program, const Json& context, const Scope& scope,
                           const DataFrame* data) const {
  if (&context == scope.context && data == nullptr) {
    render(program, scope);
    return;
  }
  const Scope inner{&context, &scope, data != nullptr ? data : scope.data};
  render(program, inner);
}

void Renderer::render_interpolation(const ast::Node& node, const Scope& scope) const {
  const Escaping escaping = node.escape ? options_.escaping : Escaping::kNone;
  const std::size_t before = out_.size();
  if (node.call.helper != nullptr) {
    const Value result = call_helper(node.call, scope, nullptr, nullptr, false);
    append_text(out_, result.json(), escaping);
  } else if (const Json* value = lookup(node.call.name, scope); value != nullptr) {
    append_text(out_, *value, escaping);
  }
  if (out_.size() == before && options_.defaults != nullptr) {
    if (const std::string* text = options_.defaults->find(node.call.name.original)) append_escaped(out_, *text, escaping);
  }
}

void Renderer::render_block(const ast::Node& node, const Scope& scope) const {
  if (node.call.helper != nullptr) {
    const Value result = call_helper(node.call, scope, node.program.get(), node.inverse.get(), true);
    if (!result.missing()) append_text(out_, result.json(), Escaping::kNone);
    return;
  }
  const Json* value = lookup(node.call.name, scope);
  if (section_falsy(value)) {
    if (node.inverse) render(*node.inverse, scope);
    return;
  }
  if (!node.program) return;  // {{^x}} with a truthy x
  if (value->is_boolean()) {
    render(*node.program, scope);
  } else if (value->is_array()) {
    DataFrame frame{scope.data, {}, {}, {}, {}};
    const std::size_t n = value->size();
    for (std::size_t i = 0; i < n; ++i) {
      frame.index = i;
      frame.first = i == 0;
      frame.last = i + 1 == n;
      const Scope inner{&(*value)[i], &scope, &frame};
      render(*node.program, inner);
    }
  } else {
    render_with(*node.program, *value, scope, nullptr);
  }
}

void Renderer::render(const ast::Program& program, const Scope& scope) const {
  for (const ast::Node& node : program.nodes) {
    switch (node.kind) {
      case ast::Node::Kind::kText: out_.append(node.text); break;
      case ast::Node::Kind::kInterpolation: render_interpolation(node, scope); break;
      case ast::Node::Kind::kBlock: render_block(node, scope); break;
    }
  }
}

}  // namespace herald::templates::detail

namespace herald::templates {

const Value& HelperOptions::param(std::size_t i) const noexcept {
  static const Value kMissing;
  return i < params_.size() ? params_[i] : kMissing;
}

Value HelperOptions::hash(std::string_view key) const {
  for (const auto& arg : call_->hash) {
    if (arg.key == key) return renderer_->evaluate(arg.value, *scope_);
  }
  return {};
}

const Json& HelperOptions::context() const noexcept { return *scope_->context; }
Escaping HelperOptions::escaping() const noexcept { return renderer_->escaping(); }

void HelperOptions::fn(const Json& context) const {
  if (program_ != nullptr) renderer_->render_with(*program_, context, *scope_, nullptr);
}

void HelperOptions::fn(const Json& context, const IterationData& data) const {
  if (program_ == nullptr) return;
  detail::DataFrame frame{scope_->data, data.index, data.first, data.last, {}};
  if (data.key != nullptr) frame.key = *data.key;
  renderer_->render_with(*program_, context, *scope_, &frame);
}

void HelperOptions::inverse(const Json& context) const {
  if (inverse_ != nullptr) renderer_->render_with(*inverse_, context, *scope_, nullptr);
}

void HelperOptions::write(std::string_view text) const { renderer_->out().append(text); }

std::string Template::render(const Json& data, const RenderOptions& options) const {
  std::string out;
  render_to(out, data, options);
  return out;
}

void Template::render_to(std::string& out, const Json& data, const RenderOptions& options) const {
  if (!program_) return;
  const detail::Renderer renderer(out, data, options, name_, parent_lookup_);
  const detail::Scope root{&data, nullptr, nullptr};
  renderer.render(*program_, root);
}

}  // namespace herald::templates
