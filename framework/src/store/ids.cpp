#include "store/ids.hpp"

#include <array>
#include <chrono>
#include <random>

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <openssl/evp.h>

#include "herald/sdk/error.hpp"

namespace herald::store {

std::string new_uuid() {
  thread_local boost::uuids::random_generator generator;
  return boost::uuids::to_string(generator());
}

std::string new_uuid_v7() {
  struct State {
    std::mt19937_64 random{std::random_device{}()};
    long long last_ms = -1;
    unsigned counter = 0;
  };
  thread_local State state;
  long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  if (ms <= state.last_ms) {  // same millisecond, or the clock stepped back: count on from the last id
    ms = state.last_ms;
    if (++state.counter > 0xFFF) ++ms, state.counter = 0;  // counter overflow borrows the next millisecond
  } else {
    state.counter = static_cast<unsigned>(state.random() & 0x3FF);  // random start, leaving room to count
  }
  state.last_ms = ms;
  const std::uint64_t random = state.random();
  std::array<unsigned char, 16> b{};
  for (int i = 0; i < 6; ++i) b[static_cast<std::size_t>(i)] = static_cast<unsigned char>(ms >> (40 - 8 * i));
  b[6] = static_cast<unsigned char>(0x70 | (state.counter >> 8));  // version 7
  b[7] = static_cast<unsigned char>(state.counter & 0xFF);
  b[8] = static_cast<unsigned char>(0x80 | (random >> 58));  // variant 10
  for (int i = 9; i < 16; ++i) b[static_cast<std::size_t>(i)] = static_cast<unsigned char>(random >> (8 * (15 - i)));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(36);
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id += '-';
    id += kHex[b[i] >> 4];
    id += kHex[b[i] & 0xF];
  }
  return id;
}

std::string derived_id(std::initializer_list<std::string_view> parts) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr) throw sdk::Error("store", "cannot allocate an OpenSSL digest context");
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  bool ok = EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1;
  for (std::string_view part : parts) {
    // A separator that cannot occur in text keeps ("ab","c") and ("a","bc") apart.
    ok = ok && EVP_DigestUpdate(ctx, part.data(), part.size()) == 1 && EVP_DigestUpdate(ctx, "\0", 1) == 1;
  }
  ok = ok && EVP_DigestFinal_ex(ctx, digest.data(), &size) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok) throw sdk::Error("store", "SHA-256 digest failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (std::size_t i = 0; i < 16; ++i) {
    id += kHex[digest[i] >> 4];
    id += kHex[digest[i] & 0xF];
  }
  return id;
}

int cohort_of(std::string_view project_id, std::string_view endpoint_id) noexcept {
  std::uint64_t hash = 1469598103934665603ULL;
  auto mix = [&hash](std::string_view text) {
    for (unsigned char c : text) {
      hash ^= c;
      hash *= 1099511628211ULL;
    }
  };
  mix(project_id);
  mix(std::string_view("\0", 1));
  mix(endpoint_id);
  return static_cast<int>(hash % 100);
}

}  // namespace herald::store
