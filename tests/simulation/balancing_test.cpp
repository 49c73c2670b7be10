// Load balancing, sessions and failures as a student would see them in a
// result: the issue's acceptance checks, on models built in C++.
#include <fmt/core.h>

#include <catch2/catch.hpp>
#include <cmath>

#include "theory_support.hpp"
#include "tiersim/model/compile.hpp"
#include "tiersim/scenario/parser.hpp"

using namespace theory;

namespace {

constexpr model::NodeId kLb = 0, kWeb = 1;

// lb (layer 7 unless changed) -> web x4 (one core, exp(5ms)), fed by a
// closed loop of `users` users thinking exp(1s).
model::Model lb_and_web(model::BalancingPolicy policy, std::int64_t users) {
  model::Node lb = load_balancer("lb", kWeb, policy);
  model::Node web = service("web", 1, {cpu(Distribution(ExponentialDist{5e6}))}, 4);
  model::Client c;
  c.name = "users";
  c.closed_loop = true;
  c.users = users;
  c.think_time = Distribution(ExponentialDist{1e9});
  c.target = kLb;
  c.mix = {model::RequestMix{0, 1, 0, 0}};
  model::Model m = make_model({lb, web}, {c}, SimTime::zero(), SimTime::from_seconds(120));
  m.class_paths = {"/req"};
  return m;
}

const NodeResult& node(const Result& r, const std::string& name) {
  for (const auto& n : r.nodes)
    if (n.name == name) return n;
  throw std::runtime_error("no node " + name);
}

double event_time(const Result& r, const std::string& event) {
  for (const auto& e : r.instance_events)
    if (e.event == event) return e.time_s;
  return -1;
}

// Parses, validates and compiles `yaml`, then simulates it.
Result run_yaml(const std::string& yaml) {
  ParseOutcome parsed = parse_scenario_text(yaml, "test.yaml");
  REQUIRE(parsed.diagnostics.empty());
  REQUIRE(validate_scenario(parsed.scenario).empty());
  auto compiled = model::compile(parsed.scenario);
  REQUIRE(compiled.model);
  return simulate(*compiled.model);
}

}  // namespace

TEST_CASE("local state: misses without stickiness, none with it", "[balancing][sessions]") {
  model::Model m = lb_and_web(model::BalancingPolicy::round_robin, 200);
  m.nodes[kWeb].state = model::SessionState::local;

  const Result spread = simulate(m);
  const auto& s = *node(spread, "web").sessions;
  CHECK(s.created == 200);
  // Round robin sends a user's next request to an instance picked by the
  // others' traffic: 3 times in 4 not the one that holds the session.
  REQUIRE(s.miss_ratio);
  CHECK(*s.miss_ratio == Approx(0.75).margin(0.02));

  m.nodes[kLb].sticky = true;
  const Result sticky = simulate(m);
  const auto& t = *node(sticky, "web").sessions;
  CHECK(t.created == 200);
  CHECK(t.misses == 0);
  CHECK(t.found > 20000);
}

TEST_CASE("round robin spreads requests over instances within one", "[balancing]") {
  model::Model m = lb_and_web(model::BalancingPolicy::round_robin, 50);
  m.duration = SimTime::from_seconds(30);
  const Result r = simulate(m);
  // Completions in the window lag the picks by the requests in flight (at
  // most 50), so allow those.
  const auto& requests = node(r, "web").balance->requests;
  const auto [lo, hi] = std::minmax_element(requests.begin(), requests.end());
  CHECK(*hi - *lo <= 50);
  CHECK(node(r, "web").balance->requests_cv < 0.005);
}

