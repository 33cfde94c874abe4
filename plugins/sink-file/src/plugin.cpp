// The plugin entry: exports the descriptor and registers the sink/file factory.
#include "herald/sdk/plugin.hpp"

#include "file_sink.hpp"

namespace {
void register_factories(herald::sdk::Registrar& registrar) { registrar.add_analytics_sink(herald::sink_file::file_sink_factory()); }
}  // namespace

HERALD_PLUGIN("sink-file", "0.1.0", register_factories)
