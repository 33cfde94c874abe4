#pragma once
/// Human-readable summaries of what the kernel did, printed by the runner on stdout.
#include <string>

#include "herald/kernel.hpp"

namespace herald::runner {

std::string format_import(const ImportSummary& summary, std::size_t max_rejections = 20);
std::string format_campaign(const CampaignRunSummary& run);
std::string format_report(const RunReport& report);

}  // namespace herald::runner
