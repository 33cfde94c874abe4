#include "plugin_host/plugin_file.hpp"

#include <elf.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/dll/library_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <charconv>
#include <cstring>
#include <fstream>
#include <optional>

#include "herald/sdk/error.hpp"
#include "plugin_host/plugin_call.hpp"

namespace herald::plugin_host {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kMarkerPrefix = "herald_abi_";
constexpr const char* kNotPluginHint =
    "Herald plugins are built with herald_add_plugin() and HERALD_PLUGIN(...) from herald/sdk/plugin.hpp; "
    "remove or rename files named herald-*.so that are not Herald plugins";

sdk::Error not_a_plugin(const fs::path& file, const std::string& why, const char* hint = kNotPluginHint) {
  return sdk::Error(file.string(), "not a Herald plugin: " + why, hint);
}

/// Parses "herald_abi_<major>_<minor>"; nullopt for any other symbol.
std::optional<AbiVersion> parse_marker(std::string_view symbol) {
  if (!symbol.starts_with(kMarkerPrefix)) return std::nullopt;
  symbol.remove_prefix(kMarkerPrefix.size());
  AbiVersion abi;
  const char* end = symbol.data() + symbol.size();
  auto [after_major, ec1] = std::from_chars(symbol.data(), end, abi.major);
  if (ec1 != std::errc() || after_major == end || *after_major != '_') return std::nullopt;
  auto [after_minor, ec2] = std::from_chars(after_major + 1, end, abi.minor);
  if (ec2 != std::errc() || after_minor != end || after_minor == after_major + 1) return std::nullopt;
  return abi;
}

/// The ELF object type (ET_DYN for shared objects) from the header; library_info checked the magic.
std::uint16_t elf_type(const fs::path& file) {
  std::array<unsigned char, EI_NIDENT + 2> header{};
  std::ifstream in(file, std::ios::binary);
  if (!in.read(reinterpret_cast<char*>(header.data()), header.size())) return ET_NONE;
  const unsigned lo = header[EI_NIDENT], hi = header[EI_NIDENT + 1];
  return static_cast<std::uint16_t>(header[EI_DATA] == ELFDATA2MSB ? (lo << 8) | hi : (hi << 8) | lo);
}

/// The exported symbols of `file`, read without loading it. Throws Error for files that are not ELF.
std::vector<std::string> exported_symbols(const fs::path& file) {
  std::optional<std::string> failure;
  try {
    boost::dll::library_info info(file.string());
    return info.symbols();
  } catch (const std::exception& e) {  // Boost.DLL reports a non-native or truncated file this way
    failure = e.what();
  }
  std::array<char, SELFMAG> magic{};
  std::ifstream in(file, std::ios::binary);
  const bool is_elf = in.read(magic.data(), magic.size()) && std::memcmp(magic.data(), ELFMAG, SELFMAG) == 0;
  if (!is_elf) throw not_a_plugin(file, "not an ELF shared object (a text or other non-library file)");
  throw not_a_plugin(file, "an ELF file that Boost.DLL cannot read (" + *failure + "), possibly truncated or for "
                           "another architecture");
}

std::string version_text(AbiVersion abi) { return fmt::format("{}.{}", abi.major, abi.minor); }

/// Throws when `abi` cannot be served by this host.
void check_abi(const fs::path& file, AbiVersion abi) {
  if (abi.major != kHostAbi.major)
    throw sdk::Error(file.string(),
                     fmt::format("built for Herald plugin ABI {} but this host implements ABI {} (the major "
                                 "versions differ, so the plugin's interfaces do not match)",
                                 version_text(abi), version_text(kHostAbi)),
                     fmt::format("Rebuild the plugin against the Herald SDK with ABI {}.x (the SDK this host ships), "
                                 "or run a Herald whose plugin ABI major is {}",
                                 kHostAbi.major, abi.major));
  if (abi.minor > kHostAbi.minor)
    throw sdk::Error(file.string(),
                     fmt::format("built for Herald plugin ABI {}, which is newer than this host's ABI {} (the plugin "
                                 "may call services this host does not have)",
                                 version_text(abi), version_text(kHostAbi)),
                     fmt::format("Upgrade Herald to a release with plugin ABI {} or later, or rebuild the plugin "
                                 "against this host's SDK (ABI {})",
                                 version_text(abi), version_text(kHostAbi)));
}

std::string text_or(const char* text, const char* fallback) { return text ? std::string(text) : fallback; }

}  // namespace

