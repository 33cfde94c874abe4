#pragma once
/// Human-readable summaries of what the kernel did, printed by the runner on stdout.
#include <string>
#include <string_view>

#include "herald/kernel.hpp"

namespace herald::runner {

/// Text from input files (rejected values quoted in reasons) printed on one line: control characters
/// (CR, LF, ESC...) appear as escapes, so an input cannot forge summary lines or terminal sequences.
std::string one_line(std::string_view text);

std::string format_import(const ImportSummary& summary, std::size_t max_rejections = 20);
std::string format_campaign(const CampaignRunSummary& run);
std::string format_report(const RunReport& report);

}  // namespace herald::runner
