#pragma once
/// Opening one plugin file: the checks before dlopen (Boost.DLL library_info), dlopen itself, and the
/// checks of the descriptor. Source: DESIGN.md "Plugin ABI"; sdk/include/herald/sdk/plugin.hpp.
#include <filesystem>
#include <memory>
#include <string>

#include "herald/sdk/plugin.hpp"

namespace boost::dll {
class shared_library;
}

namespace herald::plugin_host {

/// Name of the function every plugin exports (sdk/plugin.hpp).
inline constexpr const char* kDescriptorSymbol = "herald_plugin_descriptor";

/// A plugin ABI version (HERALD_ABI_MAJOR.HERALD_ABI_MINOR).
struct AbiVersion {
  unsigned major = 0;
  unsigned minor = 0;
};

/// The ABI this host implements.
inline constexpr AbiVersion kHostAbi{HERALD_ABI_MAJOR, HERALD_ABI_MINOR};

/// The toolchain id this host was compiled with (HERALD_TOOLCHAIN_ID).
inline constexpr const char* kHostToolchainId = HERALD_TOOLCHAIN_ID;

/// Reads `file` without loading it (boost::dll::library_info) and checks that it is an ELF shared
/// object exporting `herald_plugin_descriptor` and one marker `herald_abi_<major>_<minor>` whose
/// major equals the host's and whose minor is not newer. Returns the plugin's ABI version.
/// Throws herald::sdk::Error(file, what, hint) for: no such file; not an ELF file (a text file named like a plugin),
/// an ELF file that is not a shared object, a library without the descriptor or marker (not a Herald
/// plugin, or stripped of its symbol table), ABI major differs, ABI minor newer.
AbiVersion inspect_plugin_file(const std::filesystem::path& file);

/// What the host knows about a loaded plugin library.
struct PluginInfo {
  std::filesystem::path file;
  std::string name;     ///< descriptor name, e.g. "channel-email-smtp"
  std::string version;  ///< descriptor version, e.g. "0.1.0"
  AbiVersion abi;
};

/// A loaded plugin library and its checked descriptor (which lives inside the library).
struct OpenedPlugin {
  std::shared_ptr<boost::dll::shared_library> library;
  const herald_plugin_descriptor_t* descriptor = nullptr;
  PluginInfo info;
};

/// inspect_plugin_file, then dlopen with rtld_now | rtld_local, then checks the descriptor: struct_size
/// large enough, ABI major equal, ABI minor not newer, toolchain id equal to the host's.
/// Throws herald::sdk::Error(file, what, hint) naming both versions or both toolchain ids on mismatch,
/// or quoting dlerror when the library cannot be loaded. On error the library is closed again.
OpenedPlugin open_plugin(const std::filesystem::path& file);

}  // namespace herald::plugin_host
