#pragma once
/// Values seen by templates and helpers: JSON data (nlohmann::json), borrowed or owned, and the
/// Handlebars.js rules for turning them into text and truth.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace herald::templates {

/// The data model of templates (Pinpoint's endpoint/user JSON, message substitutions...).
using Json = nlohmann::json;

/// How interpolated text is escaped for its output context.
enum class Escaping {
  kHtml,  ///< `{{x}}` escapes & < > " ' ` = exactly like Handlebars.js escapeExpression (HTML parts)
  kNone,  ///< nothing is escaped (subjects, text parts, SMS, voice)
};

/// A value passed to or returned by a helper: either borrowed (data, template literals: no copy)
/// or owned (a computed result). A default-constructed Value is "missing" (undefined).
class Value {
public:
  /// Missing (JavaScript undefined).
  Value() noexcept = default;
  /// Borrows `json` (nullptr = missing); the pointee must outlive the Value.
  Value(const Json* json) noexcept : ref_(json) {}  // NOLINT(google-explicit-constructor)
  /// Owns `json`.
  Value(Json json) noexcept : owned_(std::move(json)), ref_(&owned_), owning_(true) {}  // NOLINT
  Value(const Value& other) : owned_(other.owned_), ref_(other.owning_ ? &owned_ : other.ref_), owning_(other.owning_) {}
  Value(Value&& other) noexcept
      : owned_(std::move(other.owned_)), ref_(other.owning_ ? &owned_ : other.ref_), owning_(other.owning_) {}
  Value& operator=(const Value& other) {
    if (this != &other) {
      owned_ = other.owned_;
      owning_ = other.owning_;
      ref_ = owning_ ? &owned_ : other.ref_;
    }
    return *this;
  }
  Value& operator=(Value&& other) noexcept {
    owned_ = std::move(other.owned_);
    owning_ = other.owning_;
    ref_ = owning_ ? &owned_ : other.ref_;
    return *this;
  }
  ~Value() = default;

  /// True when the value is undefined (path not found, parameter not given).
  bool missing() const noexcept { return ref_ == nullptr; }
  /// The JSON value; a JSON null when missing.
  const Json& json() const noexcept { return ref_ != nullptr ? *ref_ : null_json(); }
  const Json* operator->() const noexcept { return &json(); }

  /// The shared JSON null used for missing values.
  static const Json& null_json() noexcept;

private:
  Json owned_;
  const Json* ref_ = nullptr;
  bool owning_ = false;
};

/// Handlebars.js truthiness used by `#if`/`#unless` and the logic helpers: false for missing, null,
/// false, "" , an empty array and 0 (0 is true when `include_zero`); true otherwise (objects too).
bool is_truthy(const Json& value, bool include_zero = false) noexcept;

/// Appends the text form of `value` (JavaScript's `String(value)`): strings as-is, integral numbers
/// without a fraction, other numbers in shortest round-trip form, booleans "true"/"false", null and
/// missing as nothing, arrays comma-joined (so a Pinpoint attribute ["141"] renders "141"), objects
/// as "[object Object]". With Escaping::kHtml the text is HTML-escaped as it is appended.
void append_text(std::string& out, const Json& value, Escaping escaping);

/// Appends `text`, HTML-escaped like Handlebars.js (& < > " ' ` =) when `escaping` is kHtml.
void append_escaped(std::string& out, std::string_view text, Escaping escaping);

/// The text form of `value` as a new string (see append_text, no escaping).
std::string to_text(const Json& value);

}  // namespace herald::templates
