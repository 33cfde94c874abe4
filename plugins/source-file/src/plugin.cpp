// The plugin entry: exports the descriptor and registers the source/file factory.
#include "herald/sdk/plugin.hpp"

#include "file_source.hpp"

namespace {
void register_factories(herald::sdk::Registrar& registrar) {
  registrar.add_segment_source(herald::source_file::file_source_factory());
}
}  // namespace

HERALD_PLUGIN("source-file", "0.1.0", register_factories)
