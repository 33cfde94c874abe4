#include "progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace herald::runner {

ProgressDisplay::ProgressDisplay(bool enabled) : enabled_(enabled), tty_(isatty(STDERR_FILENO) == 1) {}

ProgressDisplay::~ProgressDisplay() { finish(); }

void ProgressDisplay::update(const Progress& progress) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (progress.stage != stage_) {
    finish();
    stage_ = std::string(progress.stage);
    stage_start_ = now;
    last_draw_ = {};
  }
  const auto interval = tty_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(5000);
  const bool done = progress.total && progress.done >= *progress.total;
  if (now - last_draw_ < interval && !done) return;
  last_draw_ = now;
  const double seconds = std::chrono::duration<double>(now - stage_start_).count();
  // A rate over less than a tenth of a second says nothing; leave it out.
  const std::string rate =
      seconds >= 0.1 ? fmt::format(", {:.0f}/s", static_cast<double>(progress.done) / seconds) : std::string();
  std::string line =
      progress.total ? fmt::format("{}: {}/{} ({:.0f}%){}", stage_, progress.done, *progress.total,
                                   *progress.total ? 100.0 * static_cast<double>(progress.done) /
                                                         static_cast<double>(*progress.total)
                                                   : 100.0,
                                   rate)
                     : fmt::format("{}: {}{}", stage_, progress.done, rate);
  if (tty_) {
    fmt::print(stderr, "\r\033[K{}", line);
    drawn_ = true;
  } else {
    fmt::print(stderr, "{}\n", line);
  }
  std::fflush(stderr);
}

void ProgressDisplay::finish() {
  if (drawn_) fmt::print(stderr, "\n");
  drawn_ = false;
}

}  // namespace herald::runner
