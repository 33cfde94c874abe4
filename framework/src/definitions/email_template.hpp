#pragma once
/// An email message template as Pinpoint defines it (EmailTemplateRequest: Subject, HtmlPart, TextPart,
/// DefaultSubstitutions, TemplateDescription). Templates are account-level, shared by projects.
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace herald::definitions {

struct EmailTemplate {
  std::string name;  ///< Pinpoint template name (file member TemplateName, else the file name)
  std::string description;
  std::string subject, html_part, text_part;
  /// DefaultSubstitutions as Pinpoint stores it: JSON text of variable path -> default text
  /// (parsed by templates::DefaultSubstitutions::parse when the template is compiled).
  std::string default_substitutions;
};

/// Parses a template definition file's JSON. `fallback_name` is used when TemplateName is absent.
/// Throws sdk::Error naming `file` and the JSON path at fault (e.g. a DefaultSubstitutions string
/// that is not a JSON object of strings).
EmailTemplate parse_email_template(const nlohmann::json& body, const std::string& file, const std::string& fallback_name);

}  // namespace herald::definitions
