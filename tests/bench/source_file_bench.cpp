// The source/file reader alone, in-process (no store): Google Benchmark over the quickstart data
// scaled up exactly like bench_quickstart.py's generate() (rows of samples/quickstart/
// churn-endpoints-import.csv cycled, Id = row number, Address = user<n>@example.com; 9 attributes per
// row), read through the real herald_source_file_core (CsvReader + PinpointColumns) as the import does.
// Reports rows per CPU second ("items_per_second", process CPU time: robust on a shared machine). Usage: source_file_bench [--benchmark_filter=...]; the generated
// files live in a temp folder removed at exit.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <sstream>

#include <zlib.h>

#include "csv_reader.hpp"
#include "file_source.hpp"

namespace {

namespace fs = std::filesystem;
using herald::source_file::CsvReader;
using herald::source_file::CsvRecord;
using herald::source_file::FileFormat;
using herald::source_file::FileSourceOptions;

/// A CSV field as Python's csv.writer writes it (quoted only when needed).
void write_field(std::ostream& out, const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) {
    out << field;
    return;
  }
  out << '"';
  for (const char c : field) {
    if (c == '"') out << '"';
    out << c;
  }
  out << '"';
}

/// Writes `count` generated endpoint rows (plus the header) to `out`.
void generate(std::ostream& out, std::size_t count) {
  std::ifstream sample(fs::path(HERALD_SAMPLES_DIR) / "quickstart" / "churn-endpoints-import.csv", std::ios::binary);
  if (!sample) throw std::runtime_error("cannot open the quickstart sample CSV");
  CsvReader reader(sample, "churn-endpoints-import.csv");
  CsvRecord record;
  if (!reader.next(record)) throw std::runtime_error("the quickstart sample CSV is empty");
  const std::vector<std::string> header = record.fields;
  std::vector<std::vector<std::string>> rows;
  while (reader.next(record))
    if (record.error.empty()) rows.push_back(record.fields);
  std::size_t id_col = header.size(), addr_col = header.size();
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == "Id") id_col = i;
    if (header[i] == "Address") addr_col = i;
  }
  if (id_col == header.size() || addr_col == header.size() || rows.empty())
    throw std::runtime_error("the quickstart sample CSV has no Id/Address column or no rows");
  const auto write_row = [&out](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) out << ',';
      write_field(out, row[i]);
    }
    out << '\n';
  };
  write_row(header);
  for (std::size_t i = 0; i < count; ++i) {
    auto row = rows[i % rows.size()];
    row[id_col] = std::to_string(i + 1);
    std::string& address = row[addr_col];
    address.assign("user");
    address.append(std::to_string(i + 1));
    address.append("@example.com");
    write_row(row);
  }
}

/// The generated files, made once per process and per row count.
class Data {
public:
  static Data& instance() {
    static Data data;
    return data;
  }
  fs::path csv(std::size_t count, bool gzip) {
    std::string name = "endpoints-";  // appends, not "a" + to_string(): g++ 12 -Wrestrict false positive
    name += std::to_string(count);
    name += gzip ? ".csv.gz" : ".csv";
    const fs::path path = folder_ / name;
    if (fs::exists(path)) return path;
    if (gzip) {  // zlib directly: Boost's gzip_compressor header trips g++ 12's -Wrestrict
      std::ostringstream text;
      generate(text, count);
      const std::string bytes = text.str();
      gzFile out = gzopen(path.c_str(), "wb");
      if (!out || gzwrite(out, bytes.data(), static_cast<unsigned>(bytes.size())) != static_cast<int>(bytes.size()) ||
          gzclose(out) != Z_OK)
        throw std::runtime_error("cannot write " + path.string());
    } else {
      std::ofstream out(path, std::ios::binary);
      generate(out, count);
    }
    return path;
  }
  ~Data() {
    std::error_code ignored;
    fs::remove_all(folder_, ignored);
  }

private:
  Data() {
    std::random_device rd;
    std::string name = "herald-source-file-bench-";
    name += std::to_string(rd());
    folder_ = fs::temp_directory_path() / name;
    fs::create_directories(folder_);
  }
  fs::path folder_;
};

/// Reads the whole file each iteration, as the import's reader thread does (one reused SourceItem).
void read_file(benchmark::State& state, bool gzip) {
  const auto count = static_cast<std::size_t>(state.range(0));
  FileSourceOptions options;
  options.path = Data::instance().csv(count, gzip);
  options.format = FileFormat::kCsv;
  options.gzip = gzip;
  std::size_t rows = 0;
  for (auto _ : state) {
    auto reader = herald::source_file::open_file_reader(options);
    herald::sdk::SourceItem item;
    std::size_t good = 0;
    while (reader->next(item)) good += item.ok ? 1 : 0;
    if (good != count) {
      state.SkipWithError("not every generated row was read as a good endpoint");
      return;
    }
    benchmark::DoNotOptimize(item);
    rows += good;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(rows));
  state.counters["rows_per_s"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}

void BM_ReadCsv(benchmark::State& state) { read_file(state, false); }
void BM_ReadCsvGz(benchmark::State& state) { read_file(state, true); }

}  // namespace

BENCHMARK(BM_ReadCsv)->Arg(100'000)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_ReadCsvGz)->Arg(100'000)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

BENCHMARK_MAIN();
