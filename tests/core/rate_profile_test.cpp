#include "tiersim/core/rate_profile.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using tiersim::RateProfile;

namespace {

constexpr double kPi = 3.14159265358979323846;

// Lambda(time_at(e)) == e for a spread of e, and time_at is increasing.
void check_inverse(const RateProfile& p, double up_to) {
  std::size_t hint = 0;
  double previous = 0;
  for (double e = 0; e <= up_to; e += up_to / 997) {
    const double t = p.time_at(e, hint);
    INFO("e = " << e << ", t = " << t);
    CHECK(t >= previous);
    CHECK(p.cumulative(t) == Approx(e).margin(1e-7));
    previous = t;
  }
}

}  // namespace

TEST_CASE("a constant rate profile is linear both ways", "[core][rate_profile]") {
  const RateProfile p(40);
  CHECK(p.rate_at(123) == 40);
  CHECK(p.cumulative(10) == 400);
  std::size_t hint = 0;
  CHECK(p.time_at(400, hint) == 10);
  CHECK(p.time_at(1, hint) == Approx(0.025));
}

TEST_CASE("steps, spikes, ramps and bursts add their rates", "[core][rate_profile]") {
  SECTION("step") {
    RateProfile p(10);
    p.add_step(5, 30);
    CHECK(p.rate_at(4.999) == 10);
    CHECK(p.rate_at(5) == 40);
    CHECK(p.cumulative(10) == Approx(10 * 10 + 30 * 5));
    std::size_t hint = 0;
    CHECK(p.time_at(250, hint) == Approx(10));
    check_inverse(p, 500);
  }
  SECTION("spike") {
    RateProfile p(10);
    p.add_spike(2, 3, 90);
    CHECK(p.rate_at(3) == 100);
    CHECK(p.rate_at(5) == 10);
    CHECK(p.cumulative(10) == Approx(100 + 270));
    check_inverse(p, 500);
  }
  SECTION("ramp") {
    RateProfile p(1);
    p.add_ramp(0, 10, 10);
    CHECK(p.rate_at(5) == Approx(6));
    CHECK(p.cumulative(10) == Approx(10 + 50));
    CHECK(p.cumulative(20) == Approx(20 + 50 + 100));
    std::size_t hint = 0;
    CHECK(p.time_at(60, hint) == Approx(10));
    check_inverse(p, 300);
  }
  SECTION("bursts") {
    RateProfile p(1);
    p.add_bursts(1, 10, 2, 50, 100);
    CHECK(p.rate_at(1.5) == 51);
    CHECK(p.rate_at(3.5) == 1);
    CHECK(p.rate_at(91.5) == 51);
    // Ten bursts (1, 11, ..., 91) of 2 s at 50/s over 100 s at 1/s.
    CHECK(p.cumulative(100) == Approx(100 + 10 * 100));
    check_inverse(p, 1100);
  }
}

TEST_CASE("a daily wave integrates in closed form", "[core][rate_profile]") {
  RateProfile p(1);
  p.add_wave(2, 10, 0);  // 1 + (1 + cos(2 pi t / 10)): 3 at t = 0, 1 at t = 5
  CHECK(p.rate_at(0) == Approx(3));
  CHECK(p.rate_at(5) == Approx(1));
  CHECK(p.cumulative(10) == Approx(20));
  CHECK(p.cumulative(2.5) == Approx(2.5 + 2.5 + 10 / (2 * kPi)));
  check_inverse(p, 200);
}

TEST_CASE("a deadline surge doubles every half-life and stops at the deadline",
          "[core][rate_profile]") {
  RateProfile p(1);
  p.add_surge(10, 1, 8);
  CHECK(p.rate_at(9) == Approx(1 + 4));
  CHECK(p.rate_at(7) == Approx(1 + 1));
  CHECK(p.rate_at(10) == 1);
  CHECK(p.cumulative(10) == Approx(10 + 8 / std::log(2.0) * (1 - std::pow(2.0, -10))));
  check_inverse(p, 100);
}

TEST_CASE("every kind together still inverts exactly", "[core][rate_profile]") {
  RateProfile p(5);
  p.add_wave(20, 60, 15);
  p.add_step(30, 10);
  p.add_spike(40, 5, 200);
  p.add_ramp(50, 80, 50);
  p.add_bursts(3, 7, 1, 30, 120);
  p.add_surge(100, 4, 300);
  check_inverse(p, p.cumulative(150));
  // Starting over from a later hint works too.
  std::size_t hint = 1000;
  CHECK(p.cumulative(p.time_at(10, hint)) == Approx(10).margin(1e-7));
}

TEST_CASE("a million bursts build and integrate exactly", "[core][rate_profile]") {
  // Bursts back to back (length == every) must not overlap by rounding, and
  // building them must not take quadratic time.
  RateProfile p(1);
  p.add_bursts(0, 0.1, 0.1, 50, 100'000);  // a million bursts (and one at the end)
  CHECK(p.cumulative(100'000) == Approx(100'000 * 51.0).epsilon(1e-9));
  CHECK(p.peak(0, 100'000).rate == Approx(51).epsilon(1e-12));
  RateProfile gaps(1);
  gaps.add_bursts(0.05, 0.1, 0.05, 50, 100'000);
  CHECK(gaps.cumulative(100'000) == Approx(100'000 + 1'000'000 * 0.05 * 50).epsilon(1e-9));
}
