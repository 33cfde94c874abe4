#pragma once
/// PostgreSQL array literals for bulk writes: a whole column travels as ONE bound parameter
/// (`unnest(CAST(:col AS text[]), ...)`), so a batch is one round trip instead of one per row.
/// Values are still bound, never spliced into SQL text.
#include <string>
#include <vector>

#include <soci/soci.h>

namespace herald::store::detail {

/// `{"a","b\"c",NULL}`: every element double-quoted with `\` and `"` escaped; an element whose indicator
/// is i_null becomes NULL.
std::string pg_text_array(const std::vector<std::string>& values, const std::vector<soci::indicator>* nulls = nullptr);
/// `{1,2,NULL}` for integers.
std::string pg_int_array(const std::vector<long long>& values, const std::vector<soci::indicator>* nulls = nullptr);
std::string pg_int_array(const std::vector<int>& values);
/// `{1.5,-2,NULL}` for doubles, shortest text that reads back to the same double.
std::string pg_double_array(const std::vector<double>& values, const std::vector<soci::indicator>* nulls = nullptr);

}  // namespace herald::store::detail
