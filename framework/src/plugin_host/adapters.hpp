#pragma once
/// Host-side wrappers around objects a plugin created. Each wrapper owns the plugin object and a
/// reference to the library it came from (declared first, so it is released last): the library stays
/// loaded until its last object is gone, whoever holds that object. Every call goes through
/// call_plugin(), so no exception thrown by plugin code escapes the wrapper.
#include <memory>
#include <string>

#include "herald/sdk/analytics_sink.hpp"
#include "herald/sdk/channel.hpp"
#include "herald/sdk/scheduler.hpp"
#include "herald/sdk/segment_source.hpp"

namespace boost::dll {
class shared_library;
}

namespace herald::plugin_host {

using LibraryRef = std::shared_ptr<boost::dll::shared_library>;

/// Wraps `inner` (non-null) so it keeps `library` loaded; `label` ("channel/x#instance") names it in errors.
std::unique_ptr<sdk::Channel> wrap(std::unique_ptr<sdk::Channel> inner, LibraryRef library, std::string label);
std::unique_ptr<sdk::SegmentSource> wrap(std::unique_ptr<sdk::SegmentSource> inner, LibraryRef library,
                                         std::string label);
std::unique_ptr<sdk::RecordReader> wrap(std::unique_ptr<sdk::RecordReader> inner, LibraryRef library,
                                        std::string label);
std::unique_ptr<sdk::Scheduler> wrap(std::unique_ptr<sdk::Scheduler> inner, LibraryRef library, std::string label);
std::unique_ptr<sdk::AnalyticsSink> wrap(std::unique_ptr<sdk::AnalyticsSink> inner, LibraryRef library,
                                         std::string label);

}  // namespace herald::plugin_host
