#pragma once
/// `herald plugins list` and `herald plugins describe TYPE`.
#include <filesystem>
#include <string>
#include <vector>

namespace herald::runner {

/// Prints every plugin found on the search path with its types; load failures are listed, not fatal.
int plugins_list(const std::vector<std::filesystem::path>& search_path);
/// Prints one type's description and settings table (from its schema).
int plugins_describe(const std::vector<std::filesystem::path>& search_path, const std::string& type);

}  // namespace herald::runner
