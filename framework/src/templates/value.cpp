#include "templates/value.hpp"

#include <cmath>

#include <fmt/format.h>

namespace herald::templates {

const Json& Value::null_json() noexcept {
  static const Json kNull;
  return kNull;
}

bool is_truthy(const Json& value, bool include_zero) noexcept {
  switch (value.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded: return false;
    case Json::value_t::boolean: return value.get<bool>();
    case Json::value_t::string: return !value.get_ref<const std::string&>().empty();
    case Json::value_t::array: return !value.empty();
    case Json::value_t::number_integer: return include_zero || value.get<std::int64_t>() != 0;
    case Json::value_t::number_unsigned: return include_zero || value.get<std::uint64_t>() != 0;
    case Json::value_t::number_float: {
      const double d = value.get<double>();
      if (std::isnan(d)) return false;
      return include_zero || d != 0.0;
    }
    default: return true;
  }
}

void append_escaped(std::string& out, std::string_view text, Escaping escaping) {
  if (escaping == Escaping::kNone) {
    out.append(text);
    return;
  }
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char* entity = nullptr;
    switch (text[i]) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '"': entity = "&quot;"; break;
      case '\'': entity = "&#x27;"; break;
      case '`': entity = "&#x60;"; break;
      case '=': entity = "&#x3D;"; break;
      default: continue;
    }
    out.append(text.substr(start, i - start));
    out.append(entity);
    start = i + 1;
  }
  out.append(text.substr(start));
}

namespace {

void append_number(std::string& out, double d) {
  if (std::isnan(d)) {
    out.append("NaN");
  } else if (std::isinf(d)) {
    out.append(d > 0 ? "Infinity" : "-Infinity");
  } else if (d == std::trunc(d) && std::fabs(d) < 1e21) {
    fmt::format_to(std::back_inserter(out), "{:.0f}", d);  // JavaScript prints 3.0 as "3"
  } else {
    fmt::format_to(std::back_inserter(out), "{}", d);  // shortest round-trip form
  }
}

void append_plain(std::string& out, const Json& value) {
  switch (value.type()) {
    case Json::value_t::string: out.append(value.get_ref<const std::string&>()); break;
    case Json::value_t::boolean: out.append(value.get<bool>() ? "true" : "false"); break;
    case Json::value_t::number_integer: fmt::format_to(std::back_inserter(out), "{}", value.get<std::int64_t>()); break;
    case Json::value_t::number_unsigned: fmt::format_to(std::back_inserter(out), "{}", value.get<std::uint64_t>()); break;
    case Json::value_t::number_float: append_number(out, value.get<double>()); break;
    case Json::value_t::array: {
      bool first = true;
      for (const auto& item : value) {
        if (!first) out.push_back(',');
        first = false;
        if (!item.is_null()) append_plain(out, item);
      }
      break;
    }
    case Json::value_t::object: out.append("[object Object]"); break;
    default: break;
  }
}

}  // namespace

void append_text(std::string& out, const Json& value, Escaping escaping) {
  if (value.is_string()) {
    append_escaped(out, value.get_ref<const std::string&>(), escaping);
    return;
  }
  if (escaping == Escaping::kNone || value.is_number() || value.is_boolean() || value.is_null()) {
    append_plain(out, value);
    return;
  }
  std::string text;
  append_plain(text, value);
  append_escaped(out, text, escaping);
}

std::string to_text(const Json& value) {
  std::string out;
  append_plain(out, value);
  return out;
}

}  // namespace herald::templates
