// LittleLawAudit: Little's law at one node, as a self-check on every run.
//
// Over a window [b, e) of length T, let L be the time-average number of
// visits in the node (measured as a level that rises when a visit starts and
// falls when it ends), and let lambda and W be the number of visits that left
// in the window over T and their mean time in the node (measured from each
// visit's arrival and departure timestamps). Little's law says L = lambda W
// for a long window. For a finite one it holds exactly with two edge terms:
//
//   L T = lambda W T - E_begin + E_end
//
// where E_begin is the time before b spent by visits that left in the window,
// and E_end the time in the window spent by visits still in the node at e.
// Both shrink against L T as the window grows. The audit reports L, lambda,
// W and the edge term, so the finite-window gap between L and lambda W is
// visible, and checks the exact form. Without per-visit state it learns the
// arrivals of the visits still in the node from the sum of all arrivals
// started less those reported finished, so a visit ended twice, or ended
// with an arrival other than its own, shows only when that sum must be
// zero: when the node empties (or the count of visits goes negative). An
// arrival misreported as another time before the window is never seen (both
// clamp to its start). A reply that leaves before its visit ends, and an
// arrival after the departure, are caught at once. A visit started and never
// ended is not a violation: it is in the node at the window's end, and the
// edge term shows it.
//
// Every sum is kept in integer nanoseconds modulo 2^64, where addition and
// subtraction lose nothing, so the identity holds to the nanosecond or the
// bookkeeping is wrong. The reported figures are doubles made from the same
// sums. Memory O(1).
#pragma once

#include <cstdint>

#include "tiersim/core/sim_time.hpp"
#include "tiersim/metrics/result.hpp"

namespace tiersim {

class LittleLawAudit {
 public:
  LittleLawAudit() = default;
  LittleLawAudit(SimTime begin, SimTime end) : begin_(begin), end_(end) {}

  // A visit arrived at `now`.
  void started(SimTime now);
  // The visit that arrived at `arrived` ended: its component let go of it at
  // `now` and its reply finished leaving the node at `left` (>= now).
  void finished(SimTime arrived, SimTime now, SimTime left);

  // The audit over [begin, end); call once, at `end`, with every later
  // event still unprocessed.
  LittleLawCheck check();

 private:
  // Nanoseconds of `t` into the window, 0 before it and T after it.
  std::uint64_t into_window(SimTime t) const {
    return static_cast<std::uint64_t>((max(begin_, min(t, end_)) - begin_).ns());
  }
  void accumulate(SimTime now);

  SimTime begin_, end_;
  // Exact modulo 2^64 from here on.
  SimTime last_ = SimTime::zero();
  std::int64_t present_ = 0;         // visits started, not yet let go of
  std::uint64_t area_ns_ = 0;        // in-window integral of the visits in the node
  std::uint64_t present_since_ = 0;  // sum of into_window(arrival) over those present
  std::int64_t departed_ = 0;        // visits whose reply left in the window
  std::uint64_t departed_ns_ = 0;    // their total time in the node
  std::uint64_t edge_begin_ns_ = 0;  // E_begin
  std::uint64_t edge_end_ns_ = 0;    // E_end of visits let go of, replies leaving at or after e
  bool consistent_ = true;           // no visit accounting found wrong as it happened
};

}  // namespace tiersim
