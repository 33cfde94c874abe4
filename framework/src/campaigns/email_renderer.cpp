#include "campaigns/email_renderer.hpp"

#include "herald/sdk/endpoint_json.hpp"

namespace herald::campaigns {

EmailRenderer::EmailRenderer(const templates::Engine& engine, const EmailContent& content)
    : subject_(engine.compile(content.subject, content.name + ".Subject")),
      html_(engine.compile(content.html, content.name + ".HtmlPart")),
      text_(engine.compile(content.text, content.name + ".TextPart")),
      defaults_(templates::DefaultSubstitutions::parse(content.default_substitutions,
                                                       content.name + ".DefaultSubstitutions")) {}

void EmailRenderer::render(const sdk::Endpoint& endpoint, nlohmann::json& data, sdk::Message& message) const {
  data = sdk::endpoint_to_json(endpoint);
  const templates::RenderOptions plain{templates::Escaping::kNone, defaults_.empty() ? nullptr : &defaults_};
  const templates::RenderOptions html{templates::Escaping::kHtml, plain.defaults};
  message.subject.clear();
  message.html_body.clear();
  message.text_body.clear();
  subject_.render_to(message.subject, data, plain);
  html_.render_to(message.html_body, data, html);
  text_.render_to(message.text_body, data, plain);
  // A subject is one header line: line breaks and NUL from data become spaces (RFC 5322 §2.2, §3.5).
  for (char& c : message.subject)
    if (c == '\r' || c == '\n' || c == '\0') c = ' ';
}

}  // namespace herald::campaigns
