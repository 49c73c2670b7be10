// ProgressBar: how far a run is, on stderr, while it goes on.
//
// Shown on a terminal for a run that has taken more than a second, or
// whenever asked (--progress); one line, redrawn at most ten times a second
// in place. It reads the wall clock, so what it prints differs from run to
// run, but it only watches: the run and its outputs are the same with or
// without it. On a terminal the line is cleared at the end so that the
// summary prints where it stood; elsewhere (a log) the last line stays.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>

#include "tiersim/core/sim_time.hpp"

namespace tiersim::cli {

class ProgressBar {
 public:
  // `forced`: show from the start, even when stderr is not a terminal.
  ProgressBar(std::FILE* out, bool terminal, bool forced);
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  ~ProgressBar() { finish(); }

  void update(SimTime now, SimTime end, std::uint64_t events);
  // Leaves the line as described above; safe to call more than once.
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  std::FILE* out_;
  bool terminal_, forced_;
  Clock::time_point started_ = Clock::now(), drawn_{};
  bool shown_ = false;
  std::size_t width_ = 0;  // of the last line drawn
};

}  // namespace tiersim::cli
