#include "definitions/campaign_definition.hpp"

#include "definitions/json_reader.hpp"
#include "herald/sdk/error.hpp"
#include "herald/sdk/mime.hpp"

namespace herald::definitions {
namespace {
void not_yet(const JsonReader& at, const std::string& what) {
  at.fail(what + " is not supported yet", "This version runs standard campaigns scheduled IMMEDIATE or ONCE");
}

std::optional<int> version_of(const JsonReader& parent, const std::string& key) {
  const auto member = parent.find(key);
  if (!member) return std::nullopt;
  const auto& v = member->value();
  if (v.is_number_integer()) return v.get<int>();
  if (v.is_string()) {
    try {
      return std::stoi(v.get<std::string>());
    } catch (const std::exception&) {
    }
  }
  member->fail("expected a version number, got " + v.dump());
}
}  // namespace

CampaignDefinition parse_campaign(const nlohmann::json& body, const std::string& file) {
  const JsonReader root(body, file);
  root.only({"Name", "Description", "SegmentId", "SegmentVersion", "MessageConfiguration", "TemplateConfiguration",
             "Schedule", "IsPaused", "TreatmentName", "TreatmentDescription", "HoldoutPercent",
             "AdditionalTreatments", "Limits", "Hook", "CustomDeliveryConfiguration", "Priority", "tags"});
  CampaignDefinition c;
  c.name = root.string("Name");
  c.description = root.string_or("Description", "");
  c.segment_ref = root.string("SegmentId");
  c.segment_version = version_of(root, "SegmentVersion");
  c.is_paused = root.boolean_or("IsPaused", false);
  if (const auto holdout = root.number("HoldoutPercent"); holdout && *holdout != 0)
    not_yet(root.at("HoldoutPercent"), "a holdout");
  if (const auto extra = root.find("AdditionalTreatments"); extra && !extra->value().empty())
    not_yet(*extra, "A/B treatments");
  for (const char* later : {"Limits", "Hook", "CustomDeliveryConfiguration"})
    if (const auto member = root.find(later)) not_yet(*member, std::string(later));

  if (const auto config = root.find("MessageConfiguration")) {
    config->only({"EmailMessage", "DefaultMessage", "SMSMessage", "APNSMessage", "GCMMessage", "ADMMessage",
                  "BaiduMessage", "CustomMessage", "InAppMessage"});
    for (const auto& [key, unused] : config->value().items())
      if (key != "EmailMessage") not_yet(config->at(key), key);
    if (const auto email = config->find("EmailMessage")) {
      email->only({"FromAddress", "Title", "HtmlBody", "Body"});
      c.from_address = email->string_or("FromAddress", "");
      if (!c.from_address.empty()) {
        const auto where = email->at("FromAddress");
        try {
          sdk::parse_mailbox(c.from_address, where.path());
        } catch (const sdk::Error& e) {
          where.fail("is not one mailbox: " + e.message(), e.hint());
        }
      }
      c.title = email->string_or("Title", "");
      c.html_body = email->string_or("HtmlBody", "");
      c.body = email->string_or("Body", "");
    }
  }
  if (const auto templates = root.find("TemplateConfiguration")) {
    templates->only({"EmailTemplate", "SMSTemplate", "PushTemplate", "VoiceTemplate", "InAppTemplate"});
    for (const auto& [key, unused] : templates->value().items())
      if (key != "EmailTemplate") not_yet(templates->at(key), key);
    if (const auto email = templates->find("EmailTemplate")) {
      email->only({"Name", "Version"});
      c.template_name = email->string("Name");
      c.template_version = version_of(*email, "Version");
    }
  }
  if (c.template_name.empty() && c.html_body.empty() && c.body.empty())
    root.fail("the campaign has no email content",
              "Name a template in TemplateConfiguration.EmailTemplate or give MessageConfiguration.EmailMessage.HtmlBody/Body");

  const auto schedule = root.at("Schedule");
  schedule.only({"StartTime", "EndTime", "Frequency", "IsLocalTime", "Timezone", "QuietTime", "EventFilter"});
  const std::string frequency = schedule.string_or("Frequency", "ONCE");
  if (frequency != "ONCE") not_yet(schedule.at("Frequency"), "Frequency " + frequency);
  for (const char* later : {"IsLocalTime", "QuietTime", "EventFilter", "EndTime"})
    if (const auto member = schedule.find(later); member && !(member->value().is_boolean() && !member->value().get<bool>()))
      not_yet(*member, std::string("Schedule.") + later);
  const std::string start = schedule.string("StartTime");
  if (start != "IMMEDIATE") {
    const auto instant = sdk::parse_iso8601(start);
    if (!instant) schedule.at("StartTime").fail("'" + start + "' is neither IMMEDIATE nor an ISO-8601 instant");
    c.immediate = false;
    c.start_time = *instant;
  }
  return c;
}

}  // namespace herald::definitions
