#include "plugin_host/adapters.hpp"

#include <fmt/format.h>

#include "plugin_host/plugin_call.hpp"

namespace herald::plugin_host {
namespace {

/// Members shared by every wrapper. `library_` is declared before `inner_`, so `inner_` (whose
/// destructor and vtable live in the library) is destroyed first.
template <typename T>
class Wrapped {
public:
  Wrapped(std::unique_ptr<T> inner, LibraryRef library, std::string label)
      : library_(std::move(library)), inner_(std::move(inner)), label_(std::move(label)) {}

protected:
  template <typename Fn>
  decltype(auto) call(Fn&& fn) const {
    return call_plugin(label_, [&]() -> decltype(auto) { return fn(*inner_); });
  }

  LibraryRef library_;
  std::unique_ptr<T> inner_;
  std::string label_;
};

class ChannelAdapter final : public sdk::Channel, private Wrapped<sdk::Channel> {
public:
  using Wrapped::Wrapped;
  std::vector<sdk::ChannelType> channel_types() const override {
    return call([](sdk::Channel& c) { return c.channel_types(); });
  }
  std::vector<sdk::DeliveryResult> send(std::span<const sdk::Message> messages) override {
    auto results = call([&](sdk::Channel& c) { return c.send(messages); });
    if (results.size() != messages.size())
      throw sdk::Error(label_, fmt::format("send returned {} results for {} messages (a plugin bug: one result per "
                                           "message is required)",
                                           results.size(), messages.size()));
    return results;
  }
  std::size_t max_batch_size() const override {
    return call([](sdk::Channel& c) { return c.max_batch_size(); });
  }
  void flush() override {
    call([](sdk::Channel& c) { c.flush(); });
  }
};

class RecordReaderAdapter final : public sdk::RecordReader, private Wrapped<sdk::RecordReader> {
public:
  using Wrapped::Wrapped;
  bool next(sdk::SourceItem& item) override {
    return call([&](sdk::RecordReader& r) { return r.next(item); });
  }
};

class SegmentSourceAdapter final : public sdk::SegmentSource, private Wrapped<sdk::SegmentSource> {
public:
  using Wrapped::Wrapped;
  std::unique_ptr<sdk::RecordReader> open() override {
    auto reader = call([](sdk::SegmentSource& s) { return s.open(); });
    if (!reader) throw sdk::Error(label_, "open() returned no reader (a plugin bug)");
    return wrap(std::move(reader), library_, label_);
  }
  std::string describe() const override {
    return call([](sdk::SegmentSource& s) { return s.describe(); });
  }
};

class SchedulerAdapter final : public sdk::Scheduler, private Wrapped<sdk::Scheduler> {
public:
  using Wrapped::Wrapped;
  std::size_t poll(sdk::WorkDispatcher& dispatcher, sdk::Instant now) override {
    return call([&](sdk::Scheduler& s) { return s.poll(dispatcher, now); });
  }
  std::optional<sdk::Instant> next_wake() override {
    return call([](sdk::Scheduler& s) { return s.next_wake(); });
  }
};

class AnalyticsSinkAdapter final : public sdk::AnalyticsSink, private Wrapped<sdk::AnalyticsSink> {
public:
  using Wrapped::Wrapped;
  void deliver(std::span<const sdk::Event> events) override {
    call([&](sdk::AnalyticsSink& s) { s.deliver(events); });
  }
  void flush() override {
    call([](sdk::AnalyticsSink& s) { s.flush(); });
  }
};

}  // namespace

std::unique_ptr<sdk::Channel> wrap(std::unique_ptr<sdk::Channel> inner, LibraryRef library, std::string label) {
  return std::make_unique<ChannelAdapter>(std::move(inner), std::move(library), std::move(label));
}
std::unique_ptr<sdk::SegmentSource> wrap(std::unique_ptr<sdk::SegmentSource> inner, LibraryRef library,
                                         std::string label) {
  return std::make_unique<SegmentSourceAdapter>(std::move(inner), std::move(library), std::move(label));
}
std::unique_ptr<sdk::RecordReader> wrap(std::unique_ptr<sdk::RecordReader> inner, LibraryRef library,
                                        std::string label) {
  return std::make_unique<RecordReaderAdapter>(std::move(inner), std::move(library), std::move(label));
}
std::unique_ptr<sdk::Scheduler> wrap(std::unique_ptr<sdk::Scheduler> inner, LibraryRef library, std::string label) {
  return std::make_unique<SchedulerAdapter>(std::move(inner), std::move(library), std::move(label));
}
std::unique_ptr<sdk::AnalyticsSink> wrap(std::unique_ptr<sdk::AnalyticsSink> inner, LibraryRef library,
                                         std::string label) {
  return std::make_unique<AnalyticsSinkAdapter>(std::move(inner), std::move(library), std::move(label));
}

}  // namespace herald::plugin_host
