// compile() of load balancing, sessions, connections and failures: pools and
// routes resolved per class, session-store calls prepended, outages in time
// order, and the errors that need names resolved.
#include <catch2/catch.hpp>

#include "tiersim/model/compile.hpp"
#include "tiersim/scenario/parser.hpp"

using namespace tiersim;
using model::kNoPool;
using model::NodeId;

namespace {

model::CompileOutcome compile_text(const std::string& yaml) {
  ParseOutcome parsed = parse_scenario_text(yaml, "test.yaml");
  REQUIRE(parsed.diagnostics.format() == "");
  REQUIRE(validate_scenario(parsed.scenario).format() == "");
  return model::compile(parsed.scenario);
}

model::Model compile_ok(const std::string& yaml) {
  auto out = compile_text(yaml);
  INFO(out.diagnostics.format());
  REQUIRE(out.model);
  return std::move(*out.model);
}

const char* kShop = R"(name: shop
failures:
  - {node: web, instance: 1, at: 2m, restore: 4m}
  - {node: app, instance: 0, at: 1m}
  - {node: web, instance: 0, at: 1m}
clients:
  browsers:
    rate: 100/s
    population: 1000
    connection: {keep_alive: 30s, per_user: 2}
    session: {length: exp(10m), idle_timeout: 5m}
    target: lb
    requests:
      home: {path: /}
      logo: {path: /static/logo.png}
      users: {path: /api/users}
      login: {}
nodes:
  lb:
    kind: load_balancer
    policy: weighted_random
    sticky: true
    max_connections: 10000
    connection_cpu: 20us
    request_cpu: 50us
    tls: {handshake_cpu: 1ms, bulk: 8Gbps}
    price_per_gb: 0.008
    health_check: {interval: 5s, unhealthy_threshold: 3}
    target: [web, web2]
    routes:
      - {path: /static/*, target: cdn}
      - {path: /api/*, class: home, target: cdn}
      - {path: /api/*, target: app}
      - {class: login, target: [web, web2]}
  web:
    kind: service
    instances: 2
    machine: {cores: 4, memory: 8GiB}
    state: local
    session_size: 10KB
    session_timeout: 20m
    session_miss:
      - cpu: 2ms
      - call: {node: db, response_size: 10KB}
    handle:
      '*': [{cpu: 5ms}]
  web2:
    kind: service
    handle: {'*': [{cpu: 5ms}]}
  cdn:
    kind: service
    handle: {'*': [{cpu: 1ms}]}
  app:
    kind: service
    state: external
    session_store: {node: cache, request_size: 100B, response_size: 2KB}
    handle:
      users: [{cpu: 3ms}, {call: db}]
      '*': [{cpu: 1ms}]
  cache:
    kind: service
    handle: {'*': [{cpu: 100us}]}
  db:
    kind: service
    handle: {'*': [{cpu: 2ms}]}
)";

constexpr NodeId kLb = 0, kWeb = 1, kWeb2 = 2, kCdn = 3, kApp = 4, kCache = 5, kDb = 6;

}  // namespace

TEST_CASE("routes resolve each class to a pool; identical lists share one", "[model]") {
  const model::Model m = compile_ok(kShop);
  REQUIRE(m.classes == std::vector<std::string>{"home", "logo", "users", "login"});
  CHECK(m.class_paths == std::vector<std::string>{"/", "/static/logo.png", "/api/users", "/login"});
  const model::Node& lb = m.nodes[kLb];
  // Pool 0 is the target; the login route's list is the same, so it shares it.
  CHECK(lb.pools == std::vector<std::vector<NodeId>>{{kWeb, kWeb2}, {kCdn}, {kApp}});
  // home: "/" matches no route (the second needs /api/*): the target.
  // logo: the /static/* prefix. users: /api/* (the class-bound route is for home).
  CHECK(lb.pool_of_class == std::vector<std::uint32_t>{0, 1, 2, 0});
}

TEST_CASE("a load balancer's own keys compile with their defaults", "[model]") {
  const model::Model m = compile_ok(kShop);
  const model::Node& lb = m.nodes[kLb];
  CHECK(lb.layer == 7);
  CHECK(lb.policy == model::BalancingPolicy::weighted_random);
  CHECK(lb.sticky);
  CHECK(lb.max_connections == 10000);
  CHECK(lb.connection_cpu.mean() == 20e3);
  CHECK(lb.request_cpu.mean() == 50e3);
  REQUIRE(lb.tls);
  CHECK(lb.tls->handshake_cpu.mean() == 1e6);
  CHECK(lb.tls->bulk_bps == 8'000'000'000);
  CHECK(lb.price_per_gb == 0.008);
  REQUIRE(lb.health_check);
  CHECK(lb.health_check->interval == SimTime::from_seconds(5));
  CHECK(lb.health_check->timeout == SimTime::from_seconds(5));  // default
  CHECK(lb.health_check->unhealthy_threshold == 3);
  CHECK(lb.health_check->healthy_threshold == 2);  // default
  // `tls: {}` is TLS with free handshakes and bulk.
  const model::Model bare = compile_ok(R"(name: t
clients: {c: {rate: 1/s, target: lb, requests: {r: {}}}}
nodes:
  lb: {kind: load_balancer, target: a, tls: {}, health_check: {}}
  a: {kind: service, handle: {r: []}}
)");
  REQUIRE(bare.nodes[0].tls);
  CHECK(bare.nodes[0].tls->bulk_bps == 0);
  CHECK(bare.nodes[0].tls->handshake_cpu.mean() == 0);
  REQUIRE(bare.nodes[0].health_check);
  CHECK(bare.nodes[0].health_check->interval == SimTime::from_seconds(10));
}

TEST_CASE("sessions: local keys, and the store call opening every handler", "[model]") {
  const model::Model m = compile_ok(kShop);
  const model::Node& web = m.nodes[kWeb];
  CHECK(web.state == model::SessionState::local);
  CHECK(web.session_bytes == 10'000);
  CHECK(web.session_timeout == SimTime::from_seconds(1200));
  REQUIRE(web.session_miss.size() == 2);
  CHECK(web.session_miss[0].stream_purpose == "session_miss/0");
  CHECK(web.session_miss[1].stream_purpose == "session_miss/1");
  const auto& miss_call = std::get<model::CallStep>(web.session_miss[1].action);
  CHECK(miss_call.node == kDb);
  CHECK(miss_call.response_bytes == 10'000);
  CHECK_FALSE(web.session_store);

  const model::Node& app = m.nodes[kApp];
  CHECK(app.state == model::SessionState::external);
  CHECK(app.session_store == kCache);
  for (std::size_t c = 0; c < m.classes.size(); ++c) {
    INFO(m.classes[c]);
    REQUIRE(app.handlers[c]);
    const model::Step& first = app.handlers[c]->front();
    CHECK(first.stream_purpose == "session_store");
    const auto& store = std::get<model::CallStep>(first.action);
    CHECK(store.node == kCache);
    CHECK(store.request_bytes == 100);
    CHECK(store.response_bytes == 2000);
  }
  // users: the store call, then its own two steps, purposes unchanged.
  REQUIRE(app.handlers[2]->size() == 3);
  CHECK((*app.handlers[2])[1].stream_purpose == "handle/users/0");
  CHECK(app.handlers[0]->size() == 2);  // '*': the store call and one cpu step
}

TEST_CASE("clients and failures compile; outages in time order", "[model]") {
  const model::Model m = compile_ok(kShop);
  const model::Client& c = m.clients[0];
  CHECK(c.population == 1000);
  CHECK(c.connection.keep_alive == SimTime::from_seconds(30));
  CHECK(c.connection.per_user == 2);
  REQUIRE(c.session.length);
  CHECK(c.session.length->mean() == 600e9);
  CHECK(c.session.idle_timeout == SimTime::from_seconds(300));
  REQUIRE(m.outages.size() == 3);
  // Sorted by `at`; the two at 1m keep their file order.
  CHECK(m.outages[0].node == kApp);
  CHECK(m.outages[0].at == SimTime::from_seconds(60));
  CHECK_FALSE(m.outages[0].restore);
  CHECK(m.outages[1].node == kWeb);
  CHECK(m.outages[1].instance == 0);
  CHECK(m.outages[2].node == kWeb);
  CHECK(m.outages[2].instance == 1);
  CHECK(m.outages[2].at == SimTime::from_seconds(120));
  CHECK(m.outages[2].restore == SimTime::from_seconds(240));
}

TEST_CASE("the topology has one forward edge per pool node and the session calls", "[model]") {
  const model::Model m = compile_ok(kShop);
  std::vector<std::pair<std::size_t, std::size_t>> forwards, calls;
  for (const auto& e : m.topology.edges()) {
    if (e.kind == model::Topology::EdgeKind::forwards) forwards.emplace_back(e.from, e.to);
    if (e.kind == model::Topology::EdgeKind::calls) calls.emplace_back(e.from, e.to);
  }
  using Edges = std::vector<std::pair<std::size_t, std::size_t>>;
  CHECK(forwards == Edges{{kLb, kWeb}, {kLb, kWeb2}, {kLb, kCdn}, {kLb, kApp}});
  // web's session_miss calls db; app calls the cache first, then db.
  CHECK(calls == Edges{{kWeb, kDb}, {kApp, kCache}, {kApp, kDb}});
}

TEST_CASE("route matching: exact paths, prefixes, classes, first match wins", "[model]") {
  const model::Model m = compile_ok(R"(name: t
clients:
  c:
    rate: 1/s
    target: lb
    requests:
      a: {path: /static}
      b: {path: /static/}
      c: {path: /static/x/y}
      d: {path: /login}
      e: {path: /login/}
nodes:
  lb:
    kind: load_balancer
    routes:
      - {path: /static/*, target: s1}
      - {path: /login, target: s2}
      - {class: e, target: s3}
      - {path: /*, class: a, target: s3}
      - {path: /*, target: s4}
  s1: {kind: service, handle: {'*': []}}
  s2: {kind: service, handle: {'*': []}}
  s3: {kind: service, handle: {'*': []}}
  s4: {kind: service, handle: {'*': []}}
)");
  const model::Node& lb = m.nodes[0];
  // No target: pool 0 is empty, and the routes' pools follow.
  CHECK(lb.pools == std::vector<std::vector<NodeId>>{{}, {1}, {2}, {3}, {4}});
  // /static is not under /static/*; /login/ is not /login.
  CHECK(lb.pool_of_class == std::vector<std::uint32_t>{3, 1, 1, 2, 3});
}

TEST_CASE("a class that no route takes, on a balancer with no target", "[model]") {
  const char* text = R"(name: t
clients:
  c:
    rate: 1/s
    target: lb
    requests:
      page: {}
      api: {path: /api/v1}
nodes:
  lb:
    kind: load_balancer
    routes:
      - {path: /api/*, target: a}
  a: {kind: service, handle: {'*': []}}
)";
  auto out = compile_text(text);
  CHECK_FALSE(out.model);
  CHECK(out.diagnostics.format() ==
        "test.yaml:10:3: error: request class 'page' (path /page) matches no route of load "
        "balancer 'lb' and it has no target\n");
  // Sent past the balancer, no class needs a route.
  std::string direct_text = text;
  direct_text.replace(direct_text.find("target: lb"), 10, "target: a");
  auto direct = compile_text(direct_text);
  REQUIRE(direct.model);
  CHECK(direct.model->nodes[0].pool_of_class == std::vector<std::uint32_t>{kNoPool, 1});
}

TEST_CASE("compile errors of sessions and pools", "[model]") {
  auto too_big = compile_text(R"(name: t
clients: {c: {rate: 1/s, target: a, requests: {r: {}}}}
nodes:
  a:
    kind: service
    machine: {memory: 1MiB}
    state: local
    session_size: 2MiB
    handle: {r: []}
)");
  CHECK(too_big.diagnostics.format() ==
        "test.yaml:8:19: error: session_size (2097152 bytes) is more than the memory of one "
        "instance of 'a' (1048576 bytes): no session could ever be stored\n");
  // The store call is a call: it can close a cycle.
  auto cycle = compile_text(R"(name: t
clients: {c: {rate: 1/s, target: a, requests: {r: {}}}}
nodes:
  a:
    kind: service
    state: external
    session_store: b
    handle: {r: []}
  b: {kind: service, handle: {r: [{call: lb}]}}
  lb: {kind: load_balancer, target: [a]}
)");
  CHECK(cycle.diagnostics.format() ==
        "test.yaml:10:38: error: cycle of synchronous calls: a -> b -> lb -> a; a request would "
        "wait on itself forever (use a queue for work that goes back upstream)\n");
}

TEST_CASE("session calls reach their callee with every class", "[model]") {
  // db handles only r: s, which reaches web, reaches db through the miss steps.
  auto miss = compile_text(R"(name: t
clients: {c: {rate: 1/s, target: web, requests: {r: {}, s: {}}}}
nodes:
  web:
    kind: service
    state: local
    session_miss: [{call: db}]
    handle: {'*': []}
  db: {kind: service, handle: {r: []}}
)");
  CHECK(miss.diagnostics.format() ==
        "test.yaml:9:3: error: service 'db' has no handler for request class 's', which reaches "
        "it from 'web' (add a 'handle: {s: [...]}' entry or a '*' handler)\n");
  auto store = compile_text(R"(name: t
clients: {c: {rate: 1/s, target: web, requests: {r: {}, s: {}}}}
nodes:
  web:
    kind: service
    state: external
    session_store: db
    handle: {'*': []}
  db: {kind: service, handle: {r: []}}
)");
  CHECK(store.diagnostics.format() ==
        "test.yaml:9:3: error: service 'db' has no handler for request class 's', which reaches "
        "it from 'web' (add a 'handle: {s: [...]}' entry or a '*' handler)\n");
}

TEST_CASE("every bundled scenario compiles to the defaults of the new fields", "[model]") {
  for (const char* name : {"one-server", "three-tier", "vertical", "horizontal"}) {
    INFO(name);
    ParseOutcome parsed =
        parse_scenario_file(std::string(TIERSIM_SOURCE_DIR "/scenarios/") + name + ".yaml");
    REQUIRE(parsed.diagnostics.empty());
    auto out = model::compile(parsed.scenario);
    REQUIRE(out.model);
    const model::Model& m = *out.model;
    CHECK(m.outages.empty());
    REQUIRE(m.class_paths.size() == m.classes.size());
    for (std::size_t c = 0; c < m.classes.size(); ++c)
      CHECK(m.class_paths[c] == "/" + m.classes[c]);
    for (const auto& client : m.clients) {
      CHECK(client.population == 0);
      CHECK(client.connection.keep_alive == SimTime::zero());
      CHECK(client.connection.per_user == 1);
      CHECK_FALSE(client.session.length);
      CHECK_FALSE(client.session.idle_timeout);
    }
    for (std::size_t i = 0; i < m.nodes.size(); ++i) {
      const model::Node& n = m.nodes[i];
      const ast::Node& a = parsed.scenario.nodes[i];
      CHECK(n.state == model::SessionState::none);
      CHECK(n.session_miss.empty());
      CHECK_FALSE(n.session_store);
      CHECK(n.session_timeout == SimTime::from_seconds(1800));
      if (n.kind != "load_balancer") {
        CHECK(n.pools.empty());
        for (std::size_t c = 0; c < n.handlers.size(); ++c)
          if (n.handlers[c] && !n.handlers[c]->empty())
            CHECK(n.handlers[c]->front().stream_purpose.rfind("handle/", 0) == 0);
        continue;
      }
      REQUIRE(a.target);
      CHECK(n.pools == std::vector<std::vector<NodeId>>{{*m.find_node(a.target->nodes[0].value)}});
      CHECK(n.pool_of_class == std::vector<std::uint32_t>(m.classes.size(), 0));
      CHECK_FALSE(n.sticky);
      CHECK_FALSE(n.tls);
      CHECK_FALSE(n.health_check);
      CHECK_FALSE(n.max_connections);
      CHECK(n.price_per_gb == 0);
      CHECK(n.connection_cpu.mean() == 0);
      CHECK(n.request_cpu.mean() == 0);
    }
  }
}
