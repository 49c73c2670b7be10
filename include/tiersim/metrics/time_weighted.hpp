// TimeWeighted: the time integral of a level (busy cores, bytes held,
// requests waiting) over a measurement window [begin, end).
//
// Changes before the window set the level it starts with; time outside the
// window is not counted. The integral is a double of level x nanoseconds
// (exact below 2^53, and computed the same way in every build).
#pragma once

#include <algorithm>
#include <cstdint>

#include "tiersim/core/sim_time.hpp"

namespace tiersim {

class TimeWeighted {
 public:
  TimeWeighted() = default;
  TimeWeighted(SimTime begin, SimTime end) : begin_(begin), end_(end) {}

  // The level changes by `delta` at `now`. Requires: now >= every earlier now.
  void change(SimTime now, std::int64_t delta) {
    accumulate(now);
    level_ += delta;
  }
  // Adds 1 over [start, end), for intervals known in advance.
  void add_interval(SimTime start, SimTime end) { integral_ += overlap(start, end); }

  // Integral up to `now` (call with the window's end to close it).
  double integral_until(SimTime now) {
    accumulate(now);
    return integral_;
  }
  std::int64_t level() const { return level_; }

 private:
  double overlap(SimTime a, SimTime b) const {
    const SimTime lo = max(a, begin_), hi = min(b, end_);
    return hi > lo ? static_cast<double>((hi - lo).ns()) : 0.0;
  }
  void accumulate(SimTime now) {
    if (level_ != 0) integral_ += static_cast<double>(level_) * overlap(last_, now);
    last_ = max(last_, now);
  }

  SimTime begin_, end_;
  SimTime last_ = SimTime::zero();
  std::int64_t level_ = 0;
  double integral_ = 0;
};

}  // namespace tiersim
