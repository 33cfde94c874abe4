#include "store/pg_arrays.hpp"

#include <fmt/format.h>

namespace herald::store::detail {

namespace {
template <typename T, typename Format>
std::string join(const std::vector<T>& values, const std::vector<soci::indicator>* nulls, Format&& format) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    if (nulls != nullptr && (*nulls)[i] == soci::i_null)
      out += "NULL";
    else
      format(out, values[i]);
  }
  return out + "}";
}
}  // namespace

std::string pg_text_array(const std::vector<std::string>& values, const std::vector<soci::indicator>* nulls) {
  return join(values, nulls, [](std::string& out, const std::string& v) {
    out += '"';
    for (char c : v) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  });
}

std::string pg_int_array(const std::vector<long long>& values, const std::vector<soci::indicator>* nulls) {
  return join(values, nulls, [](std::string& out, long long v) { out += fmt::format("{}", v); });
}

std::string pg_int_array(const std::vector<int>& values) {
  return join(values, nullptr, [](std::string& out, int v) { out += fmt::format("{}", v); });
}

std::string pg_double_array(const std::vector<double>& values, const std::vector<soci::indicator>* nulls) {
  return join(values, nulls, [](std::string& out, double v) { out += fmt::format("{}", v); });
}

}  // namespace herald::store::detail
