#include "store/plugin_state_repository.hpp"

#include <openssl/evp.h>

#include "store/store_error.hpp"

namespace herald::store {

namespace {
std::string encode_base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string decode_base64(const std::string& text, const std::string& where) {
  if (text.empty()) return {};
  std::string out(3 * text.size() / 4 + 1, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) throw sdk::Error(where, "stored plugin state is not base64", "The row was written by something else");
  // EVP_DecodeBlock counts the bytes the '=' padding stands for; drop them.
  std::size_t size = static_cast<std::size_t>(n);
  if (text.size() >= 1 && text[text.size() - 1] == '=') --size;
  if (text.size() >= 2 && text[text.size() - 2] == '=') --size;
  out.resize(size);
  return out;
}
}  // namespace

PluginStateRepository::PluginStateRepository(Database& database, std::string name_space)
    : database_(database), namespace_(std::move(name_space)) {}

std::optional<std::string> PluginStateRepository::get(const std::string& key) {
  return with_store_errors(database_, "PluginState::get", [&]() -> std::optional<std::string> {
    SessionLease lease = database_.lease();
    std::string value;
    lease.session() << "SELECT value FROM plugin_state WHERE namespace = :n AND key = :k", soci::use(namespace_),
        soci::use(key), soci::into(value);
    if (!lease.session().got_data()) return std::nullopt;
    return decode_base64(value, "plugin_state[" + namespace_ + "/" + key + "]");
  });
}

void PluginStateRepository::put(const std::string& key, const std::string& value) {
  with_store_errors(database_, "PluginState::put", [&] {
    SessionLease lease = database_.lease();
    std::string encoded = encode_base64(value);
    lease.session() << "INSERT INTO plugin_state (namespace, key, value) VALUES (:n, :k, :v) " +
                           upsert_clause(database_.dialect(), "namespace, key", "value"),
        soci::use(namespace_), soci::use(key), soci::use(encoded);
  });
}

bool PluginStateRepository::erase(const std::string& key) {
  return with_store_errors(database_, "PluginState::erase", [&] {
    SessionLease lease = database_.lease();
    soci::statement st = (lease.session().prepare << "DELETE FROM plugin_state WHERE namespace = :n AND key = :k",
                          soci::use(namespace_), soci::use(key));
    st.execute(true);
    return st.get_affected_rows() > 0;
  });
}

}  // namespace herald::store
