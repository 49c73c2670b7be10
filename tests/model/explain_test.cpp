#include "tiersim/model/explain.hpp"

#include <catch2/catch.hpp>

#include "tiersim/model/compile.hpp"
#include "tiersim/scenario/parser.hpp"

using namespace tiersim;

namespace {

// explain() of a bundled scenario, compiled from its file.
model::Explanation explain_bundled(const std::string& name) {
  ParseOutcome parsed = parse_scenario_file(TIERSIM_SOURCE_DIR "/scenarios/" + name + ".yaml");
  REQUIRE(parsed.diagnostics.empty());
  auto compiled = model::compile(parsed.scenario);
  REQUIRE(compiled.model);
  return model::explain(*compiled.model);
}

}  // namespace

TEST_CASE("explain reproduces the lecture's arithmetic for one server", "[model][explain]") {
  const model::Explanation ex = explain_bundled("one-server");
  REQUIRE(ex.nodes.size() == 1);
  const auto& web = ex.nodes[0];
  CHECK(web.visits_per_second == 700);
  CHECK(web.cpu_seconds_per_visit == Approx(0.010));
  // 700/s x 10 ms over 8 cores; 700/s x 100 KB x 8 bits over 1 Gbps.
  CHECK(*web.cpu == Approx(0.875));
  CHECK(*web.nic_tx == Approx(0.56));
  CHECK(*web.nic_rx == Approx(0.0056));
  CHECK(ex.bottleneck_node == "web");
  CHECK(ex.bottleneck_resource == "cpu");
  // Saturation at 800 requests/s: the load can grow by 800 / 700.
  CHECK(*ex.headroom == Approx(800.0 / 700));
  CHECK(*web.max_visits_per_second == Approx(800));
}

TEST_CASE("explain follows load balancers and calls, and bounds closed loops", "[model][explain]") {
  const model::Explanation ex = explain_bundled("three-tier");
  REQUIRE(ex.clients.size() == 2);
  CHECK(ex.clients[0].requests_per_second == 300);
  // 200 users thinking 4 s on average: just under 50 requests/s.
  CHECK(ex.clients[1].closed_loop);
  CHECK(ex.clients[1].requests_per_second < 50);
  CHECK(ex.clients[1].requests_per_second > 49.5);
  for (const auto& n : ex.nodes)
    CHECK(n.visits_per_second == Approx(300 + ex.clients[1].requests_per_second));
  CHECK_FALSE(ex.nodes[0].cpu);  // the load balancer's cores are not modeled
}
