// Semantic validation of load balancing, sessions, connections and failures:
// one test per rule, each asserting the formatted diagnostic at its mark.
#include <catch2/catch.hpp>
#include <string>

#include "scenario_test_util.hpp"

namespace tiersim {
namespace {

using test::all_errors;
using test::with;

// Line numbers in the tests refer to this text, which is valid as it stands.
const std::string kBase = R"(name: t
clients:
  browsers:
    rate: 700/s
    target: lb
    requests:
      page: {weight: 1}
      api: {path: /api/v1}
nodes:
  lb:
    kind: load_balancer
    target: web
  web:
    kind: service
    instances: 2
    handle:
      '*':
        - cpu: 5ms
  db:
    kind: service
    handle:
      '*':
        - cpu: 1ms
)";

// kBase with `text` given to the client (from line 5), the load balancer
// (from line 13), the web service (from line 16), or at the end (line 24).
std::string client_with(const std::string& text) {
  return with(kBase, "    rate: 700/s\n", "    rate: 700/s\n" + text);
}
std::string lb_with(const std::string& text) {
  return with(kBase, "    target: web\n", "    target: web\n" + text);
}
std::string web_with(const std::string& text) {
  return with(kBase, "    instances: 2\n", "    instances: 2\n" + text);
}

TEST_CASE("a client's population belongs to open loops", "[scenario]") {
  CHECK(all_errors(client_with("    population: 100\n")).empty());
  CHECK(all_errors(with(kBase, "    rate: 700/s\n", "    users: 5\n    population: 10\n")) ==
        "s.yaml:5:17: error: client 'browsers' has 'population' and 'users'; population belongs "
        "to open-loop clients (a closed loop's users are its population)\n");
  CHECK(all_errors(client_with("    population: 0\n")) ==
        "s.yaml:5:17: error: population must be at least 1, got 0\n");
}

TEST_CASE("a client's connection and session", "[scenario]") {
  CHECK(all_errors(client_with("    connection: {keep_alive: 0s, per_user: 64}\n    session: "
                               "{length: exp(5m), idle_timeout: 1m}\n"))
            .empty());
  CHECK(all_errors(client_with("    connection: {per_user: 65}\n")) ==
        "s.yaml:5:28: error: per_user must be between 1 and 64, got 65\n");
  CHECK(all_errors(client_with("    connection: {per_user: 0}\n")) ==
        "s.yaml:5:28: error: per_user must be between 1 and 64, got 0\n");
  CHECK(all_errors(client_with("    session: {idle_timeout: 0s}\n")) ==
        "s.yaml:5:29: error: idle_timeout must be above zero, got '0ns'\n");
}

TEST_CASE("a request class's path", "[scenario]") {
  CHECK(all_errors(with(kBase, "{weight: 1}", "{path: page}")) ==
        "s.yaml:7:20: error: path 'page' of request class 'page' must start with '/'\n");
  CHECK(all_errors(with(kBase, "{weight: 1}", "{path: /a b}")) ==
        "s.yaml:7:20: error: path '/a b' of request class 'page' must not contain spaces\n");
  const std::string second_client = "  students:\n    users: 5\n    target: lb\n    requests:\n";
  CHECK(
      all_errors(with(kBase, "nodes:\n", second_client + "      api: {path: /api/v2}\nnodes:\n")) ==
      "s.yaml:13:19: error: request class 'api' has path '/api/v2' here but '/api/v1' in "
      "client 'browsers'; a class has one path\n");
  // The same path again, or none, agrees.
  CHECK(all_errors(with(kBase, "nodes:\n", second_client + "      api: {path: /api/v1}\nnodes:\n"))
            .empty());
  CHECK(all_errors(with(kBase, "nodes:\n", second_client + "      api: {}\nnodes:\n")).empty());
}

TEST_CASE("failures name an instance of a service", "[scenario]") {
  CHECK(all_errors(kBase +
                   "failures:\n  - {node: web, instance: 1, at: 1m, restore: 2m}\n  - {node: "
                   "db, instance: 0, at: 0s}\n")
            .empty());
  CHECK(all_errors(kBase + "failures:\n  - {node: lb, instance: 0, at: 1m}\n") ==
        "s.yaml:25:12: error: failure 1 names load balancer 'lb'; only the instances of a "
        "service can fail\n");
  CHECK(all_errors(kBase + "failures:\n  - {node: wbe, instance: 0, at: 1m}\n") ==
        "s.yaml:25:12: error: unknown node 'wbe' (did you mean 'web'?)\n");
  CHECK(all_errors(kBase + "failures:\n  - {node: web, instance: 2, at: 1m}\n") ==
        "s.yaml:25:27: error: failure 1 names instance 2 of service 'web', which has 2 instances "
        "(numbered from 0)\n");
  CHECK(all_errors(kBase + "failures:\n  - {node: db, instance: 1, at: 1m}\n") ==
        "s.yaml:25:26: error: failure 1 names instance 1 of service 'db', which has 1 instance "
        "(numbered from 0)\n");
  CHECK(all_errors(kBase + "failures:\n  - {node: db, instance: -1, at: 1m}\n") ==
        "s.yaml:25:26: error: instance must be at least 0, got -1\n");
  CHECK(all_errors(kBase + "failures:\n  - {node: web}\n") ==
        "s.yaml:25:5: error: failure 1 has no 'instance'\n"
        "s.yaml:25:5: error: failure 1 has no 'at'\n");
  CHECK(all_errors(kBase + "failures:\n  - {instance: 0, at: 1m}\n") ==
        "s.yaml:25:5: error: failure 1 has no 'node'\n");
  CHECK(all_errors(kBase + "failures:\n  - {node: web, instance: 0, at: 2m, restore: 2m}\n") ==
        "s.yaml:25:47: error: restore (2m) must be after at (2m)\n");
}

TEST_CASE("a service's state and the session keys it admits", "[scenario]") {
  CHECK(all_errors(web_with("    state: local\n    session_size: 4KB\n    session_timeout: 10m\n"
                            "    session_miss:\n      - call: db\n"))
            .empty());
  CHECK(all_errors(web_with("    state: external\n    session_store: {node: db, request_size: "
                            "1KB}\n"))
            .empty());
  CHECK(all_errors(web_with("    state: none\n")).empty());
  CHECK(all_errors(web_with("    state: locl\n")) ==
        "s.yaml:16:12: error: unknown state 'locl' (did you mean 'local'?); expected none, local "
        "or external\n");
  CHECK(all_errors(web_with("    session_size: 1KB\n")) ==
        "s.yaml:16:19: error: key 'session_size' applies only to a service with state: local\n");
  CHECK(all_errors(web_with("    session_miss: [{cpu: 1ms}]\n")) ==
        "s.yaml:16:19: error: key 'session_miss' applies only to a service with state: local\n");
  CHECK(all_errors(web_with("    state: external\n    session_store: db\n    session_timeout: "
                            "5m\n")) ==
        "s.yaml:18:22: error: key 'session_timeout' applies only to a service with state: "
        "local\n");
  CHECK(all_errors(web_with("    state: local\n    session_store: db\n")) ==
        "s.yaml:17:20: error: key 'session_store' applies only to a service with state: "
        "external\n");
  CHECK(all_errors(web_with("    state: external\n")) ==
        "s.yaml:16:12: error: service 'web' has state: external but no 'session_store'; name the "
        "node that keeps its sessions\n");
  // A misspelt session_store is reported once, as unknown.
  CHECK(all_errors(web_with("    state: external\n    sesion_store: db\n")) ==
        "s.yaml:17:5: error: unknown key 'sesion_store' in node 'web' (did you mean "
        "'session_store'?)\n");
}

TEST_CASE("session values and the nodes they call", "[scenario]") {
  CHECK(all_errors(web_with("    state: local\n    session_timeout: 0s\n")) ==
        "s.yaml:17:22: error: session_timeout must be above zero, got '0ns'\n");
  CHECK(all_errors(web_with("    state: local\n    session_miss: [{call: web}]\n")) ==
        "s.yaml:17:27: error: node 'web' calls itself\n");
  CHECK(all_errors(web_with("    state: external\n    session_store: web\n")) ==
        "s.yaml:17:20: error: node 'web' keeps its sessions in itself\n");
  CHECK(all_errors(web_with("    state: external\n    session_store: dbb\n")) ==
        "s.yaml:17:20: error: unknown node 'dbb' (did you mean 'db'?)\n");
}

TEST_CASE("keys of the other kind of node", "[scenario]") {
  CHECK(all_errors(lb_with("    state: local\n    session_size: 1KB\n")) ==
        "s.yaml:13:12: error: key 'state' does not apply to a node of kind 'load_balancer'\n"
        "s.yaml:14:19: error: key 'session_size' does not apply to a node of kind "
        "'load_balancer'\n");
  CHECK(all_errors(web_with("    sticky: true\n    routes: []\n    tls: {}\n    health_check: "
                            "{}\n    price_per_gb: 0\n")) ==
        "s.yaml:16:13: error: key 'sticky' does not apply to a node of kind 'service'\n"
        "s.yaml:17:13: error: key 'routes' does not apply to a node of kind 'service'\n"
        "s.yaml:18:10: error: key 'tls' does not apply to a node of kind 'service'\n"
        "s.yaml:19:19: error: key 'health_check' does not apply to a node of kind 'service'\n"
        "s.yaml:20:19: error: key 'price_per_gb' does not apply to a node of kind 'service'\n");
}

TEST_CASE("a load balancer's target may be a list: a pool", "[scenario]") {
  CHECK(all_errors(with(kBase, "target: web", "target: [web, db]")).empty());
  CHECK(all_errors(with(kBase, "target: web", "target: [web, web]")) ==
        "s.yaml:12:19: error: node 'web' is named twice in a target of load balancer 'lb'\n");
  CHECK(all_errors(with(kBase, "target: web", "target: []")) ==
        "s.yaml:12:13: error: the target of load balancer 'lb' is an empty list; name at least "
        "one node\n");
  CHECK(all_errors(with(kBase, "target: web", "target: [web, lb]")) ==
        "s.yaml:12:19: error: load balancer 'lb' targets itself\n");
  CHECK(all_errors(with(kBase, "target: web", "target: [web, dbb]")) ==
        "s.yaml:12:19: error: unknown node 'dbb' (did you mean 'db'?)\n");
  const std::string lb2 = "  lb2:\n    kind: load_balancer\n    target: web\n";
  CHECK(all_errors(with(kBase, "target: web", "target: [lb2]") + lb2).empty());
  CHECK(all_errors(with(kBase, "target: web", "target: [web, lb2]") + lb2) ==
        "s.yaml:12:19: error: a target of load balancer 'lb' lists load balancer 'lb2' with "
        "other nodes; a pool is services, or a single load balancer\n");
}

TEST_CASE("routes: a target each, and a path or a class", "[scenario]") {
  const std::string routes =
      "    routes:\n      - {path: /api/*, target: db}\n      - {class: page, target: [web]}\n";
  CHECK(all_errors(with(kBase, "    target: web\n", routes)).empty());
  CHECK(all_errors(lb_with(routes)).empty());
  CHECK(all_errors(with(kBase, "    target: web\n", "    routes: []\n")) ==
        "s.yaml:10:3: error: load balancer 'lb' has no 'target' and no 'routes'\n");
  auto route = [](const std::string& r) { return lb_with("    routes:\n      - " + r + "\n"); };
  CHECK(all_errors(route("{path: /x}")) ==
        "s.yaml:14:9: error: route 1 of load balancer 'lb' has no 'target'\n");
  CHECK(all_errors(route("{target: web}")) ==
        "s.yaml:14:9: error: route 1 of load balancer 'lb' has neither 'path' nor 'class'; give "
        "at least one\n");
  CHECK(all_errors(route("{path: api, target: web}")) ==
        "s.yaml:14:16: error: route path 'api' must start with '/'\n");
  CHECK(all_errors(route("{path: /a b, target: web}")) ==
        "s.yaml:14:16: error: route path '/a b' must not contain spaces\n");
  CHECK(all_errors(route("{path: /a*/b, target: web}")) ==
        "s.yaml:14:16: error: route path '/a*/b' may have '*' only at its end (a prefix, as in "
        "/static/*)\n");
  CHECK(all_errors(route("{path: /*, target: web}")).empty());
  CHECK(all_errors(route("{class: pgae, target: web}")) ==
        "s.yaml:14:17: error: unknown request class 'pgae' in route 1 of load balancer 'lb' "
        "(did you mean 'page'?)\n");
  CHECK(all_errors(route("{path: /x, target: lb}")) ==
        "s.yaml:14:28: error: load balancer 'lb' targets itself\n");
}

TEST_CASE("a layer-4 load balancer sees only connections", "[scenario]") {
  CHECK(all_errors(lb_with("    layer: 4\n    policy: hash\n    max_connections: 100\n"
                           "    connection_cpu: 10us\n    price_per_gb: 0.01\n    health_check: "
                           "{interval: 5s}\n"))
            .empty());
  const std::string why =
      "applies only to a layer-7 load balancer: a layer-4 balancer sees only connections, not "
      "requests\n";
  CHECK(all_errors(lb_with("    layer: 4\n    routes:\n      - {path: /x, target: web}\n"
                           "    sticky: false\n    request_cpu: 1ms\n    tls: {}\n"
                           "    policy: least_outstanding_requests\n")) ==
        "s.yaml:15:7: error: key 'routes' " + why + "s.yaml:16:13: error: key 'sticky' " + why +
            "s.yaml:17:18: error: key 'request_cpu' " + why + "s.yaml:18:10: error: key 'tls' " +
            why + "s.yaml:19:13: error: policy 'least_outstanding_requests' " + why);
  CHECK(all_errors(lb_with("    policy: least_outstanding_requests\n    sticky: true\n")).empty());
}

TEST_CASE("a load balancer's numbers and health check", "[scenario]") {
  CHECK(all_errors(lb_with("    max_connections: 0\n")) ==
        "s.yaml:13:22: error: max_connections must be at least 1, got 0\n");
  CHECK(all_errors(lb_with("    price_per_gb: -0.5\n")) ==
        "s.yaml:13:19: error: price_per_gb must not be negative, got -0.5\n");
  CHECK(all_errors(lb_with("    health_check: {interval: 0s}\n")) ==
        "s.yaml:13:30: error: interval must be above zero, got '0ns'\n");
  CHECK(all_errors(lb_with("    health_check: {timeout: 0s}\n")) ==
        "s.yaml:13:29: error: timeout must be above zero, got '0ns'\n");
  // Against the default interval of 10s, and the default timeout of 5s.
  CHECK(all_errors(lb_with("    health_check: {timeout: 20s}\n")) ==
        "s.yaml:13:29: error: the health_check timeout (20s) is longer than its interval (10s); "
        "a probe must end before the next one starts\n");
  CHECK(all_errors(lb_with("    health_check: {interval: 2s}\n")) ==
        "s.yaml:13:30: error: the health_check timeout (5s) is longer than its interval (2s); a "
        "probe must end before the next one starts\n");
  CHECK(all_errors(lb_with("    health_check: {interval: 2s, timeout: 2s}\n")).empty());
  CHECK(
      all_errors(lb_with("    health_check: {unhealthy_threshold: 0, healthy_threshold: 101}\n")) ==
      "s.yaml:13:41: error: unhealthy_threshold must be between 1 and 100, got 0\n"
      "s.yaml:13:63: error: healthy_threshold must be between 1 and 100, got 101\n");
}

}  // namespace
}  // namespace tiersim
