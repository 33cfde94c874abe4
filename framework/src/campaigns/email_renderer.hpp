#pragma once
/// Renders one personalized email per endpoint from a compiled template (Pinpoint EmailTemplate or a
/// campaign's inline EmailMessage): subject and text part unescaped, HTML part HTML-escaped, all three
/// with the template's DefaultSubstitutions. The data is the endpoint in Pinpoint's EndpointResponse shape
/// (`{{Address}}`, `{{Attributes.X}}`, `{{User.UserAttributes.X}}`, `{{Id}}`...).
#include <string>

#include "herald/sdk/endpoint.hpp"
#include "herald/sdk/message.hpp"
#include "templates/default_substitutions.hpp"
#include "templates/engine.hpp"
#include "templates/template.hpp"

namespace herald::campaigns {

struct EmailContent {
  std::string name;  ///< for errors: the template name or "campaign <name>"
  std::string subject, html, text;
  std::string default_substitutions;  ///< JSON text, may be empty
};

class EmailRenderer {
public:
  /// Compiles the three parts; throws sdk::Error "<name>.HtmlPart:3:14: ..." on a template error.
  EmailRenderer(const templates::Engine& engine, const EmailContent& content);
  /// Fills message.subject, html_body and text_body for `endpoint`. `data` is scratch space reused
  /// between calls. Throws sdk::Error when a helper fails.
  void render(const sdk::Endpoint& endpoint, nlohmann::json& data, sdk::Message& message) const;

private:
  templates::Template subject_, html_, text_;
  templates::DefaultSubstitutions defaults_;
};

}  // namespace herald::campaigns
