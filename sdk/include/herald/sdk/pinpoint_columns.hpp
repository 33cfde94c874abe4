#pragma once
/// Pinpoint's CSV import columns: a header row of dotted names (`ChannelType`, `Address`,
/// `Attributes.Plan`, `Metrics.Visits`, `Location.Country`, `User.UserAttributes.FirstName`, ...) mapped
/// once to Endpoint fields, then applied to each row. Reused by every source of CSV endpoint files
/// (file, S3, ...). Source: Pinpoint User Guide "Importing segments" (supported attributes table;
/// a repeated header is a multi-valued attribute; a header of exactly `User.UserId` is a user-id-only
/// file), Developer Guide "audience-define-import".
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "herald/sdk/endpoint.hpp"

namespace herald::sdk {
inline namespace v1 {

/// The Endpoint field one CSV column fills.
enum class PinpointField {
  kId, kChannelType, kAddress, kAttribute, kMetric,
  kAppVersion, kLocale, kMake, kModel, kModelVersion, kPlatform, kPlatformVersion, kTimezone,
  kCity, kCountry, kLatitude, kLongitude, kPostalCode, kRegion,
  kUserId, kUserAttribute, kOptOut, kEffectiveDate, kEndpointStatus, kRequestId
};

/// One mapped column.
struct PinpointColumn {
  std::string header;  ///< the header cell as written, e.g. "Attributes.Plan"
  PinpointField field = PinpointField::kId;
  std::string name;    ///< custom name for kAttribute, kMetric, kUserAttribute ("Plan"); empty otherwise
};

/// The mapping of one header row. Cheap to copy; immutable once built.
class PinpointColumns {
public:
  /// Maps a header row (cells already unquoted and trimmed). Throws Error with where()
  /// `<where>: column <n> (<name>)` (1-based n) for an unknown or empty column name, a custom
  /// name that breaks Pinpoint's quotas (> 50 characters), or a repeated column other than
  /// `Attributes.*` / `User.UserAttributes.*` (which are multi-valued); the hint lists the
  /// accepted names or suggests the right spelling. `where` is e.g. "data.csv:1".
  static PinpointColumns from_header(std::span<const std::string> header, const std::string& where);

  std::size_t size() const noexcept { return columns_.size(); }
  const std::vector<PinpointColumn>& columns() const noexcept { return columns_; }

  /// True when the header is exactly `User.UserId`: each row then names users, not endpoints, and a
  /// cell may hold several ids separated by spaces (see split_user_ids).
  bool user_ids_only() const noexcept { return user_ids_only_; }

  /// Maps one row (as many cells as the header). Empty cells mean "not given"; the cells of a
  /// repeated attribute column become its values in column order. Addresses are trimmed and checked
  /// against the row's ChannelType (EMAIL: one '@', no spaces or <>; SMS/VOICE: E.164).
  /// Throws Error with where() `column <n> (<name>)` and a message quoting the value and saying why
  /// it is wrong (unknown ChannelType, non-numeric metric, bad OptOut/EndpointStatus, bad date,
  /// address invalid for its channel, attribute value > 100 characters, invalid UTF-8); a row with
  /// another number of cells than the header throws Error with an empty where().
  Endpoint map_row(std::span<const std::string> values) const;

  /// Same as map_row(values), written into `into`, which may hold a previous row's endpoint: its
  /// string and map storage is reused (no allocation per row once warm), and every field is
  /// overwritten, so afterwards `into` equals map_row(values). Throws like map_row; `into` is then
  /// unspecified (assign it before using it again).
  void map_row(std::span<const std::string> values, Endpoint& into) const;

  /// The user ids in one cell of a user-id-only file: split at runs of spaces and tabs
  /// (the User Guide's CSV example puts several ids on one line).
  static std::vector<std::string> split_user_ids(std::string_view cell);

  /// The fixed (non-custom) column names Pinpoint accepts, for help texts.
  static const std::vector<std::string>& known_names();

private:
  std::vector<PinpointColumn> columns_;
  std::size_t address_column_ = static_cast<std::size_t>(-1);
  bool user_ids_only_ = false;
};

}  // namespace v1
}  // namespace herald::sdk
