// The source/file factory: settings, format detection, opening errors.
#include "file_source.hpp"

#include <gtest/gtest.h>

#include "herald/sdk/error.hpp"
#include "test_files.hpp"

namespace herald::source_file {
namespace {

using testing::read_all;
using testing::TempDir;

sdk::Settings settings(const std::string& path, const std::string& format = "auto", const std::string& quotes = "strict") {
  return sdk::Settings({{"path", path}, {"format", format}, {"quotes", quotes}});
}

TEST(FileFormat, FromName) {
  EXPECT_EQ(format_from_name("a/b.csv"), FileFormat::kCsv);
  EXPECT_EQ(format_from_name("b.CSV.GZ"), FileFormat::kCsv);
  EXPECT_EQ(format_from_name("b.json"), FileFormat::kJson);
  EXPECT_EQ(format_from_name("b.ndjson.gz"), FileFormat::kJson);
  EXPECT_EQ(format_from_name("b.jsonl"), FileFormat::kJson);
  EXPECT_EQ(format_from_name("b.txt"), std::nullopt);
  EXPECT_EQ(format_from_name("b.gz"), std::nullopt);
  EXPECT_EQ(format_from_name("csv"), std::nullopt);
}

TEST(FileSourceFactory, SchemaDeclaresTheSettings) {
  const auto factory = file_source_factory();
  EXPECT_EQ(factory.type, "source/file");
  ASSERT_NE(factory.schema.find("path"), nullptr);
  EXPECT_TRUE(factory.schema.find("path")->required);
  EXPECT_EQ(factory.schema.find("path")->type, sdk::SettingType::kPath);
  ASSERT_NE(factory.schema.find("format"), nullptr);
  EXPECT_EQ(factory.schema.find("format")->allowed, (std::vector<std::string>{"auto", "csv", "json"}));
  EXPECT_EQ(std::get<std::string>(*factory.schema.find("format")->default_value), "auto");
  ASSERT_NE(factory.schema.find("quotes"), nullptr);
}

TEST(FileSourceFactory, OptionsFromSettings) {
  auto o = file_source_options(settings("/d/x.ndjson.gz"));
  EXPECT_EQ(o.format, FileFormat::kJson);
  EXPECT_TRUE(o.gzip);
  EXPECT_TRUE(o.csv.strict_quotes);
  o = file_source_options(settings("/d/export.txt", "csv", "lenient"));
  EXPECT_EQ(o.format, FileFormat::kCsv);
  EXPECT_FALSE(o.gzip);
  EXPECT_FALSE(o.csv.strict_quotes);
  try {
    file_source_options(settings("/d/export.txt"));
    FAIL() << "no error";
  } catch (const sdk::Error& e) {
    EXPECT_EQ(e.where(), "format");
    EXPECT_EQ(e.message(), "cannot tell the format of 'export.txt' from its name");
  }
}

TEST(FileSource, MissingFolderOrEmptyFileThrowsNamingTheFile) {
  TempDir dir;
  FileSource missing(file_source_options(settings((dir / "nope.csv").string())));
  try {
    missing.open();
    FAIL() << "no error";
  } catch (const sdk::Error& e) {
    EXPECT_EQ(e.where(), (dir / "nope.csv").string());
    EXPECT_EQ(e.message(), "the file does not exist");
  }
  std::filesystem::create_directories(dir / "folder.csv");
  EXPECT_THROW(FileSource(file_source_options(settings((dir / "folder.csv").string()))).open(), sdk::Error);
  testing::write_bytes(dir / "empty.csv", "");
  try {
    FileSource(file_source_options(settings((dir / "empty.csv").string()))).open();
    FAIL() << "no error";
  } catch (const sdk::Error& e) {
    EXPECT_EQ(e.where(), (dir / "empty.csv").string());
    EXPECT_EQ(e.message(), "the file is empty");
  }
}

TEST(FileSource, EachOpenReadsFromTheBeginning) {
  TempDir dir;
  testing::write_bytes(dir / "a.csv", "Id,User.UserId\n1,u1\n2,u2\n");
  FileSource source(file_source_options(settings((dir / "a.csv").string())));
  EXPECT_EQ(source.describe(), "file " + (dir / "a.csv").string() + " (CSV)");
  auto first = source.open();
  auto second = source.open();
  EXPECT_EQ(read_all(*first).size(), 2u);
  EXPECT_EQ(read_all(*second).size(), 2u);
}

TEST(FileSource, ExplicitFormatAndGzip) {
  TempDir dir;
  testing::write_gzip(dir / "export.gz", "{\"Id\":\"e1\",\"ChannelType\":\"EMAIL\",\"Address\":\"a@example.com\"}\n");
  FileSource source(file_source_options(settings((dir / "export.gz").string(), "json")));
  auto reader = source.open();
  const auto items = read_all(*reader);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].endpoint.id, "e1");
}

TEST(FileSource, CorruptGzipThrowsNamingTheFile) {
  TempDir dir;
  std::string bytes;
  for (int i = 0; i < 20000; ++i) bytes += "EMAIL," + std::to_string(i) + ",user" + std::to_string(i) + "@example.com\n";
  testing::write_gzip(dir / "big.csv.gz", "ChannelType,Id,Address\n" + bytes);
  std::string gz = testing::read_bytes(dir / "big.csv.gz");
  gz.resize(gz.size() / 2);  // truncated download
  testing::write_bytes(dir / "cut.csv.gz", gz);
  FileSource source(file_source_options(settings((dir / "cut.csv.gz").string())));
  try {
    auto reader = source.open();
    read_all(*reader);
    FAIL() << "no error";
  } catch (const sdk::Error& e) {
    EXPECT_EQ(e.where(), (dir / "cut.csv.gz").string());
  }
}

}  // namespace
}  // namespace herald::source_file
