#include "tiersim/simulation/replications.hpp"

#include <catch2/catch.hpp>

#include "theory_support.hpp"
#include "tiersim/metrics/confidence.hpp"
#include "tiersim/report/json_report.hpp"

using namespace theory;

TEST_CASE("replications do not depend on the number of threads", "[replications]") {
  const auto m =
      make_model({service("server", 2, {cpu(Distribution(ExponentialDist{10e6}))})},
                 {open_client(150, 0)}, SimTime::from_seconds(1), SimTime::from_seconds(10));
  const auto one = simulate_replications(m, 5, 1);
  const auto three = simulate_replications(m, 5, 3);
  REQUIRE(one.size() == 5);
  REQUIRE(three.size() == 5);
  for (int i = 0; i < 5; ++i) {
    CHECK(one[i].seed == replication_seed(m.seed, i));
    CHECK(to_json(one[i]) == to_json(three[i]));
  }
  CHECK(one[0].seed != one[1].seed);
  CHECK(one[0].latency.mean_ms != one[1].latency.mean_ms);
}

TEST_CASE("confidence intervals use Student's t", "[replications]") {
  CHECK(t_quantile_975(1) == 12.706);
  CHECK(t_quantile_975(9) == 2.262);
  CHECK(t_quantile_975(30) == 2.042);
  CHECK(t_quantile_975(40) == Approx(2.021));
  CHECK(t_quantile_975(1'000'000) == Approx(1.960).epsilon(0.001));
  // 1..5: mean 3, sample sd sqrt(2.5), t(4) = 2.776.
  const Interval ci = confidence_interval({1, 2, 3, 4, 5});
  CHECK(ci.mean == 3);
  CHECK(ci.half_width == Approx(2.776 * std::sqrt(2.5) / std::sqrt(5.0)));
  CHECK(ci.min == 1);
  CHECK(ci.max == 5);
  CHECK(confidence_interval({7}).half_width == 0);
}
