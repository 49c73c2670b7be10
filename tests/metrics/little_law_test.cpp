#include "tiersim/metrics/little_law.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using tiersim::LittleLawAudit;
using tiersim::LittleLawCheck;
using tiersim::SimTime;

namespace {

// Seconds, fractions kept (SimTime::from_seconds takes whole seconds).
SimTime s(double seconds) {
  return SimTime::from_ns(std::llround(seconds * 1e9));
}

}  // namespace

TEST_CASE("Little's law audit: a window worked out by hand", "[metrics][little]") {
  // Window [10 s, 20 s). A arrives at 5 and leaves at 12; B arrives at 15,
  // is let go of at 18 and its reply leaves at 19; C arrives at 17 and is
  // still there at 20; D arrives at 19 and its reply leaves at 25.
  LittleLawAudit audit(s(10), s(20));
  audit.started(s(5));                  // A
  audit.finished(s(5), s(12), s(12));   // A
  audit.started(s(15));                 // B
  audit.started(s(17));                 // C
  audit.finished(s(15), s(18), s(19));  // B
  audit.started(s(19));                 // D
  audit.finished(s(19), s(19), s(25));  // D
  const LittleLawCheck c = audit.check();
  // In the window: A 2 s, B 4 s, C 3 s, D 1 s: 10 s over 10 s.
  CHECK(c.mean_in_node == Approx(1.0).epsilon(1e-12));
  // A and B left in the window, after 7 s and 4 s.
  CHECK(c.visits_per_second == Approx(0.2).epsilon(1e-12));
  CHECK(c.mean_time_ms == Approx(5500).epsilon(1e-12));
  // E_end = C 3 s + D 1 s; E_begin = A's 5 s before the window.
  CHECK(c.window_edge == Approx(-0.1).epsilon(1e-12));
  CHECK(c.mean_in_node ==
        Approx(c.visits_per_second * c.mean_time_ms / 1000 + c.window_edge).epsilon(1e-12));
  CHECK(c.holds);
}

TEST_CASE("Little's law audit fails on inconsistent accounting", "[metrics][little]") {
  LittleLawAudit audit(s(0), s(10));
  SECTION("an arrival time other than the one the visit started at, seen when the node empties") {
    audit.started(s(2));
    audit.started(s(2.5));
    audit.finished(s(3), s(4), s(4));
    LittleLawAudit same = audit;
    // Not known while a visit is still in the node...
    CHECK(same.check().holds);
    // ...and known once it empties.
    audit.finished(s(2.5), s(5), s(5));
    CHECK_FALSE(audit.check().holds);
  }
  SECTION("a visit finished that never started") {
    audit.started(s(2));
    audit.finished(s(2), s(4), s(4));
    audit.finished(s(2), s(5), s(5));
    CHECK_FALSE(audit.check().holds);
  }
  SECTION("a reply that leaves before the visit let go of it") {
    audit.started(s(2));
    audit.finished(s(2), s(4), s(3));
    CHECK_FALSE(audit.check().holds);
  }
  SECTION("consistent, for contrast, with a visit that never ends") {
    audit.started(s(2));
    audit.finished(s(2), s(4), s(6));
    audit.started(s(8));
    const LittleLawCheck c = audit.check();
    CHECK(c.holds);
    // 4 s + 2 s in the window, over 10 s; the second is all edge.
    CHECK(c.mean_in_node == Approx(0.6).epsilon(1e-12));
    CHECK(c.window_edge == Approx(0.2).epsilon(1e-12));
  }
}

TEST_CASE("Little's law audit is exact over long windows", "[metrics][little]") {
  // 200 visits in the node at a time over 10^7 s: the area is 2e18 ns,
  // far beyond 2^53, where doubles no longer count single nanoseconds. The
  // visits that started before the window make E_begin (2e17 ns) larger
  // than the departures summed so far early on, so the identity's sums wrap
  // below zero modulo 2^64 before they come back.
  constexpr int kOverlap = 200;
  constexpr std::int64_t kGap = 50'000'000'003;  // ns between arrivals
  const SimTime begin = SimTime::from_ns(kGap * 2 * kOverlap), end = s(1e7);
  LittleLawAudit audit(begin, end);
  for (std::int64_t i = 0; SimTime::from_ns(i * kGap) < end; ++i) {
    const SimTime arrive = SimTime::from_ns(i * kGap);
    audit.started(arrive);
    if (i >= kOverlap) {
      const SimTime earlier = SimTime::from_ns((i - kOverlap) * kGap);
      audit.finished(earlier, arrive, arrive + SimTime::from_ns(999));
    }
  }
  const LittleLawCheck c = audit.check();
  CHECK(c.holds);
  CHECK(c.mean_in_node == Approx(kOverlap).epsilon(1e-6));
  CHECK(c.mean_time_ms == Approx(kOverlap * kGap / 1e6 + 999e-6).epsilon(1e-12));
}