AbiVersion inspect_plugin_file(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec))
    throw sdk::Error(file.string(), fs::exists(file, ec) ? "not a regular file" : "no such file",
                     "Give the path of a herald-<kind>-<name>.so plugin library");
  const std::vector<std::string> symbols = exported_symbols(file);
  if (elf_type(file) != ET_DYN) throw not_a_plugin(file, "an ELF file but not a shared object");
  if (symbols.empty())
    throw not_a_plugin(file, "the library has no symbol table, so its Herald ABI marker cannot be read before loading",
                       "Install plugins unstripped (no `strip`, no `cmake --install --strip`): the host reads the "
                       "herald_abi_<major>_<minor> marker from the symbol table");
  const bool has_descriptor = std::find(symbols.begin(), symbols.end(), kDescriptorSymbol) != symbols.end();
  std::vector<AbiVersion> markers;
  for (const auto& symbol : symbols)
    if (auto abi = parse_marker(symbol)) markers.push_back(*abi);
  if (!has_descriptor && markers.empty())
    throw not_a_plugin(file, fmt::format("a shared library that exports neither {} nor an ABI marker "
                                         "herald_abi_<major>_<minor>",
                                         kDescriptorSymbol));
  if (!has_descriptor) throw not_a_plugin(file, fmt::format("it does not export {}", kDescriptorSymbol));
  if (markers.empty()) throw not_a_plugin(file, "it does not export an ABI marker herald_abi_<major>_<minor>");
  if (markers.size() > 1)
    throw not_a_plugin(file, "it exports several ABI markers herald_abi_<major>_<minor>; a plugin has exactly one");
  check_abi(file, markers.front());
  return markers.front();
}

OpenedPlugin open_plugin(const fs::path& file) {
  const AbiVersion marker = inspect_plugin_file(file);
  namespace mode = boost::dll::load_mode;
  OpenedPlugin opened;
  try {
    opened.library = std::make_shared<boost::dll::shared_library>(file.string(), mode::rtld_now | mode::rtld_local);
  } catch (const std::exception& e) {  // boost::dll reports dlopen failures (with dlerror) this way
    throw sdk::Error(file.string(), std::string("cannot be loaded: ") + e.what(),
                     "Check that the libraries it needs are installed (ldd " + file.string() + ")");
  }
  if (!opened.library->has(kDescriptorSymbol))  // listed in the symbol table but not dynamically exported
    throw not_a_plugin(file, fmt::format("{} is not exported for dynamic loading", kDescriptorSymbol));
  using DescriptorFn = const herald_plugin_descriptor_t*();
  auto& descriptor_fn = opened.library->get<DescriptorFn>(kDescriptorSymbol);
  const auto* descriptor = call_plugin(file.string(), [&] { return descriptor_fn(); });
  if (!descriptor) throw not_a_plugin(file, fmt::format("{}() returned a null pointer", kDescriptorSymbol));
  if (descriptor->struct_size < sizeof(herald_plugin_descriptor_t))
    throw sdk::Error(file.string(),
                     fmt::format("its plugin descriptor is {} bytes, smaller than the {} bytes this host reads",
                                 descriptor->struct_size, sizeof(herald_plugin_descriptor_t)),
                     "Rebuild the plugin with HERALD_PLUGIN(...) from the host's SDK");
  const AbiVersion abi{descriptor->abi_major, descriptor->abi_minor};
  check_abi(file, abi);
  if (abi.major != marker.major || abi.minor != marker.minor)
    throw not_a_plugin(file, fmt::format("its descriptor says ABI {} but its marker symbol says ABI {}",
                                         version_text(abi), version_text(marker)));
  const std::string toolchain = text_or(descriptor->toolchain_id, "(none)");
  if (toolchain != kHostToolchainId)
    throw sdk::Error(file.string(),
                     fmt::format("built with toolchain '{}' but this host was built with '{}'", toolchain,
                                 kHostToolchainId),
                     "C++ plugins must use the host's compiler, standard library and language level; rebuild the "
                     "plugin with the toolchain that built Herald");
  if (!descriptor->register_factories)
    throw not_a_plugin(file, "its descriptor has no register_factories function");
  opened.descriptor = descriptor;
  opened.info = PluginInfo{file, text_or(descriptor->name, ""), text_or(descriptor->version, ""), abi};
  return opened;
}

}  // namespace herald::plugin_host
