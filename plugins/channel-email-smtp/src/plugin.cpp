// The plugin entry: exports the descriptor and registers the channel/email-smtp factory.
#include "herald/sdk/plugin.hpp"

#include "smtp_channel.hpp"

namespace {
void register_factories(herald::sdk::Registrar& registrar) { registrar.add_channel(herald::channel_email_smtp::smtp_factory()); }
}  // namespace

HERALD_PLUGIN("channel-email-smtp", "0.1.0", register_factories)
