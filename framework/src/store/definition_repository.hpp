#pragma once
/// Versioned definitions (segments, campaigns, journeys, templates) in Pinpoint's JSON shapes.
/// The store is the source of truth: files are upserted by Name, and a new version is made only when the
/// canonical JSON changed (DESIGN.md "Configuration").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "herald/sdk/time.hpp"
#include "store/database.hpp"

namespace herald::store {

enum class DefinitionKind { kSegment, kCampaign, kTemplate, kJourney };
std::string_view to_string(DefinitionKind kind) noexcept;  ///< "segment", "campaign", "template", "journey"

/// One stored version of a definition. Templates are account-level: project_id "".
struct Definition {
  std::string project_id;
  DefinitionKind kind = DefinitionKind::kSegment;
  std::string id, name;
  int version = 0;         ///< 1, 2, ...
  std::string body;        ///< canonical JSON text (keys sorted, no whitespace)
  sdk::Instant created{};
};

/// Result of DefinitionRepository::upsert.
struct DefinitionUpsert {
  Definition definition;  ///< the latest version after the call
  bool changed = false;   ///< true when a new version was written
};

/// Thread-safe. Database failures throw sdk::Error.
class DefinitionRepository {
public:
  explicit DefinitionRepository(Database& database);

  /// Canonical JSON text of `body`: object keys sorted, compact (nlohmann::json::dump()).
  static std::string canonical_json(const nlohmann::json& body);

  /// Stores `body` as the latest version of the definition named `name`:
  /// id = `id` when non-empty (the file's Id), else the id of the latest definition with this Name, else
  /// derived_id({project, kind, name}); a new version (latest + 1, or 1) is written only when the canonical
  /// body or the name differs from the latest version. Throws sdk::Error when `name` is empty.
  DefinitionUpsert upsert(const std::string& project_id, DefinitionKind kind, const std::string& name,
                          const nlohmann::json& body, sdk::Instant now, const std::string& id = {});
  std::optional<Definition> latest(const std::string& project_id, DefinitionKind kind, const std::string& id);
  std::optional<Definition> version(const std::string& project_id, DefinitionKind kind, const std::string& id,
                                    int version);
  /// Latest version of the definition whose latest version carries this Name.
  std::optional<Definition> latest_by_name(const std::string& project_id, DefinitionKind kind,
                                           const std::string& name);
  /// Latest version of every definition of a kind, ordered by name.
  std::vector<Definition> list_latest(const std::string& project_id, DefinitionKind kind);

private:
  Database& database_;
};

}  // namespace herald::store
