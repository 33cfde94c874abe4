// The plugin entry: exports the descriptor and registers the channel/outbox factory.
#include "herald/sdk/plugin.hpp"

#include "outbox_channel.hpp"

namespace {
void register_factories(herald::sdk::Registrar& registrar) { registrar.add_channel(herald::channel_outbox::outbox_factory()); }
}  // namespace

HERALD_PLUGIN("channel-outbox", "0.1.0", register_factories)
