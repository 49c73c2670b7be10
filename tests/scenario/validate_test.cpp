// Semantic validation: one test per rule, each asserting the formatted
// diagnostic at its mark.
#include <catch2/catch.hpp>
#include <string>

#include "scenario_test_util.hpp"

namespace tiersim {
namespace {

using Catch::Matchers::Contains;
using test::all_errors;
using test::with;

// Line numbers in the tests refer to this text, which is valid as it stands.
const std::string kBase = R"(name: t
clients:
  browsers:
    rate: 700/s
    target: web
    requests:
      page: {weight: 1}
nodes:
  web:
    kind: service
    machine: {cores: 8}
    handle:
      page:
        - cpu: exp(10ms)
        - call: db
  db:
    kind: service
    handle:
      page:
        - cpu: 5ms
)";

const std::string kLoadBalancer = "  lb:\n    kind: load_balancer\n    target: web\n";

TEST_CASE("the base scenario of these tests is valid", "[scenario]") {
  CHECK(all_errors(kBase).empty());
  CHECK(all_errors(kBase + kLoadBalancer).empty());
}

TEST_CASE("name, clients and nodes are required", "[scenario]") {
  CHECK(all_errors(with(kBase, "name: t\n", "")) ==
        "s.yaml:1:1: error: missing required key 'name'\n");
  CHECK_THAT(all_errors("name: t\nnodes: {}\n"),
             Contains("s.yaml:1:1: error: the scenario has no clients; add a 'clients' section"));
  CHECK_THAT(all_errors("name: t\nclients: {}\n"),
             Contains("s.yaml:1:1: error: the scenario has no nodes; add a 'nodes' section"));
}

TEST_CASE("a node's kind is required and must be known", "[scenario]") {
  CHECK(all_errors(with(kBase, "    kind: service\n    machine", "    machine")) ==
        "s.yaml:9:3: error: node 'web' has no 'kind'; expected service, load_balancer or queue\n");
  CHECK(all_errors(with(kBase, "kind: service\n    machine", "kind: servce\n    machine")) ==
        "s.yaml:10:11: error: unknown node kind 'servce' (did you mean 'service'?); expected "
        "service, load_balancer or queue\n");
}

TEST_CASE("keys that do not belong to the node's kind", "[scenario]") {
  CHECK(all_errors(with(kBase, "    machine: {cores: 8}\n",
                        "    machine: {cores: 8}\n    policy: random\n")) ==
        "s.yaml:12:13: error: key 'policy' does not apply to a node of kind 'service'\n");
  CHECK_THAT(all_errors(with(kBase, "    machine: {cores: 8}\n", "    layer: 7\n    target: db\n")),
             Contains("s.yaml:11:12: error: key 'layer' does not apply to a node of kind "
                      "'service'"));
  const std::string lb_with_handler =
      kLoadBalancer + "    queue_limit: 5\n    handle:\n      page:\n        - cpu: 1ms\n";
  const std::string text = all_errors(kBase + lb_with_handler);
  CHECK_THAT(text, Contains("s.yaml:24:18: error: key 'queue_limit' does not apply to a node of "
                            "kind 'load_balancer'"));
  CHECK_THAT(text, Contains("s.yaml:26:7: error: key 'handle' does not apply to a node of kind "
                            "'load_balancer'"));
}

TEST_CASE("a load balancer's target, policy and layer", "[scenario]") {
  CHECK(all_errors(kBase + "  lb:\n    kind: load_balancer\n") ==
        "s.yaml:21:3: error: load balancer 'lb' has no 'target' and no 'routes'\n");
  CHECK(all_errors(kBase + kLoadBalancer + "    policy: round_robbin\n") ==
        "s.yaml:24:13: error: unknown policy 'round_robbin' (did you mean 'round_robin'?); "
        "expected random, round_robin, least_connections, least_outstanding_requests, "
        "power_of_two_choices, weighted_random, hash, ip_hash or key_hash\n");
  CHECK(
      all_errors(kBase + kLoadBalancer + "    policy: least_connections\n    layer: 4\n").empty());
  CHECK(all_errors(kBase + kLoadBalancer + "    layer: 5\n") ==
        "s.yaml:24:12: error: layer must be 4 or 7, got 5\n");
  CHECK(all_errors(kBase + "  lb:\n    kind: load_balancer\n    target: lb\n") ==
        "s.yaml:23:13: error: load balancer 'lb' targets itself\n");
}

TEST_CASE("a service: machine or instance_type, and handlers", "[scenario]") {
  CHECK(all_errors(with(kBase, "    machine: {cores: 8}\n",
                        "    machine: {cores: 8}\n    instance_type: m5.large\n")) ==
        "s.yaml:12:20: error: node 'web' has both 'machine' and 'instance_type'; give one of "
        "them\n");
  CHECK(all_errors(with(kBase, "    handle:\n      page:\n        - cpu: 5ms\n", "")) ==
        "s.yaml:16:3: error: service 'db' has no handlers; give it a 'handle' section with steps "
        "for each request class (or '*')\n");
}

TEST_CASE("references must name an existing node", "[scenario]") {
  CHECK(all_errors(with(kBase, "call: db", "call: dbb")) ==
        "s.yaml:15:17: error: unknown node 'dbb' (did you mean 'db'?)\n");
  CHECK(all_errors(with(kBase, "target: web", "target: wbe")) ==
        "s.yaml:5:13: error: unknown node 'wbe' (did you mean 'web'?)\n");
  CHECK(all_errors(with(kBase, "target: web", "target: frontend")) ==
        "s.yaml:5:13: error: unknown node 'frontend'; the nodes are web, db\n");
  CHECK(all_errors(kBase + "  lb:\n    kind: load_balancer\n    target: wbe\n") ==
        "s.yaml:23:13: error: unknown node 'wbe' (did you mean 'web'?)\n");
  CHECK(all_errors(with(kBase, "call: db", "call: web")) ==
        "s.yaml:15:17: error: node 'web' calls itself\n");
}

TEST_CASE("a client is open loop or closed loop, not both or neither", "[scenario]") {
  CHECK(all_errors(with(kBase, "    rate: 700/s\n", "    rate: 700/s\n    users: 5\n")) ==
        "s.yaml:5:12: error: client 'browsers' has both 'rate' (open loop) and 'users' (closed "
        "loop); give one of them\n");
  CHECK(all_errors(with(kBase, "    rate: 700/s\n", "")) ==
        "s.yaml:3:3: error: client 'browsers' has neither 'rate' (open loop) nor 'users' (closed "
        "loop) nor a 'trace' to replay\n");
  CHECK(all_errors(with(kBase, "  browsers:\n    rate: 700/s\n",
                        "  students:\n    think_time: exp(1s)\n")) ==
        "s.yaml:4:17: error: closed-loop client 'students' has think_time but no users\n");
  // Users without think time: they send again at once.
  CHECK(all_errors(with(kBase, "rate: 700/s", "users: 50")).empty());
  CHECK(all_errors(with(kBase, "rate: 700/s", "users: 50\n    think_time: 2s")).empty());
  CHECK(all_errors(with(kBase, "rate: 700/s", "users: 0")) ==
        "s.yaml:4:12: error: users must be at least 1, got 0\n");
}

TEST_CASE("arrival belongs to open-loop clients and must be known", "[scenario]") {
  CHECK(all_errors(with(kBase, "    rate: 700/s\n", "    rate: 700/s\n    arrival: constant\n"))
            .empty());
  CHECK(all_errors(with(kBase, "    rate: 700/s\n", "    rate: 700/s\n    arrival: poison\n")) ==
        "s.yaml:5:14: error: unknown arrival 'poison' (did you mean 'poisson'?); expected "
        "poisson or constant\n");
  CHECK(all_errors(with(kBase, "    rate: 700/s\n", "    users: 5\n    arrival: poisson\n")) ==
        "s.yaml:5:14: error: client 'browsers' has 'arrival' but no 'rate'; arrival belongs to "
        "open-loop clients\n");
}

TEST_CASE("a client needs a target and request classes with positive weights", "[scenario]") {
  CHECK(all_errors(with(kBase, "    target: web\n", "")) ==
        "s.yaml:3:3: error: client 'browsers' has no 'target'\n");
  CHECK(all_errors(with(kBase, "      page: {weight: 1}\n", "")) ==
        "s.yaml:6:5: error: client 'browsers' has no request classes; add at least one under "
        "'requests'\n");
  // Without a `requests` key, the client's name is the place to point at.
  CHECK_THAT(all_errors(with(kBase, "    requests:\n      page: {weight: 1}\n", "")),
             Contains("s.yaml:3:3: error: client 'browsers' has no request classes"));
  CHECK_THAT(all_errors(with(kBase, "{weight: 1}", "{weight: 0}")),
             Contains("s.yaml:7:22: error: weight must be above zero, got 0\n"));
  CHECK_THAT(all_errors(with(kBase, "{weight: 1}", "{weight: -2.5}")),
             Contains("s.yaml:7:22: error: weight must be above zero, got -2.5\n"));
}

TEST_CASE("a handler's class must be one a client sends, or '*'", "[scenario]") {
  CHECK(all_errors(
            with(kBase, "      page:\n        - cpu: exp", "      pgae:\n        - cpu: exp")) ==
        "s.yaml:13:7: error: node 'web' handles request class 'pgae', which no client sends "
        "(did you mean 'page'?)\n");
  CHECK(
      all_errors(with(kBase, "      page:\n        - cpu: 5ms", "      \"*\":\n        - cpu: 5ms"))
          .empty());
}

TEST_CASE("numbers out of range", "[scenario]") {
  CHECK(all_errors(with(kBase, "    machine: {cores: 8}\n", "    instances: 0\n")) ==
        "s.yaml:11:16: error: instances must be at least 1, got 0\n");
  CHECK(all_errors(with(kBase, "{cores: 8}", "{cores: 0}")) ==
        "s.yaml:11:22: error: cores must be at least 1, got 0\n");
  CHECK(all_errors(with(kBase, "{cores: 8}", "{cores: 8, memory: 0GB, price_per_hour: -1}")) ==
        "s.yaml:11:33: error: memory must be above zero, got 0\n"
        "s.yaml:11:54: error: price_per_hour must not be negative, got -1\n");
  CHECK(all_errors(with(kBase, "{cores: 8}", "{cores: 8}\n    queue_limit: -1")) ==
        "s.yaml:12:18: error: queue_limit must be at least 0, got -1\n");
  CHECK(all_errors(with(kBase, "{cores: 8}", "{cores: 8}\n    queue_limit: 0")).empty());
  CHECK(all_errors("hours_per_month: 0\n" + kBase) ==
        "s.yaml:1:18: error: hours_per_month must be above zero, got 0\n");
  CHECK(all_errors("duration: 0s\nwarmup: 0s\n" + kBase) ==
        "s.yaml:1:11: error: duration must be above zero, got '0ns'\n");
  CHECK(all_errors("limits: {max_in_flight: 0}\n" + kBase) ==
        "s.yaml:1:25: error: max_in_flight must be at least 1, got 0\n");
  CHECK(all_errors("instance_types:\n  big: {cores: 0}\n" + kBase) ==
        "s.yaml:2:16: error: cores must be at least 1, got 0\n");
}

TEST_CASE("validation of an AST built in C++, without YAML", "[scenario]") {
  const SourceMark here{"built.cpp", 1, 1};
  ast::Scenario s;
  s.mark = here;
  s.name = ast::Located<std::string>{"built", here};
  s.warmup_ns = ast::Located<std::int64_t>{-1, {"built.cpp", 2, 1}};
  ast::Client c;
  c.name = {"c", here};
  c.rate_per_second = ast::Located<double>{-3.0, {"built.cpp", 3, 1}};
  c.target = ast::Located<std::string>{"a", here};
  c.requests.push_back(ast::RequestClass{{"page", here}, {}, {}, {}, {}});
  s.clients.push_back(c);
  ast::Node a;
  a.name = {"a", {"built.cpp", 4, 1}};
  a.kind = {"service", here};
  a.handlers.push_back(ast::Handler{{"*", here}, {}});
  s.nodes.push_back(a);
  a.name.mark.line = 5;
  s.nodes.push_back(a);
  CHECK(validate_scenario(s).format() ==
        "built.cpp:2:1: error: warmup must not be negative\n"
        "built.cpp:3:1: error: rate must be above zero, got -3\n"
        "built.cpp:5:1: error: duplicate node 'a'\n");
}

}  // namespace
}  // namespace tiersim
