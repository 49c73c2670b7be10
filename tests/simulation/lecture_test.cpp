// The lecture's own arithmetic, reproduced by simulation (exact to the
// request, since service times here are constant).
#include <catch2/catch.hpp>

#include "theory_support.hpp"

using namespace theory;

TEST_CASE("an 8-core server with 10 ms of CPU per request saturates at 800 requests/s",
          "[theory][lecture]") {
  const auto m =
      make_model({service("server", 8, {cpu(Distribution::constant(1e7))})}, {open_client(1000, 0)},
                 SimTime::from_seconds(5), SimTime::from_seconds(20));
  const Result r = simulate(m);
  CHECK(r.throughput_rps == Approx(800).epsilon(0.001));
  CHECK(*r.nodes[0].utilization.cpu == Approx(1.0).epsilon(1e-6));
  REQUIRE_FALSE(r.warnings.empty());
  CHECK(r.warnings[0].find("node 'server' is saturated: cpu utilization 1.000") == 0);
}

TEST_CASE("a 1 Gbps NIC sending 100 KB responses saturates at 1,250 responses/s",
          "[theory][lecture]") {
  auto node = service("server", 64, {cpu(Distribution::constant(1e5))});
  node.machine.nic_bps = 1'000'000'000;
  auto client = open_client(1500, 0);
  client.mix[0].response_bytes = 100'000;
  const auto m = make_model({node}, {client}, SimTime::from_seconds(5), SimTime::from_seconds(20));
  const Result r = simulate(m);
  CHECK(r.throughput_rps == Approx(1250).epsilon(0.001));
  CHECK(*r.nodes[0].utilization.nic_tx == Approx(1.0).epsilon(1e-6));
  // The CPU is nowhere near its limit: the NIC is the bottleneck.
  CHECK(*r.nodes[0].utilization.cpu < 0.01);
}

TEST_CASE("below saturation, throughput follows the offered load", "[theory][lecture]") {
  const auto m =
      make_model({service("server", 8, {cpu(Distribution::constant(1e7))})}, {open_client(700, 0)},
                 SimTime::from_seconds(5), SimTime::from_seconds(100));
  const Result r = simulate(m);
  // Poisson counts: 70,000 expected, sd 265; 4 sd is 1.5%.
  CHECK(r.throughput_rps == Approx(700).epsilon(0.015));
  CHECK(*r.nodes[0].utilization.cpu == Approx(700.0 / 800).epsilon(0.015));
  CHECK(r.requests.generated ==
        r.requests.completed + r.requests.rejected + r.requests.failed + r.requests.in_flight);
}