TEST_CASE("least outstanding requests beats random on unequal instances", "[balancing]") {
  // Pool: three 1-core instances and one 4-core instance; 280 requests/s of
  // exp(10ms). Random gives each instance 70/s: the small ones run at 70%.
  model::Node lb = load_balancer("lb", 1, model::BalancingPolicy::random);
  lb.pools = {{1, 2}};
  model::Node small = service("small", 1, {cpu(Distribution(ExponentialDist{1e7}))}, 3);
  model::Node big = service("big", 4, {cpu(Distribution(ExponentialDist{1e7}))}, 1);
  model::Model m = make_model({lb, small, big}, {open_client(280, 0)}, SimTime::from_seconds(10),
                              SimTime::from_seconds(300));
  m.class_paths = {"/req"};
  const Result random = simulate(m);
  m.nodes[0].policy = model::BalancingPolicy::least_outstanding_requests;
  const Result least = simulate(m);
  INFO("p99 random " << random.latency.p99_ms << " ms, least outstanding " << least.latency.p99_ms
                     << " ms");
  CHECK(least.latency.p99_ms < 0.5 * random.latency.p99_ms);
  // Weighted by cores, the big instance takes 4/7 of the load.
  m.nodes[0].policy = model::BalancingPolicy::weighted_random;
  const Result weighted = simulate(m);
  const double big_share = static_cast<double>(node(weighted, "big").completed) /
                           static_cast<double>(weighted.requests.completed);
  CHECK(big_share == Approx(4.0 / 7.0).margin(0.01));
}

TEST_CASE("health checks take a failed instance out after interval x threshold",
          "[balancing][failures]") {
  model::Model m = lb_and_web(model::BalancingPolicy::round_robin, 1);
  m.clients = {open_client(400, kLb)};
  m.duration = SimTime::from_seconds(200);
  model::HealthCheck hc;
  hc.interval = SimTime::from_seconds(5);
  hc.timeout = SimTime::from_seconds(1);
  hc.unhealthy_threshold = 3;
  hc.healthy_threshold = 2;
  m.nodes[kLb].health_check = hc;
  m.outages = {
      model::InstanceOutage{kWeb, 1, SimTime::from_seconds(100), SimTime::from_seconds(150)}};
  const Result r = simulate(m);
  const double down = event_time(r, "down"), detected = event_time(r, "unhealthy");
  REQUIRE(down == 100);
  REQUIRE(detected > down);
  // Three failed probes in a row: the first comes within one interval of
  // the failure, then two more, then the timeout of the last.
  const double window = detected - down;
  CHECK(std::abs(window - 5 * 3) <= 5);
  CHECK(event_time(r, "up") == 150);
  CHECK(event_time(r, "healthy") > 150);
  CHECK(event_time(r, "healthy") <= 150 + 2 * 5);

  // Round robin gives the dead instance a quarter of the 400/s until it is
  // taken out: Poisson, so within 5 standard deviations.
  const double expected = 400.0 / 4 * window;
  const auto failed = node(r, "lb").balancer->failed_at_down_backend;
  INFO("failed " << failed << ", expected " << expected << " over " << window << " s");
  CHECK(std::abs(static_cast<double>(failed) - expected) <= 5 * std::sqrt(expected));
  // Requests on the instance when it failed fail too.
  CHECK(r.requests.failed >= failed);
  CHECK(r.requests.failed <= failed + 10);
}

TEST_CASE("sessions on a failed instance are lost and counted", "[balancing][failures]") {
  model::Model m = lb_and_web(model::BalancingPolicy::round_robin, 200);
  m.nodes[kWeb].state = model::SessionState::local;
  m.nodes[kLb].sticky = true;
  model::HealthCheck hc;
  hc.interval = SimTime::from_seconds(2);
  hc.timeout = SimTime::from_seconds(1);
  m.nodes[kLb].health_check = hc;
  m.outages = {model::InstanceOutage{kWeb, 2, SimTime::from_seconds(60), std::nullopt}};
  const Result r = simulate(m);
  const auto& s = *node(r, "web").sessions;
  // Sticky round robin put a quarter of the 200 users on instance 2.
  CHECK(s.lost == 50);
  // Each of those users misses once on the instance it moves to.
  CHECK(s.misses == 50);
  CHECK(node(r, "lb").balancer->failed_at_down_backend > 0);
}

TEST_CASE("layer 4 keeps a connection on one backend", "[balancing][connections]") {
  model::Model m = lb_and_web(model::BalancingPolicy::round_robin, 200);
  m.nodes[kLb].layer = 4;
  m.nodes[kWeb].state = model::SessionState::local;
  SECTION("keep-alive longer than the run: no misses") {
    m.clients[0].connection.keep_alive = SimTime::from_seconds(3600);
    const Result r = simulate(m);
    CHECK(node(r, "web").sessions->misses == 0);
    CHECK(node(r, "lb").balancer->connections_opened == 200);
  }
  SECTION("a connection per request: misses") {
    const Result r = simulate(m);
    CHECK(*node(r, "web").sessions->miss_ratio > 0.7);
  }
  SECTION("ip_hash: the same client always reaches the same backend") {
    m.nodes[kLb].policy = model::BalancingPolicy::ip_hash;
    const Result r = simulate(m);
    CHECK(node(r, "web").sessions->misses == 0);
    CHECK(node(r, "lb").balancer->connections_opened > 20000);
  }
  SECTION("hash of address and port: a new connection may move") {
    m.nodes[kLb].policy = model::BalancingPolicy::hash;
    const Result r = simulate(m);
    CHECK(*node(r, "web").sessions->miss_ratio > 0.7);
  }
}

