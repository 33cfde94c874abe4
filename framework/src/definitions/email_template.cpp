#include "definitions/email_template.hpp"

#include "definitions/json_reader.hpp"

namespace herald::definitions {

EmailTemplate parse_email_template(const nlohmann::json& body, const std::string& file, const std::string& fallback_name) {
  const JsonReader root(body, file);
  root.only({"TemplateName", "TemplateType", "TemplateDescription", "Subject", "HtmlPart", "TextPart",
             "DefaultSubstitutions", "Headers", "RecommenderId", "tags"});
  const std::string type = root.string_or("TemplateType", "EMAIL");
  if (type != "EMAIL")
    root.at("TemplateType").fail("'" + type + "' templates are not supported yet", "This version supports EMAIL templates");
  EmailTemplate t;
  t.name = root.string_or("TemplateName", fallback_name);
  t.description = root.string_or("TemplateDescription", "");
  t.subject = root.string_or("Subject", "");
  t.html_part = root.string_or("HtmlPart", "");
  t.text_part = root.string_or("TextPart", "");
  if (t.html_part.empty() && t.text_part.empty()) root.fail("an email template needs HtmlPart or TextPart");
  t.default_substitutions = root.string_or("DefaultSubstitutions", "");
  return t;
}

}  // namespace herald::definitions
