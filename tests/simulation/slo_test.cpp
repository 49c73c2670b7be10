// A service level objective against theory: in M/M/1 the response time is
// exponential with rate mu - lambda, so the share completed within t is
// 1 - exp(-(mu - lambda) t); failures with probability p burn p / (1 -
// target) of the error budget.
#include <catch2/catch.hpp>
#include <cmath>

#include "theory_support.hpp"

namespace tiersim {
namespace {

using namespace theory;

TEST_CASE("an M/M/1 latency SLO is met by the share exponential theory gives", "[theory][slo]") {
  const double lambda = 70, mu = 100, t = 0.05;
  model::Model m =
      make_model({service("web", 1, {cpu(Distribution(ExponentialDist{1e9 / mu}))})},
                 {open_client(lambda, 0)}, SimTime::from_seconds(50), SimTime::from_seconds(500));
  m.slo = model::Slo{0.75, SimTime::from_ms(50)};
  const double expected = 1 - std::exp(-(mu - lambda) * t);  // 0.7769
  const Estimate achieved = replicate(m, [](const Result& r) { return *r.slo->achieved; });
  INFO("share within 50 ms: simulated " << achieved.mean << " +/- " << achieved.half_width
                                        << ", theory " << expected);
  CHECK(std::abs(achieved.mean - expected) <= achieved.half_width);
  CHECK(achieved.half_width <= 0.02);
  const Result r = simulate(m);
  REQUIRE(r.slo);
  CHECK(r.slo->met);  // 0.777 >= 0.75
  // The finished, and any request still in flight that is already late.
  CHECK(r.slo->good + r.slo->bad >= r.requests.completed);
  CHECK(r.slo->good + r.slo->bad <= r.requests.completed + r.requests.in_flight);
  CHECK(*r.slo->budget_burned == Approx((1 - *r.slo->achieved) / 0.25));
}

TEST_CASE("failures with probability p burn p / (1 - target) of the error budget",
          "[theory][slo]") {
  const double p = 0.0005;
  model::Model m = make_model(
      {service("web", 4,
               {cpu(Distribution(ExponentialDist{1e7})), model::Step{model::FailStep{p}, "fail"}})},
      {open_client(200, 0)}, SimTime::from_seconds(10), SimTime::from_seconds(600));
  m.slo = model::Slo{0.999, std::nullopt};
  const Result r = simulate(m);
  REQUIRE(r.slo);
  const double n = static_cast<double>(r.slo->good + r.slo->bad);
  CHECK(n > 100000);
  CHECK(r.slo->bad == r.requests.failed);
  // Binomial: the bad share within 4 standard deviations of p.
  const double bad = static_cast<double>(r.slo->bad) / n;
  CHECK(std::abs(bad - p) <= 4 * std::sqrt(p * (1 - p) / n));
  CHECK(*r.slo->budget_burned == Approx(bad / 0.001));
  CHECK(r.slo->met);
  CHECK_FALSE(r.slo->latency_ms);
}

TEST_CASE("an overload's backlog counts against a latency SLO", "[theory][slo]") {
  // 120/s against 100/s: about 1,200 requests pile up in a minute, nearly
  // all of them already older than 100 ms when the run ends.
  model::Model m = make_model({service("web", 1, {cpu(Distribution(ExponentialDist{1e7}))})},
                              {open_client(120, 0)}, SimTime::zero(), SimTime::from_seconds(60));
  m.slo = model::Slo{0.99, SimTime::from_ms(100)};
  const Result r = simulate(m);
  REQUIRE(r.slo);
  REQUIRE(r.requests.in_flight > 800);
  const std::int64_t finished = r.requests.completed;
  CHECK(r.slo->good + r.slo->bad > finished + r.requests.in_flight - 20);
  CHECK(r.slo->good + r.slo->bad <= finished + r.requests.in_flight);
  CHECK_FALSE(r.slo->met);
}

}  // namespace
}  // namespace tiersim
