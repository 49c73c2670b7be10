#include "tiersim/components/circuit_breaker.hpp"

#include <catch2/catch.hpp>

using namespace tiersim;

namespace {

SimTime s(std::int64_t v) {
  return SimTime::from_seconds(v);
}

model::CircuitBreakerPolicy policy(std::int64_t failures, std::int64_t open_for_s,
                                   std::int64_t probes) {
  model::CircuitBreakerPolicy p;
  p.failures = failures;
  p.open_for = s(open_for_s);
  p.probes = probes;
  return p;
}

}  // namespace

TEST_CASE("a breaker opens after failures in a row, not failures in all", "[components][breaker]") {
  CircuitBreaker b(policy(3, 10, 1));
  for (int i = 0; i < 5; ++i) {
    REQUIRE(b.allow(s(1)));
    CHECK_FALSE(b.record(Outcome::failed, s(1)));
    REQUIRE(b.allow(s(1)));
    CHECK_FALSE(b.record(Outcome::completed, s(1)));  // resets the count
  }
  CHECK(b.state() == CircuitBreaker::State::closed);
  CHECK_FALSE(b.record(Outcome::failed, s(2)));
  CHECK_FALSE(b.record(Outcome::timed_out, s(2)));
  CHECK(b.record(Outcome::rejected, s(2)));  // the third in a row opens it
  CHECK(b.state() == CircuitBreaker::State::open);
  CHECK(b.times_opened() == 1);
}

TEST_CASE("an open breaker refuses until open_for, then lets probes through",
          "[components][breaker]") {
  CircuitBreaker b(policy(1, 10, 2));
  REQUIRE(b.allow(s(0)));
  REQUIRE(b.record(Outcome::failed, s(0)));
  CHECK_FALSE(b.allow(s(5)));
  CHECK_FALSE(b.allow(s(9)));
  // Half-open at 10 s: two probes, no third.
  CHECK(b.allow(s(10)));
  CHECK(b.allow(s(10)));
  CHECK_FALSE(b.allow(s(10)));
  CHECK(b.state() == CircuitBreaker::State::half_open);

  SECTION("both probes succeed: closed") {
    CHECK_FALSE(b.record(Outcome::completed, s(11)));
    CHECK(b.state() == CircuitBreaker::State::half_open);
    CHECK_FALSE(b.record(Outcome::completed, s(11)));
    CHECK(b.state() == CircuitBreaker::State::closed);
    CHECK(b.allow(s(11)));
  }
  SECTION("a probe fails: open again for open_for") {
    CHECK(b.record(Outcome::failed, s(12)));
    CHECK(b.state() == CircuitBreaker::State::open);
    CHECK_FALSE(b.allow(s(21)));
    CHECK(b.allow(s(22)));
    CHECK(b.times_opened() == 2);
  }
}
