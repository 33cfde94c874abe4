#pragma once
/// A standard campaign as Pinpoint defines it (WriteCampaignRequest). This version runs campaigns
/// scheduled IMMEDIATE or ONCE at an instant, with an email message given inline or by template;
/// other members are rejected with a "not supported yet" error at their JSON path, never ignored.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "herald/sdk/time.hpp"

namespace herald::definitions {

struct CampaignDefinition {
  std::string name;
  std::string description;
  std::string segment_ref;  ///< SegmentId: a segment id or, in definition files, a segment Name
  std::optional<int> segment_version;
  std::string from_address;  ///< MessageConfiguration.EmailMessage.FromAddress ("" = the project's channel default)
  /// Inline message (MessageConfiguration.EmailMessage Title/HtmlBody/Body), used when no template is named.
  std::string title, html_body, body;
  std::string template_name;  ///< TemplateConfiguration.EmailTemplate.Name
  std::optional<int> template_version;
  bool immediate = true;      ///< Schedule.StartTime == "IMMEDIATE"
  sdk::Instant start_time{};  ///< when !immediate
  bool is_paused = false;
};

/// Parses a campaign definition; throws sdk::Error naming `file` and the JSON path at fault.
CampaignDefinition parse_campaign(const nlohmann::json& body, const std::string& file);

}  // namespace herald::definitions
