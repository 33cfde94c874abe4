// Built-in helpers: Handlebars' block helpers and Pinpoint's documented conditional and string helpers.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

#include <fmt/format.h>

#include "herald/sdk/error.hpp"
#include "templates/helpers.hpp"

namespace herald::templates {
namespace {

void require_params(const HelperOptions& o, std::size_t n) {
  if (o.params().size() != n) {
    throw sdk::Error("", fmt::format("expects {} argument{}, got {}", n, n == 1 ? "" : "s", o.params().size()));
  }
}

/// A one-element array (a Pinpoint attribute such as ["141"]) compares as its element.
const Json& scalar(const Json& v) { return v.is_array() && v.size() == 1 ? v.front() : v; }

std::optional<double> as_number(const Json& v) {
  if (v.is_number()) return v.get<double>();
  if (!v.is_string()) return std::nullopt;
  const auto& s = v.get_ref<const std::string&>();
  if (s.empty()) return std::nullopt;
  double d = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return d;
}

/// Equality: numbers (or numeric strings against numbers) numerically, otherwise JSON equality.
bool values_equal(const Json& a0, const Json& b0) {
  const Json& a = scalar(a0);
  const Json& b = scalar(b0);
  if (a.is_number() || b.is_number()) {
    const auto x = as_number(a);
    const auto y = as_number(b);
    if (x && y) return *x == *y;
  }
  return a == b;
}

/// Ordering: numerically when both sides are numbers or numeric strings, else by text.
int compare(const Json& a0, const Json& b0) {
  const Json& a = scalar(a0);
  const Json& b = scalar(b0);
  const auto x = as_number(a);
  const auto y = as_number(b);
  if (x && y) return *x < *y ? -1 : (*x > *y ? 1 : 0);
  const std::string sa = to_text(a);
  const std::string sb = to_text(b);
  return sa.compare(sb) < 0 ? -1 : (sa == sb ? 0 : 1);
}

/// Block form renders fn/inverse; inline form returns hash yes/no, or true/false.
Value decide(const HelperOptions& o, bool result) {
  if (o.is_block()) {
    if (result) o.fn(o.context());
    else o.inverse(o.context());
    return {};
  }
  Value chosen = o.hash(result ? "yes" : "no");
  if (!chosen.missing()) return chosen;
  return Value(Json(result));
}

Helper comparison(bool (*test)(const Json&, const Json&)) {
  return [test](const HelperOptions& o) {
    require_params(o, 2);
    return decide(o, test(o.param(0).json(), o.param(1).json()));
  };
}

std::string transform(const Json& value, int (*fn)(int)) {
  std::string s = to_text(value);
  for (char& c : s) c = static_cast<char>(fn(static_cast<unsigned char>(c)));
  return s;
}

bool is_empty_value(const Json& v) {
  return v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty()) || (v.is_array() && to_text(v).empty()) ||
         (v.is_boolean() && !v.get<bool>());
}

void register_block_helpers(HelperRegistry& r) {
  r.add("if", [](const HelperOptions& o) -> Value {
    if (o.params().size() != 1 && !(o.params().size() == 3 && !o.is_block())) require_params(o, 1);
    const bool truthy = is_truthy(o.param(0).json(), is_truthy(o.hash("includeZero").json()));
    if (!o.is_block()) return truthy ? o.param(1) : o.param(2);  // inline: {{if cond "a" "b"}}
    if (truthy) o.fn(o.context());
    else o.inverse(o.context());
    return {};
  });
  r.add("unless", [](const HelperOptions& o) -> Value {
    require_params(o, 1);
    if (!is_truthy(o.param(0).json(), is_truthy(o.hash("includeZero").json()))) o.fn(o.context());
    else o.inverse(o.context());
    return {};
  });
  r.add("each", [](const HelperOptions& o) -> Value {
    require_params(o, 1);
    const Json& items = o.param(0).json();
    std::size_t count = 0;
    if (items.is_array()) {
      const std::size_t n = items.size();
      for (; count < n; ++count) o.fn(items[count], IterationData{count, count == 0, count + 1 == n, nullptr});
    } else if (items.is_object()) {
      const std::size_t n = items.size();
      for (auto it = items.begin(); it != items.end(); ++it, ++count) {
        const std::string& key = it.key();
        o.fn(*it, IterationData{count, count == 0, count + 1 == n, &key});
      }
    }
    if (count == 0) o.inverse(o.context());
    return {};
  });
  r.add("with", [](const HelperOptions& o) -> Value {
    require_params(o, 1);
    const Json& value = o.param(0).json();
    if (is_truthy(value, true)) o.fn(value);
    else o.inverse(o.context());
    return {};
  });
  r.add("lookup", [](const HelperOptions& o) -> Value {
    require_params(o, 2);
    const Json& object = o.param(0).json();
    const Json& key = o.param(1).json();
    if (object.is_object()) {
      const auto it = object.find(to_text(key));
      return it == object.end() ? Value() : Value(&*it);
    }
    if (object.is_array()) {
      const auto index = as_number(key);
      if (index && *index >= 0 && static_cast<std::size_t>(*index) < object.size()) {
        return Value(&object[static_cast<std::size_t>(*index)]);
      }
    }
    return {};
  });
}

void register_conditionals(HelperRegistry& r) {
  r.add("eq", comparison([](const Json& a, const Json& b) { return values_equal(a, b); }));
  r.add("neq", comparison([](const Json& a, const Json& b) { return !values_equal(a, b); }));
  r.add("gt", comparison([](const Json& a, const Json& b) { return compare(a, b) > 0; }));
  r.add("gte", comparison([](const Json& a, const Json& b) { return compare(a, b) >= 0; }));
  r.add("lt", comparison([](const Json& a, const Json& b) { return compare(a, b) < 0; }));
  r.add("lte", comparison([](const Json& a, const Json& b) { return compare(a, b) <= 0; }));
  r.add("and", [](const HelperOptions& o) {
    if (o.params().empty()) require_params(o, 2);
    const auto p = o.params();
    return decide(o, std::all_of(p.begin(), p.end(), [](const Value& v) { return is_truthy(v.json()); }));
  });
  r.add("or", [](const HelperOptions& o) {
    if (o.params().empty()) require_params(o, 2);
    const auto p = o.params();
    return decide(o, std::any_of(p.begin(), p.end(), [](const Value& v) { return is_truthy(v.json()); }));
  });
  r.add("not", [](const HelperOptions& o) {
    require_params(o, 1);
    return decide(o, !is_truthy(o.param(0).json()));
  });
}

void register_strings(HelperRegistry& r) {
  r.add("upper", [](const HelperOptions& o) {
    require_params(o, 1);
    return Value(Json(transform(o.param(0).json(), [](int c) { return std::toupper(c); })));
  });
  r.add("lower", [](const HelperOptions& o) {
    require_params(o, 1);
    return Value(Json(transform(o.param(0).json(), [](int c) { return std::tolower(c); })));
  });
  r.add("capitalize", [](const HelperOptions& o) {  // every word; fully=true lower-cases the rest
    require_params(o, 1);
    const bool fully = is_truthy(o.hash("fully").json());
    std::string s = to_text(o.param(0).json());
    bool start = true;
    for (char& c : s) {
      const auto u = static_cast<unsigned char>(c);
      if (std::isspace(u) != 0) {
        start = true;
        continue;
      }
      c = static_cast<char>(start ? std::toupper(u) : (fully ? std::tolower(u) : u));
      start = false;
    }
    return Value(Json(std::move(s)));
  });
  r.add("capitalizeFirst", [](const HelperOptions& o) {
    require_params(o, 1);
    std::string s = to_text(o.param(0).json());
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return Value(Json(std::move(s)));
  });
  r.add("join", [](const HelperOptions& o) {  // {{join list ", "}} or {{join a b c " - "}}; prefix=, suffix=
    const auto p = o.params();
    if (p.empty()) throw sdk::Error("", "expects the values to join and a separator");
    std::string separator = ",";
    std::size_t n = p.size();
    if (n >= 2 && p[n - 1].json().is_string()) separator = p[--n].json().get<std::string>();
    std::string out = to_text(o.hash("prefix").json());
    bool first = true;
    auto add = [&](const Json& v) {
      if (!first) out += separator;
      first = false;
      out += to_text(v);
    };
    for (std::size_t i = 0; i < n; ++i) {
      const Json& v = p[i].json();
      if (v.is_array()) {
        for (const auto& item : v) add(item);
      } else {
        add(v);
      }
    }
    out += to_text(o.hash("suffix").json());
    return Value(Json(std::move(out)));
  });
  const Helper default_if_empty = [](const HelperOptions& o) {
    require_params(o, 2);
    return is_empty_value(o.param(0).json()) ? o.param(1) : o.param(0);
  };
  r.add("defaultIfEmpty", default_if_empty);
  r.add("default", default_if_empty);
}

}  // namespace

void register_builtin_helpers(HelperRegistry& registry) {
  register_block_helpers(registry);
  register_conditionals(registry);
  register_strings(registry);
}

}  // namespace herald::templates
