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
  // The load balancer's cores are modeled, but it has no CPU work here.
  REQUIRE(ex.nodes[0].cpu);
  CHECK(*ex.nodes[0].cpu == 0);
}

namespace {

model::Explanation explain_text(const std::string& yaml) {
  ParseOutcome parsed = parse_scenario_text(yaml, "test.yaml");
  REQUIRE(parsed.diagnostics.format() == "");
  REQUIRE(validate_scenario(parsed.scenario).format() == "");
  auto compiled = model::compile(parsed.scenario);
  INFO(compiled.diagnostics.format());
  REQUIRE(compiled.model);
  return model::explain(*compiled.model);
}

}  // namespace

TEST_CASE("explain splits a pool's flow by instances", "[model][explain]") {
  const std::string text = R"(name: pool
clients: {c: {rate: 100/s, target: lb, requests: {r: {}}}}
nodes:
  lb: {kind: load_balancer, target: [a, b]}
  a:
    kind: service
    instances: 3
    machine: {cores: 1}
    handle: {r: [{cpu: 10ms}]}
  b:
    kind: service
    machine: {cores: 6}
    handle: {r: [{cpu: 10ms}]}
)";
  const model::Explanation ex = explain_text(text);
  CHECK(ex.nodes[1].visits_per_second == Approx(75));
  CHECK(ex.nodes[2].visits_per_second == Approx(25));
  CHECK(*ex.nodes[1].cpu == Approx(0.25));  // 75/s x 10 ms over 3 cores
  // weighted_random: instances x cores, 3 against 6.
  const model::Explanation weighted = explain_text(std::string(text).replace(
      text.find("target: [a, b]"), 14, "target: [a, b], policy: weighted_random"));
  CHECK(weighted.nodes[1].visits_per_second == Approx(100.0 / 3));
  CHECK(weighted.nodes[2].visits_per_second == Approx(200.0 / 3));
}

TEST_CASE("explain follows routes and session-store calls", "[model][explain]") {
  const model::Explanation ex = explain_text(R"(name: routes
clients:
  c:
    rate: 100/s
    target: lb
    requests:
      page: {weight: 3}
      api: {weight: 1, path: /api/v1}
nodes:
  lb:
    kind: load_balancer
    target: web
    routes: [{path: /api/*, target: app}]
  web: {kind: service, handle: {'*': [{cpu: 1ms}]}}
  app:
    kind: service
    state: external
    session_store: cache
    handle: {'*': [{cpu: 1ms}]}
  cache: {kind: service, handle: {'*': [{cpu: 1ms}]}}
)");
  CHECK(ex.nodes[1].visits_per_second == Approx(75));
  CHECK(ex.nodes[2].visits_per_second == Approx(25));
  CHECK(ex.nodes[3].visits_per_second == Approx(25));
}

TEST_CASE("explain counts a load balancer's CPU", "[model][explain]") {
  // Per request: 1 ms of request_cpu and (1 KB + 9 KB) x 8 / 8 Mbps = 10 ms
  // of TLS bulk; per new connection: 2 ms + a 3 ms handshake.
  const std::string text = R"(name: lb-cpu
clients:
  c:
    rate: 10/s
    target: lb
    requests: {r: {request_size: 1KB, response_size: 9KB}}
nodes:
  lb:
    kind: load_balancer
    machine: {cores: 2}
    target: a
    request_cpu: exp(1ms)
    connection_cpu: 2ms
    tls: {handshake_cpu: 3ms, bulk: 8Mbps}
  a: {kind: service, handle: {r: []}}
)";
  const model::Explanation fresh = explain_text(text);
  CHECK(fresh.nodes[0].cpu_seconds_per_visit == Approx(0.016));
  CHECK(*fresh.nodes[0].cpu == Approx(10 * 0.016 / 2));
  CHECK(*fresh.nodes[0].max_visits_per_second == Approx(2 / 0.016));
  // With keep-alive, connection costs are left out.
  const model::Explanation kept = explain_text(std::string(text).replace(
      text.find("rate: 10/s"), 10, "rate: 10/s\n    connection: {keep_alive: 30s}"));
  CHECK(kept.nodes[0].cpu_seconds_per_visit == Approx(0.011));
}

TEST_CASE("a closed loop's time in service through a pool is the flow-weighted mean",
          "[model][explain]") {
  // 1 ms at the balancer, then a (1 of 4 instances) 10 ms or b (3 of 4) 2 ms:
  // 1 + 10/4 + 2 x 3/4 = 5 ms, so 10 users with no think time send 2000/s.
  const model::Explanation ex = explain_text(R"(name: closed
clients: {c: {users: 10, target: lb, requests: {r: {}}}}
nodes:
  lb: {kind: load_balancer, target: [a, b], request_cpu: 1ms}
  a: {kind: service, handle: {r: [{cpu: 10ms}]}}
  b: {kind: service, instances: 3, handle: {r: [{delay: 2ms}]}}
)");
  CHECK(ex.clients[0].requests_per_second == Approx(2000));
}

TEST_CASE("explain gives a shaped client's mean and peak, and a queue's consumers its load",
          "[model][explain]") {
  const model::Explanation spike = explain_bundled("traffic-spike");
  REQUIRE(spike.clients.size() == 1);
  // 400/s for 240 s and 700/s more for 30 of them.
  CHECK(spike.clients[0].requests_per_second == Approx(400 + 700.0 * 30 / 240));
  REQUIRE(spike.clients[0].peak_per_second);
  CHECK(*spike.clients[0].peak_per_second == Approx(1100));
  CHECK(*spike.clients[0].peak_at_s == Approx(120));

  const model::Explanation queued = explain_bundled("queue-smoothing");
  // The graders take what async_web publishes, at the same mean rate.
  double async_web = 0, graders = 0;
  for (const auto& n : queued.nodes) {
    if (n.name == "async_web") async_web = n.visits_per_second;
    if (n.name == "graders") graders = n.visits_per_second;
  }
  CHECK(async_web > 0);
  CHECK(graders == Approx(async_web));
}
