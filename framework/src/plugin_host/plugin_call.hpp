#pragma once
/// The exception boundary around every call into plugin code.
///
/// An exception object thrown by a plugin lives in memory the plugin's code manages (its type_info and
/// virtual what() are in the library): it must not outlive the call, or it may outlive the library
/// (Boost.DLL "missuses"). So every call is wrapped: the message is copied into a new host-side
/// herald::sdk::Error (TransientError stays TransientError) naming the instance, and the plugin's
/// exception object is destroyed when its handler exits.
#include <cxxabi.h>

#include <exception>
#include <string>
#include <utility>

#include "herald/sdk/error.hpp"

namespace herald::plugin_host {

/// "`where`: `inner`" or `where` when `inner` is empty.
inline std::string join_where(const std::string& where, const std::string& inner) {
  return inner.empty() ? where : where + ": " + inner;
}

/// Calls `fn()` and converts any exception into a host-side herald::sdk::Error whose where() starts
/// with `where` (e.g. "channel/email-smtp#email"). Errors of the plugin keep their where/message/hint;
/// other std::exceptions become "plugin code threw: <what>". Thread cancellation is rethrown as is.
template <typename Fn>
decltype(auto) call_plugin(const std::string& where, Fn&& fn) {
  try {
    return std::forward<Fn>(fn)();
  } catch (const abi::__forced_unwind&) {  // pthread cancellation must keep unwinding
    throw;
  } catch (const sdk::TransientError& e) {
    throw sdk::TransientError(join_where(where, e.where()), e.message(), e.hint());
  } catch (const sdk::Error& e) {
    throw sdk::Error(join_where(where, e.where()), e.message(), e.hint());
  } catch (const std::exception& e) {
    throw sdk::Error(where, std::string("plugin code threw: ") + e.what());
  } catch (...) {
    throw sdk::Error(where, "plugin code threw an exception that is not a std::exception");
  }
}

}  // namespace herald::plugin_host
