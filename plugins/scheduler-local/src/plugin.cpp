// The plugin entry: exports the descriptor and registers the scheduler/local factory.
#include "herald/sdk/plugin.hpp"

#include "local_scheduler.hpp"

namespace {
void register_factories(herald::sdk::Registrar& registrar) { registrar.add_scheduler(herald::scheduler_local::local_scheduler_factory()); }
}  // namespace

HERALD_PLUGIN("scheduler-local", "0.1.0", register_factories)
