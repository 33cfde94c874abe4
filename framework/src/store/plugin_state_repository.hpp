#pragma once
/// sdk::PluginState for one namespace (a plugin instance id) over the plugin_state table.
#include <optional>
#include <string>

#include "herald/sdk/services.hpp"
#include "store/database.hpp"

namespace herald::store {

/// Values are opaque bytes; they are stored base64-encoded (OpenSSL EVP) so any byte sequence survives
/// PostgreSQL's TEXT (no NUL, valid UTF-8). Thread-safe. Database failures throw sdk::Error.
class PluginStateRepository final : public sdk::PluginState {
public:
  PluginStateRepository(Database& database, std::string name_space);
  std::optional<std::string> get(const std::string& key) override;
  /// Inserts or replaces the value of `key`.
  void put(const std::string& key, const std::string& value) override;
  /// True when the key existed.
  bool erase(const std::string& key) override;

private:
  Database& database_;
  std::string namespace_;
};

}  // namespace herald::store
