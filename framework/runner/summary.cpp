#include "summary.hpp"

#include <fmt/format.h>

namespace herald::runner {

std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b != 0x7F) out += c;
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else out += fmt::format("\\x{:02x}", b);
  }
  return out;
}

std::string format_import(const ImportSummary& s, std::size_t max_rejections) {
  std::string out = fmt::format("import {} -> project {}: read {}, imported {}, rejected {} ({:.2f} s, {})\n",
                                s.source_id, s.project_id, s.read, s.imported, s.rejected, s.seconds, s.source);
  std::size_t shown = 0;
  for (const auto& r : s.rejections) {
    if (shown++ == max_rejections) {
      out += fmt::format("  ... and {} more rejected rows\n", s.rejected - max_rejections);
      break;
    }
    out += fmt::format("  rejected {}: {}\n", one_line(r.origin), one_line(r.reason));
  }
  return out;
}

std::string format_campaign(const CampaignRunSummary& c) {
  std::string out = fmt::format("campaign {} (run {}) in project {}: {}\n  segment size {}, targeted {}, delivered {}, failed {}",
                                c.campaign_name, c.run_id, c.project_id, c.state, c.segment_size, c.targeted,
                                c.delivered, c.failed);
  if (!c.failures.empty()) {
    std::string by_status;
    for (const auto& [status, count] : c.failures) by_status += fmt::format("{}{} {}", by_status.empty() ? "" : ", ", status, count);
    out += " (" + by_status + ")";
  }
  if (!c.channel.empty()) out += ", via " + c.channel;
  out += "\n";
  if (!c.error.empty()) out += fmt::format("  error: {}\n", one_line(c.error));
  if (!c.note.empty()) out += fmt::format("  note: {}\n", c.note);
  return out;
}

std::string format_report(const RunReport& report) {
  std::string out = "Herald run summary\n";
  for (const auto& import : report.imports) out += format_import(import);
  for (const auto& line : report.definitions) out += fmt::format("definition {}\n", line);
  if (report.campaigns.empty()) out += "no campaign was due\n";
  for (const auto& campaign : report.campaigns) out += format_campaign(campaign);
  for (const auto& line : report.outputs) out += fmt::format("output {}\n", line);
  return out;
}

}  // namespace herald::runner
