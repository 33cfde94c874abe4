#pragma once
/// Loads a project's definition files into the store (the store is the source of truth): folders
/// `segments/`, `templates/` and `campaigns/` of JSON files in Pinpoint's request shapes. Each file is
/// validated with its engine's parser first, so a mistake is reported with the file and JSON path.
/// Templates are account-level (shared by projects), as in Pinpoint.
#include <filesystem>
#include <string>
#include <vector>

#include "store/definition_repository.hpp"
#include "templates/engine.hpp"

namespace herald::kernel {

/// Checks every definition file under `folder` and, when `repository` is given, upserts it for
/// `project_id`; returns one line per file ("segment referral-candidates v1 (new)", or "segment
/// referral-candidates (valid)" when only checking). Throws sdk::Error naming the file at fault.
std::vector<std::string> load_definition_folder(const std::filesystem::path& folder, const std::string& project_id,
                                                store::DefinitionRepository* repository,
                                                const templates::Engine& engine, sdk::Instant now);

}  // namespace herald::kernel
