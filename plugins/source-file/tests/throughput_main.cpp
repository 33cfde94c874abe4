// Measures the source/file reader: source_file_throughput <file> [csv|json] prints records, bad
// records, wall and CPU seconds, records per (CPU) second and peak RSS. Not a test; see the plugin README.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "file_source.hpp"

int main(int argc, char** argv) {
  using namespace herald::source_file;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <file> [csv|json]\n", argv[0]);
    return 2;
  }
  FileSourceOptions options;
  options.path = argv[1];
  options.gzip = options.path.extension() == ".gz";
  const auto detected = format_from_name(options.path);
  options.format = argc > 2 ? (std::string(argv[2]) == "json" ? FileFormat::kJson : FileFormat::kCsv)
                            : detected.value_or(FileFormat::kCsv);
  const auto start = std::chrono::steady_clock::now();
  auto reader = open_file_reader(options);
  herald::sdk::SourceItem item;
  std::size_t good = 0, bad = 0;
  while (reader->next(item)) ++(item.ok ? good : bad);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto cpu = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  const double cpu_seconds = cpu(usage.ru_utime) + cpu(usage.ru_stime);
  // rows per CPU second is the figure to compare on a busy machine (wall time includes waiting for a core).
  std::printf("records %zu bad %zu wall_s %.3f rows/s %.0f cpu_s %.3f rows/cpu_s %.0f peak_rss_mb %.1f\n", good, bad,
              seconds, static_cast<double>(good + bad) / seconds, cpu_seconds,
              static_cast<double>(good + bad) / cpu_seconds, static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}
