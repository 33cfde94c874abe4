#pragma once
/// A progress line on stderr for long imports and sends: redrawn in place on a terminal, one line
/// every few seconds otherwise (logs, CI).
#include <chrono>
#include <string>

#include "herald/kernel.hpp"

namespace herald::runner {

class ProgressDisplay {
public:
  explicit ProgressDisplay(bool enabled);
  ~ProgressDisplay();
  void update(const Progress& progress);
  /// Ends the current line (if any) so normal output starts on a fresh line.
  void finish();

private:
  bool enabled_;
  bool tty_;
  bool drawn_ = false;
  std::string stage_;
  std::chrono::steady_clock::time_point stage_start_, last_draw_;
};

}  // namespace herald::runner
