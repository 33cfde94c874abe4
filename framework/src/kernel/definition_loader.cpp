#include "kernel/definition_loader.hpp"

#include <algorithm>

#include "definitions/campaign_definition.hpp"
#include "herald/sdk/error.hpp"
#include "definitions/email_template.hpp"
#include "definitions/json_reader.hpp"
#include "segments/definition_parser.hpp"
#include "templates/default_substitutions.hpp"

namespace herald::kernel {
namespace {

std::vector<std::filesystem::path> json_files(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::is_directory(folder)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(folder))
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string describe(const char* kind, const store::DefinitionUpsert& result) {
  return std::string(kind) + " " + result.definition.name + " v" + std::to_string(result.definition.version) +
         (result.changed ? (result.definition.version == 1 ? " (new)" : " (changed)") : " (unchanged)");
}

}  // namespace

std::vector<std::string> load_definition_folder(const std::filesystem::path& folder, const std::string& project_id,
                                                store::DefinitionRepository* repository,
                                                const templates::Engine& engine, sdk::Instant now) {
  if (!std::filesystem::is_directory(folder))
    throw sdk::Error(folder.string(), "the definitions folder does not exist");
  std::vector<std::string> lines;
  for (const auto& file : json_files(folder / "segments")) {
    const auto body = definitions::parse_json_file(file.string());
    segments::parse_segment_definition(body, file.string() + ": $");
    const std::string name = definitions::JsonReader(body, file.string()).string("Name");
    if (!repository) {
      lines.push_back("segment " + name + " (valid)");
      continue;
    }
    lines.push_back(describe("segment", repository->upsert(project_id, store::DefinitionKind::kSegment, name, body, now,
                                                           definitions::JsonReader(body, file.string()).string_or("Id", ""))));
  }
  for (const auto& file : json_files(folder / "templates")) {
    const auto body = definitions::parse_json_file(file.string());
    const auto parsed = definitions::parse_email_template(body, file.string(), file.stem().string());
    // Compile now so a syntax error names the file before any campaign runs.
    const std::string where = file.string() + ": ";
    engine.compile(parsed.subject, where + "Subject");
    engine.compile(parsed.html_part, where + "HtmlPart");
    engine.compile(parsed.text_part, where + "TextPart");
    templates::DefaultSubstitutions::parse(parsed.default_substitutions, where + "$.DefaultSubstitutions");
    if (!repository) {
      lines.push_back("template " + parsed.name + " (valid)");
      continue;
    }
    lines.push_back(describe("template", repository->upsert("", store::DefinitionKind::kTemplate, parsed.name, body, now)));
  }
  for (const auto& file : json_files(folder / "campaigns")) {
    const auto body = definitions::parse_json_file(file.string());
    const auto parsed = definitions::parse_campaign(body, file.string());
    if (!repository) {
      lines.push_back("campaign " + parsed.name + " (valid)");
      continue;
    }
    lines.push_back(describe("campaign", repository->upsert(project_id, store::DefinitionKind::kCampaign, parsed.name,
                                                            body, now, definitions::JsonReader(body, file.string()).string_or("Id", ""))));
  }
  return lines;
}

}  // namespace herald::kernel