TEST_CASE("external session state: no misses, one call more", "[balancing][sessions]") {
  model::Model m = lb_and_web(model::BalancingPolicy::round_robin, 200);
  model::Node store = service("sessions", 2, {cpu(Distribution(ExponentialDist{5e5}))});
  m.nodes.push_back(store);
  m.nodes[kWeb].state = model::SessionState::external;
  m.nodes[kWeb].session_store = 2;
  for (auto& h : m.nodes[kWeb].handlers)
    h->insert(h->begin(), model::Step{model::CallStep{2, 100, 2000}, "session_store"});
  const Result r = simulate(m);
  CHECK_FALSE(node(r, "web").sessions);
  // One store call per web request (the window's edges cut a few apart).
  CHECK(std::abs(node(r, "sessions").completed - node(r, "web").completed) <= 5);
  CHECK(node(r, "web").completed > 20000);
}

TEST_CASE("repeated outages fail each request once", "[balancing][failures]") {
  // Requests outlive several outages of their instance (delays of seconds):
  // each must fail once, at the first, and every request be accounted for.
  const Result r = run_yaml(R"(
name: repeated-outages
duration: 30s
clients:
  users: {rate: 50/s, target: lb, requests: {page: {request_size: 1KB, response_size: 1KB}}}
nodes:
  lb: {kind: load_balancer, policy: least_outstanding_requests, target: web}
  web: {kind: service, instances: 2, handle: {page: [{delay: 'uniform(1s, 6s)'}]}}
failures:
  - {node: web, instance: 0, at: 1s, restore: 2s}
  - {node: web, instance: 0, at: 3s, restore: 4s}
  - {node: web, instance: 0, at: 3500ms, restore: 5s}
  - {node: web, instance: 0, at: 6s, restore: 7s}
)");
  CHECK_FALSE(r.stopped);
  const auto& q = r.requests;
  CHECK(q.generated == q.completed + q.rejected + q.failed + q.in_flight);
  CHECK(q.failed > 0);
  // Overlapping outages merge: down at 3 s, up at 5 s.
  std::vector<std::string> events;
  for (const auto& e : r.instance_events)
    events.push_back(fmt::format("{:g} {}", e.time_s, e.event));
  CHECK(events == std::vector<std::string>{"1 down", "2 up", "3 down", "5 up", "6 down", "7 up"});
}

TEST_CASE("a layer-4 balancer closes the connections it passed on", "[balancing][connections]") {
  // Every request opens a connection through nlb to alb; if alb never
  // learned they closed, its 50 connections would fill and it would reject.
  const Result r = run_yaml(R"(
name: l4-chain
duration: 20s
clients:
  users: {users: 20, think_time: 50ms, target: nlb, requests: {page: {}}}
nodes:
  nlb: {kind: load_balancer, layer: 4, target: alb}
  alb: {kind: load_balancer, layer: 7, max_connections: 50, target: web}
  web: {kind: service, instances: 2, handle: {page: [{cpu: 1ms}]}}
)");
  CHECK(r.requests.rejected == 0);
  CHECK(r.requests.completed > 7000);
}

TEST_CASE("sessions that take no memory are never evicted for requests", "[balancing][sessions]") {
  const Result r = run_yaml(R"(
name: evict-zero
duration: 30s
warmup: 5s
clients:
  users:
    users: 10
    think_time: exp(20ms)
    connection: {keep_alive: 60s}
    target: web
    requests: {page: {}}
nodes:
  web:
    kind: service
    machine: {cores: 2, memory: 1GiB}
    memory_per_request: 400MiB
    state: local
    handle: {page: [{cpu: exp(5ms)}]}
)");
  const auto& s = *node(r, "web").sessions;
  CHECK(s.evicted == 0);
  CHECK(s.misses == 0);
  CHECK(s.found > 10000);
}
