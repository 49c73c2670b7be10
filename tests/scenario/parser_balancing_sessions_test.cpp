// The keys of load balancing, sessions, connections and failures: what they
// parse to, with their marks, and the parse errors of their values.
#include <catch2/catch.hpp>
#include <variant>

#include "scenario_test_util.hpp"

namespace tiersim {
namespace {

using Catch::Matchers::Contains;
using test::all_errors;
using test::parse;

// Line numbers in the tests below refer to this text.
constexpr std::string_view kFull = R"(name: marks
failures:
  - {node: web, instance: 1, at: 2m, restore: 4m}
  - node: web
    instance: 0
    at: 30s
clients:
  browsers:
    rate: 100/s
    population: 1000
    connection: {keep_alive: 30s, per_user: 2}
    session: {length: exp(10m), idle_timeout: 5m}
    target: lb
    requests:
      home: {path: /}
      api: {path: /api/users, response_size: 2KB}
nodes:
  lb:
    kind: load_balancer
    layer: 7
    policy: power_of_two_choices
    sticky: true
    max_connections: 10000
    connection_cpu: 20us
    request_cpu: exp(50us)
    tls: {handshake_cpu: 1ms, bulk: 8Gbps}
    price_per_gb: 0.008
    health_check: {interval: 5s, timeout: 2s, unhealthy_threshold: 3, healthy_threshold: 4}
    target: [web, web2]
    routes:
      - {path: /api/*, class: api, target: app}
  web:
    kind: service
    instances: 2
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
    handle:
      '*': [{cpu: 5ms}]
  app:
    kind: service
    state: external
    session_store: {node: db, request_size: 100B, response_size: 2KB}
    handle:
      '*': [{cpu: 3ms}]
  db:
    kind: service
    handle: {'*': [{cpu: 2ms}]}
)";

void check_mark(const SourceMark& mark, int line, int column) {
  CHECK(mark.file == "s.yaml");
  CHECK(mark.line == line);
  CHECK(mark.column == column);
}

std::string errors(std::string_view yaml) {
  return parse(yaml).diagnostics.format();
}

TEST_CASE("the scenario with every new key parses and validates", "[scenario]") {
  const ParseOutcome out = parse(kFull);
  INFO(out.diagnostics.format());
  CHECK(out.diagnostics.empty());
  CHECK(validate_scenario(out.scenario).empty());
}

TEST_CASE("failures: a list of outages, in file order", "[scenario]") {
  const ast::Scenario s = parse(kFull).scenario;
  REQUIRE(s.failures.size() == 2);
  const ast::Failure& f = s.failures[0];
  check_mark(f.mark, 3, 5);
  REQUIRE(f.node);
  CHECK(f.node->value == "web");
  check_mark(f.node->mark, 3, 12);
  REQUIRE(f.instance);
  CHECK(f.instance->value == 1);
  check_mark(f.instance->mark, 3, 27);
  REQUIRE(f.at_ns);
  CHECK(f.at_ns->value == 120'000'000'000);
  REQUIRE(f.restore_ns);
  CHECK(f.restore_ns->value == 240'000'000'000);
  check_mark(f.restore_ns->mark, 3, 47);
  const ast::Failure& g = s.failures[1];
  check_mark(g.mark, 4, 5);
  CHECK(g.at_ns->value == 30'000'000'000);
  CHECK_FALSE(g.restore_ns);
}

TEST_CASE("a client's population, connection, session and class paths", "[scenario]") {
  const ast::Client c = parse(kFull).scenario.clients.at(0);
  REQUIRE(c.population);
  CHECK(c.population->value == 1000);
  check_mark(c.population->mark, 10, 17);
  REQUIRE(c.connection);
  check_mark(c.connection->mark, 11, 17);
  CHECK(c.connection->keep_alive_ns->value == 30'000'000'000);
  check_mark(c.connection->keep_alive_ns->mark, 11, 30);
  CHECK(c.connection->per_user->value == 2);
  check_mark(c.connection->per_user->mark, 11, 45);
  REQUIRE(c.session);
  check_mark(c.session->mark, 12, 14);
  REQUIRE(c.session->length);
  CHECK(c.session->length->value.mean() == 600e9);
  check_mark(c.session->length->mark, 12, 23);
  CHECK(c.session->idle_timeout_ns->value == 300'000'000'000);
  check_mark(c.session->idle_timeout_ns->mark, 12, 47);
  REQUIRE(c.requests.size() == 2);
  CHECK(c.requests[0].path->value == "/");
  check_mark(c.requests[0].path->mark, 15, 20);
  CHECK(c.requests[1].path->value == "/api/users");
  check_mark(c.requests[1].path->mark, 16, 19);
}

TEST_CASE("a load balancer's pools, routes, costs and health checks", "[scenario]") {
  const ast::Node lb = parse(kFull).scenario.nodes.at(0);
  CHECK(lb.policy->value == "power_of_two_choices");
  REQUIRE(lb.sticky);
  CHECK(lb.sticky->value);
  check_mark(lb.sticky->mark, 22, 13);
  CHECK(lb.max_connections->value == 10000);
  check_mark(lb.max_connections->mark, 23, 22);
  CHECK(lb.connection_cpu->value.mean() == 20e3);
  check_mark(lb.connection_cpu->mark, 24, 21);
  CHECK(std::holds_alternative<ExponentialDist>(lb.request_cpu->value.variant()));
  REQUIRE(lb.tls);
  check_mark(lb.tls->mark, 26, 10);
  CHECK(lb.tls->handshake_cpu->value.mean() == 1e6);
  CHECK(lb.tls->bulk_bps->value == 8'000'000'000);
  check_mark(lb.tls->bulk_bps->mark, 26, 37);
  CHECK(lb.price_per_gb->value == 0.008);
  check_mark(lb.price_per_gb->mark, 27, 19);
  REQUIRE(lb.health_check);
  check_mark(lb.health_check->mark, 28, 19);
  CHECK(lb.health_check->interval_ns->value == 5'000'000'000);
  CHECK(lb.health_check->timeout_ns->value == 2'000'000'000);
  check_mark(lb.health_check->timeout_ns->mark, 28, 43);
  CHECK(lb.health_check->unhealthy_threshold->value == 3);
  CHECK(lb.health_check->healthy_threshold->value == 4);
  REQUIRE(lb.target);
  check_mark(lb.target->mark, 29, 13);
  REQUIRE(lb.target->nodes.size() == 2);
  CHECK(lb.target->nodes[0].value == "web");
  check_mark(lb.target->nodes[0].mark, 29, 14);
  CHECK(lb.target->nodes[1].value == "web2");
  check_mark(lb.target->nodes[1].mark, 29, 19);
  REQUIRE(lb.routes);
  check_mark(lb.routes->mark, 31, 7);
  REQUIRE(lb.routes->value.size() == 1);
  const ast::Route& route = lb.routes->value[0];
  check_mark(route.mark, 31, 9);
  CHECK(route.path->value == "/api/*");
  check_mark(route.path->mark, 31, 16);
  CHECK(route.request_class->value == "api");
  check_mark(route.request_class->mark, 31, 31);
  REQUIRE(route.target);
  REQUIRE(route.target->nodes.size() == 1);
  CHECK(route.target->nodes[0].value == "app");
  check_mark(route.target->nodes[0].mark, 31, 44);
}

TEST_CASE("a service's session state", "[scenario]") {
  const ast::Scenario s = parse(kFull).scenario;
  const ast::Node& web = s.nodes.at(1);
  CHECK(web.state->value == "local");
  check_mark(web.state->mark, 35, 12);
  CHECK(web.session_bytes->value == 10'000);
  check_mark(web.session_bytes->mark, 36, 19);
  CHECK(web.session_timeout_ns->value == 1'200'000'000'000);
  check_mark(web.session_timeout_ns->mark, 37, 22);
  REQUIRE(web.session_miss);
  check_mark(web.session_miss->mark, 39, 7);
  REQUIRE(web.session_miss->value.size() == 2);
  const auto* call = std::get_if<ast::CallStep>(&web.session_miss->value[1].action);
  REQUIRE(call);
  CHECK(call->node.value == "db");
  CHECK(call->response_bytes->value == 10'000);
  CHECK_FALSE(web.session_store);
  const ast::Node& app = s.nodes.at(3);
  CHECK(app.state->value == "external");
  REQUIRE(app.session_store);
  check_mark(app.session_store->mark, 50, 20);
  CHECK(app.session_store->call.node.value == "db");
  check_mark(app.session_store->call.node.mark, 50, 27);
  CHECK(app.session_store->call.request_bytes->value == 100);
  CHECK(app.session_store->call.response_bytes->value == 2000);
  // The short form names the node alone.
  const ast::Node short_form =
      parse("nodes:\n  app:\n    session_store: db\n").scenario.nodes.at(0);
  REQUIRE(short_form.session_store);
  CHECK(short_form.session_store->call.node.value == "db");
  CHECK_FALSE(short_form.session_store->call.request_bytes);
}

TEST_CASE("left out, the new keys stay absent", "[scenario]") {
  const ast::Scenario s = parse(
                              "name: t\nclients:\n  c: {rate: 1/s, target: a, requests: {r: {}}}\n"
                              "nodes:\n  a: {kind: service, handle: {r: []}}\n")
                              .scenario;
  CHECK(s.failures.empty());
  const ast::Client& c = s.clients.at(0);
  CHECK_FALSE(c.population);
  CHECK_FALSE(c.connection);
  CHECK_FALSE(c.session);
  CHECK_FALSE(c.requests.at(0).path);
  const ast::Node& a = s.nodes.at(0);
  CHECK_FALSE(a.state);
  CHECK_FALSE(a.session_miss);
  CHECK_FALSE(a.session_store);
  CHECK_FALSE(a.routes);
  CHECK_FALSE(a.sticky);
  CHECK_FALSE(a.tls);
  CHECK_FALSE(a.health_check);
}

TEST_CASE("parse errors of a client's new keys", "[scenario]") {
  const std::string head = "clients:\n  c:\n";
  CHECK(errors(head + "    population: many\n") ==
        "s.yaml:3:17: error: expected a whole number for 'population' in client 'c', got 'many'\n");
  CHECK(errors(head + "    connection: 5\n") ==
        "s.yaml:3:17: error: expected a map of keep_alive and per_user for 'connection' in "
        "client 'c', got '5'\n");
  CHECK(errors(head + "    connection: {keepalive: 1s}\n") ==
        "s.yaml:3:18: error: unknown key 'keepalive' in the connection of client 'c' (did you "
        "mean 'keep_alive'?)\n");
  CHECK(errors(head + "    connection: {keep_alive: 1KB}\n") ==
        "s.yaml:3:30: error: '1KB' is a size, but a duration is expected here (units: ns, us, "
        "ms, s, m, h)\n");
  CHECK(errors(head + "    session: {lenght: 1m}\n") ==
        "s.yaml:3:15: error: unknown key 'lenght' in the session of client 'c' (did you mean "
        "'length'?)\n");
  CHECK(errors(head + "    session: [1m]\n") ==
        "s.yaml:3:14: error: expected a map of length and idle_timeout for 'session' in client "
        "'c', got a list\n");
  CHECK(errors(head + "    requests:\n      page: {path: [a]}\n") ==
        "s.yaml:4:20: error: expected a path (e.g. /api/users) for 'path' in request class "
        "'page' of client 'c', got a list\n");
}

TEST_CASE("parse errors of failures", "[scenario]") {
  CHECK(errors("failure: []\n") ==
        "s.yaml:1:1: error: unknown key 'failure' at the top level (did you mean 'failures'?)\n");
  CHECK(errors("failures: {node: web}\n") ==
        "s.yaml:1:11: error: expected a list of failures ({node, instance, at, restore}) for "
        "'failures', got a map\n");
  CHECK(errors("failures:\n  - web\n") ==
        "s.yaml:2:5: error: expected a map {node, instance, at, restore} for failure 1, got "
        "'web'\n");
  CHECK(errors("failures:\n  - {node: a, instance: 0, at: 1s}\n  - {nod: a}\n") ==
        "s.yaml:3:6: error: unknown key 'nod' in failure 2 (did you mean 'node'?)\n");
  CHECK(errors("failures:\n  - {instance: 1.5}\n") ==
        "s.yaml:2:16: error: expected a whole number for 'instance' in failure 1, got '1.5'\n");
  CHECK(errors("failures:\n  - {at: 5}\n") ==
        "s.yaml:2:11: error: '5' has no unit; expected a duration with a unit (ns, us, ms, s, "
        "m, h), e.g. 10ms\n");
}

TEST_CASE("parse errors of a load balancer's new keys", "[scenario]") {
  const std::string head = "nodes:\n  lb:\n";
  CHECK(errors(head + "    target: {node: web}\n") ==
        "s.yaml:3:13: error: expected a node name or a list of node names for 'target' in node "
        "'lb', got a map\n");
  CHECK(errors(head + "    target: [web, [app]]\n") ==
        "s.yaml:3:19: error: expected a node name in the list of 'target' in node 'lb', got a "
        "list\n");
  CHECK(errors(head + "    routes: web\n") ==
        "s.yaml:3:13: error: expected a list of routes ({path, class, target}) for 'routes' in "
        "node 'lb', got 'web'\n");
  CHECK(errors(head + "    routes: [web]\n") ==
        "s.yaml:3:14: error: expected a map {path, class, target} for route 1 of node 'lb', got "
        "'web'\n");
  CHECK(errors(head + "    routes:\n      - {pth: /x, target: web}\n") ==
        "s.yaml:4:10: error: unknown key 'pth' in route 1 of node 'lb' (did you mean 'path'?)\n");
  CHECK(errors(head + "    routes:\n      - {path: /x, target: {a: b}}\n") ==
        "s.yaml:4:28: error: expected a node name or a list of node names for 'target' in route "
        "1 of node 'lb', got a map\n");
  CHECK(errors(head + "    sticky: yes\n") ==
        "s.yaml:3:13: error: expected true or false for 'sticky' in node 'lb', got 'yes'\n");
  CHECK(errors(head + "    max_connections: 1e4\n") ==
        "s.yaml:3:22: error: expected a whole number for 'max_connections' in node 'lb', got "
        "'1e4'\n");
  CHECK(errors(head + "    request_cpu: exp(1KB)\n") ==
        "s.yaml:3:22: error: '1KB' is a size, but a duration is expected here (units: ns, us, "
        "ms, s, m, h)\n");
  CHECK(errors(head + "    tls: {handshake_cp: 1ms}\n") ==
        "s.yaml:3:11: error: unknown key 'handshake_cp' in the tls of node 'lb' (did you mean "
        "'handshake_cpu'?)\n");
  CHECK(errors(head + "    tls: {bulk: 1GB}\n") ==
        "s.yaml:3:17: error: '1GB' is a size, but a bandwidth is expected here (units: bps, "
        "Kbps, Mbps, Gbps, Tbps)\n");
  CHECK(errors(head + "    price_per_gb: cheap\n") ==
        "s.yaml:3:19: error: expected a number for 'price_per_gb' in node 'lb', got 'cheap'\n");
  CHECK(errors(head + "    health_check: 5s\n") ==
        "s.yaml:3:19: error: expected a map of interval, timeout, unhealthy_threshold and "
        "healthy_threshold for 'health_check' in node 'lb', got '5s'\n");
  CHECK(errors(head + "    health_check: {intervl: 5s}\n") ==
        "s.yaml:3:20: error: unknown key 'intervl' in the health_check of node 'lb' (did you "
        "mean 'interval'?)\n");
}

TEST_CASE("parse errors of a service's session keys", "[scenario]") {
  const std::string head = "nodes:\n  web:\n";
  CHECK(errors(head + "    state: [local]\n") ==
        "s.yaml:3:12: error: expected a state (none, local or external) for 'state' in node "
        "'web', got a list\n");
  CHECK(errors(head + "    session_size: 10ms\n") ==
        "s.yaml:3:19: error: '10ms' is a duration, but a size is expected here (units: B, KB, "
        "MB, GB, TB, KiB, MiB, GiB, TiB)\n");
  CHECK(errors(head + "    session_miss: {cpu: 1ms}\n") ==
        "s.yaml:3:19: error: expected a list of steps for 'session_miss' in node 'web', got a "
        "map\n");
  CHECK(errors(head + "    session_miss:\n      - cpux: 1ms\n") ==
        "s.yaml:4:9: error: unknown step 'cpux' in 'session_miss' of node 'web' (did you mean "
        "'cpu'?); a step is cpu, delay, call, publish or fail\n");
  CHECK(errors(head + "    session_store: {request_size: 1KB}\n") ==
        "s.yaml:3:20: error: 'session_store' in node 'web' has no 'node'\n");
  CHECK(errors(head + "    session_store: [db]\n") ==
        "s.yaml:3:20: error: expected a node name or {node: NAME, request_size: SIZE, "
        "response_size: SIZE} for 'session_store' in node 'web', got a list\n");
  CHECK(errors(head + "    sesion_store: db\n") ==
        "s.yaml:3:5: error: unknown key 'sesion_store' in node 'web' (did you mean "
        "'session_store'?)\n");
}

// A misspelt key is not reported a second time as missing.
TEST_CASE("a spoilt key of a route or failure is not missing as well", "[scenario]") {
  const std::string base = R"(name: t
clients:
  c: {rate: 1/s, target: lb, requests: {r: {}}}
nodes:
  a: {kind: service, handle: {r: []}}
)";
  CHECK(all_errors(base + "  lb:\n    kind: load_balancer\n    routes:\n      - {pth: /x, "
                          "target: a}\n") ==
        "s.yaml:9:10: error: unknown key 'pth' in route 1 of node 'lb' (did you mean 'path'?)\n");
  CHECK(all_errors(base + "  lb:\n    kind: load_balancer\n    routes:\n      - {path: /x, "
                          "targt: a}\n") ==
        "s.yaml:9:20: error: unknown key 'targt' in route 1 of node 'lb' (did you mean "
        "'target'?)\n");
  CHECK(all_errors(base + "  lb: {kind: load_balancer, target: a}\nfailures:\n  - {nod: a, "
                          "instance: 0, at: 1s}\n") ==
        "s.yaml:8:6: error: unknown key 'nod' in failure 1 (did you mean 'node'?)\n");
}

}  // namespace
}  // namespace tiersim
