#pragma once
/// The plugin ABI: one exported C function `herald_plugin_descriptor()` returning a static descriptor,
/// plus a marker symbol `herald_abi_<major>_<minor>` the host reads with Boost.DLL's library_info
/// before dlopen. Write both with HERALD_PLUGIN(name, version, register_fn).
///
/// Rules: a plugin does no work in static initializers; it registers factories only when the host
/// calls `register_factories`; nothing it creates is registered process-wide.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "herald/sdk/analytics_sink.hpp"
#include "herald/sdk/channel.hpp"
#include "herald/sdk/context.hpp"
#include "herald/sdk/scheduler.hpp"
#include "herald/sdk/segment_source.hpp"
#include "herald/sdk/settings.hpp"

#define HERALD_ABI_MAJOR 1
#define HERALD_ABI_MINOR 0

#define HERALD_STR2_(x) #x
#define HERALD_STR_(x) HERALD_STR2_(x)
/// Compiler + standard library + language level: plugins must match the host's.
#define HERALD_TOOLCHAIN_ID                                                                     \
  "gcc-" HERALD_STR_(__GNUC__) ";libstdc++-" HERALD_STR_(_GLIBCXX_RELEASE) ";abi-" HERALD_STR_( \
      __GXX_ABI_VERSION) ";c++" HERALD_STR_(__cplusplus)

namespace herald::sdk {
inline namespace v1 {

/// A factory for one plugin type ("channel/email-smtp"): its schema and how to construct an instance.
template <typename T>
struct Factory {
  std::string type;         ///< "<kind>/<name>"; third parties use a reverse-DNS prefix
  std::string description;  ///< one line, shown by `herald plugins list`
  SettingsSchema schema;
  /// Builds an instance from validated settings. Throws Error with the setting at fault.
  std::function<std::unique_ptr<T>(const Settings&, Context&)> create;
};

using ChannelFactory = Factory<Channel>;
using SegmentSourceFactory = Factory<SegmentSource>;
using SchedulerFactory = Factory<Scheduler>;
using AnalyticsSinkFactory = Factory<AnalyticsSink>;

/// Given by the host to `register_factories`; each kernel has its own.
class Registrar {
public:
  virtual ~Registrar() = default;
  virtual void add_channel(ChannelFactory factory) = 0;
  virtual void add_segment_source(SegmentSourceFactory factory) = 0;
  virtual void add_scheduler(SchedulerFactory factory) = 0;
  virtual void add_analytics_sink(AnalyticsSinkFactory factory) = 0;
};

}  // namespace v1
}  // namespace herald::sdk

extern "C" {
/// Standard-layout descriptor; `struct_size` lets a newer host read an older descriptor safely.
struct herald_plugin_descriptor_t {
  std::uint32_t struct_size;
  std::uint32_t abi_major;
  std::uint32_t abi_minor;
  const char* toolchain_id;
  const char* name;     ///< plugin library name, e.g. "channel-email-smtp"
  const char* version;  ///< plugin version, e.g. "0.1.0"
  void (*register_factories)(herald::sdk::Registrar& registrar);
};
}

#define HERALD_PLUGIN_CAT3_(a, b, c, d) a##b##_##c##d
#define HERALD_PLUGIN_MARKER_(major, minor) HERALD_PLUGIN_CAT3_(herald_abi_, major, , minor)

/// Exports the descriptor and the ABI marker. `register_fn` is `void(herald::sdk::Registrar&)`.
#define HERALD_PLUGIN(plugin_name, plugin_version, register_fn)                                   \
  extern "C" __attribute__((visibility("default"))) const char HERALD_PLUGIN_MARKER_(            \
      HERALD_ABI_MAJOR, HERALD_ABI_MINOR)[] = HERALD_TOOLCHAIN_ID;                               \
  extern "C" __attribute__((visibility("default"))) const herald_plugin_descriptor_t*          \
  herald_plugin_descriptor() {                                                                   \
    static const herald_plugin_descriptor_t descriptor{                                         \
        sizeof(herald_plugin_descriptor_t), HERALD_ABI_MAJOR, HERALD_ABI_MINOR,                 \
        HERALD_TOOLCHAIN_ID, plugin_name, plugin_version, &register_fn};                        \
    return &descriptor;                                                                          \
  }
