// Measures channel/outbox alone: messages per second for eml and ndjson, including flush().
// Usage: channel_outbox_throughput [messages=100000] [folder=$TMPDIR/herald-outbox-bench]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "herald/sdk/mime.hpp"
#include "outbox_channel.hpp"
#include "test_context.hpp"

using namespace herald;

namespace {
/// User + system CPU seconds of this process so far.
double cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}
}  // namespace

int main(int argc, char** argv) {
  const int count = argc > 1 ? std::atoi(argv[1]) : 100000;
  const std::filesystem::path root = argc > 2 ? argv[2] : std::filesystem::temp_directory_path() / "herald-outbox-bench";
  std::vector<sdk::Message> messages(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    auto& m = messages[static_cast<std::size_t>(i)];
    m.id = "0b7c6f1e-" + std::to_string(1000000 + i);
    m.project_id = "shop";
    m.endpoint_id = "endpoint-" + std::to_string(i);
    m.address = "user" + std::to_string(i) + "@example.org";
    m.from = "Shop <news@example.com>";
    m.subject = "Your weekly offers, user " + std::to_string(i);
    m.text_body = "Hello user " + std::to_string(i) + ",\nhere are this week's offers.\nSee you soon.\n";
    m.html_body = "<html><body><h1>Hello user " + std::to_string(i) + "</h1><p>Here are this week's offers.</p></body></html>";
    m.context = {{"campaign_id", "c1"}, {"treatment_id", "0"}};
  }
  {  // the MIME writer alone, to separate its cost from the file system's
    const double cpu_start = cpu_seconds();
    std::size_t bytes = 0;
    for (const auto& m : messages) bytes += sdk::build_mime_message(m, {.date = {}, .domain = {}}).data.size();
    const double cpu = cpu_seconds() - cpu_start;
    std::printf("mime   %d messages (%zu bytes) built in %.3f s CPU = %.0f msgs per CPU-second\n", count, bytes, cpu, count / cpu);
  }
  for (const char* format : {"eml", "ndjson"}) {
    std::filesystem::remove_all(root);
    testkit::TestContext context(root);
    const auto factory = channel_outbox::outbox_factory();
    auto channel = factory.create(
        testkit::settings_with_defaults(factory.schema, {{"path", root.string()}, {"format", std::string(format)}}), context);
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = cpu_seconds();
    std::size_t ok = 0;
    for (std::size_t i = 0; i < messages.size(); i += channel->max_batch_size()) {
      const auto n = std::min(channel->max_batch_size(), messages.size() - i);
      for (const auto& r : channel->send(std::span(messages).subspan(i, n))) ok += r.status == sdk::DeliveryStatus::kSuccessful;
    }
    channel->flush();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = cpu_seconds() - cpu_start;
    std::printf("%-6s %d messages (%zu ok) in %.3f s wall = %.0f msgs/s; %.3f s CPU = %.0f msgs per CPU-second\n", format,
                count, ok, seconds, count / seconds, cpu, count / cpu);
  }
  {  // eml from two sender threads (the kernel owns concurrency; eml sends do not serialize)
    std::filesystem::remove_all(root);
    testkit::TestContext context(root);
    const auto factory = channel_outbox::outbox_factory();
    auto channel = factory.create(testkit::settings_with_defaults(factory.schema, {{"path", root.string()}}), context);
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = cpu_seconds();
    const auto half = messages.size() / 2;
    std::thread other([&] { (void)channel->send(std::span(messages).subspan(half)); });
    (void)channel->send(std::span(messages).subspan(0, half));
    other.join();
    channel->flush();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("eml x2 %d messages in %.3f s wall = %.0f msgs/s; %.3f s CPU\n", count, seconds, count / seconds,
                cpu_seconds() - cpu_start);
  }
  std::filesystem::remove_all(root);
  return 0;
}
