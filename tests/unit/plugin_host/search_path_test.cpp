#include "plugin_host/search_path.hpp"

#include <gtest/gtest.h>

namespace herald::plugin_host {
namespace {
namespace fs = std::filesystem;

TEST(SearchPath, EnvironmentFoldersComeFirstWithoutDuplicatesOrEmptyEntries) {
  EXPECT_EQ(make_search_path({"c", "a/"}, ":a::b:"), (std::vector<fs::path>{"a", "b", "c"}));
  EXPECT_EQ(make_search_path({"x", "./x", "y"}, ""), (std::vector<fs::path>{"x", "y"}));
  EXPECT_TRUE(make_search_path({}, "").empty());
  EXPECT_EQ(make_search_path({"/"}, "/opt/herald/plugins/"), (std::vector<fs::path>{"/opt/herald/plugins", "/"}));
}

TEST(SearchPath, EditDistance) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("smtp", "smpt"), 2u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
}

}  // namespace
}  // namespace herald::plugin_host
