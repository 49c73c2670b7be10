// A well-formed scenario parses to the values and marks it spells.
#include <catch2/catch.hpp>
#include <variant>

#include "scenario_test_util.hpp"

namespace tiersim {
namespace {

using test::parse;

// Line numbers in the comments of the tests below refer to this text.
constexpr std::string_view kShop = R"(name: shop
description: A small shop
seed: 42
duration: 10m
warmup: 30s
hours_per_month: 720
limits: {max_in_flight: 100000}
instance_types:
  big: {cores: 64, memory: 256GiB, nic: 25Gbps, price_per_hour: 4.5}
clients:
  browsers:
    rate: 42000/m
    arrival: constant
    target: lb
    requests:
      page: {weight: 3, request_size: 1KB, response_size: 100KB}
      api:
  students:
    users: 50
    think_time: exp(1s)
    target: web
    requests:
      page: {}
nodes:
  lb:
    kind: load_balancer
    layer: 7
    policy: round_robin
    target: web
  web:
    kind: service
    instances: 4
    machine: {cores: 8, memory: 16GiB, nic: 1Gbps}
    queue_limit: 1000
    memory_per_request: 2MiB
    handle:
      page:
        - cpu: exp(10ms)
        - call: db
      "*":
        - delay: uniform(1ms, 3ms)
        - call: {node: db, request_size: 200B, response_size: 4KB}
  db:
    kind: service
    instance_type: big
    handle:
      page:
        - cpu: empirical(latency.csv)
)";

void check_mark(const SourceMark& mark, int line, int column) {
  CHECK(mark.file == "s.yaml");
  CHECK(mark.line == line);
  CHECK(mark.column == column);
}

TEST_CASE("a well-formed scenario parses without diagnostics and validates", "[scenario]") {
  const ParseOutcome out = parse(kShop);
  INFO(out.diagnostics.format());
  CHECK(out.diagnostics.empty());
  CHECK(validate_scenario(out.scenario).empty());
  CHECK(out.scenario.file == "s.yaml");
  check_mark(out.scenario.mark, 1, 1);
}

TEST_CASE("top-level values are parsed with their units", "[scenario]") {
  const ast::Scenario s = parse(kShop).scenario;
  REQUIRE(s.name);
  CHECK(s.name->value == "shop");
  check_mark(s.name->mark, 1, 7);
  REQUIRE(s.description);
  CHECK(s.description->value == "A small shop");
  REQUIRE(s.seed);
  CHECK(s.seed->value == 42u);
  REQUIRE(s.duration_ns);
  CHECK(s.duration_ns->value == 600'000'000'000);
  check_mark(s.duration_ns->mark, 4, 11);
  REQUIRE(s.warmup_ns);
  CHECK(s.warmup_ns->value == 30'000'000'000);
  REQUIRE(s.hours_per_month);
  CHECK(s.hours_per_month->value == 720.0);
  REQUIRE(s.limits.max_in_flight);
  CHECK(s.limits.max_in_flight->value == 100000);
  check_mark(s.limits.max_in_flight->mark, 7, 25);
}

TEST_CASE("instance types keep their machine", "[scenario]") {
  const ast::Scenario s = parse(kShop).scenario;
  REQUIRE(s.instance_types.size() == 1);
  const ast::InstanceType& big = s.instance_types[0];
  CHECK(big.name.value == "big");
  check_mark(big.name.mark, 9, 3);
  check_mark(big.machine.mark, 9, 8);
  REQUIRE(big.machine.cores);
  CHECK(big.machine.cores->value == 64);
  REQUIRE(big.machine.memory_bytes);
  CHECK(big.machine.memory_bytes->value == 256LL * 1024 * 1024 * 1024);
  REQUIRE(big.machine.nic_bps);
  CHECK(big.machine.nic_bps->value == 25'000'000'000);
  REQUIRE(big.machine.price_per_hour);
  CHECK(big.machine.price_per_hour->value == 4.5);
}

TEST_CASE("an open-loop client with its request classes", "[scenario]") {
  const ast::Scenario s = parse(kShop).scenario;
  REQUIRE(s.clients.size() == 2);
  const ast::Client& c = s.clients[0];
  CHECK(c.name.value == "browsers");
  check_mark(c.name.mark, 11, 3);
  REQUIRE(c.rate_per_second);
  CHECK(c.rate_per_second->value == 700.0);  // 42000/m
  check_mark(c.rate_per_second->mark, 12, 11);
  REQUIRE(c.arrival);
  CHECK(c.arrival->value == "constant");
  CHECK_FALSE(c.users);
  CHECK_FALSE(c.think_time);
  REQUIRE(c.target);
  CHECK(c.target->value == "lb");
  check_mark(c.target->mark, 14, 13);
  check_mark(c.requests_mark, 15, 5);

  REQUIRE(c.requests.size() == 2);
  const ast::RequestClass& page = c.requests[0];
  CHECK(page.name.value == "page");
  check_mark(page.name.mark, 16, 7);
  REQUIRE(page.weight);
  CHECK(page.weight->value == 3.0);
  REQUIRE(page.request_bytes);
  CHECK(page.request_bytes->value == 1000);
  REQUIRE(page.response_bytes);
  CHECK(page.response_bytes->value == 100000);
  check_mark(page.response_bytes->mark, 16, 59);

  // `api:` with nothing after it is a class with every default.
  const ast::RequestClass& api = c.requests[1];
  CHECK(api.name.value == "api");
  CHECK_FALSE(api.weight);
  CHECK_FALSE(api.request_bytes);
  CHECK_FALSE(api.response_bytes);
}

TEST_CASE("a closed-loop client", "[scenario]") {
  const ast::Client c = parse(kShop).scenario.clients.at(1);
  CHECK(c.name.value == "students");
  CHECK_FALSE(c.rate_per_second);
  REQUIRE(c.users);
  CHECK(c.users->value == 50);
  REQUIRE(c.think_time);
  const auto* think = std::get_if<ExponentialDist>(&c.think_time->value.variant());
  REQUIRE(think);
  CHECK(think->mean == 1e9);
  check_mark(c.think_time->mark, 20, 17);
  REQUIRE(c.requests.size() == 1);
  CHECK(c.requests[0].name.value == "page");
  CHECK_FALSE(c.requests[0].weight);
}

TEST_CASE("a load balancer", "[scenario]") {
  const ast::Node lb = parse(kShop).scenario.nodes.at(0);
  CHECK(lb.name.value == "lb");
  check_mark(lb.name.mark, 25, 3);
  CHECK(lb.kind.value == "load_balancer");
  check_mark(lb.kind.mark, 26, 11);
  REQUIRE(lb.layer);
  CHECK(lb.layer->value == 7);
  REQUIRE(lb.policy);
  CHECK(lb.policy->value == "round_robin");
  REQUIRE(lb.target);
  REQUIRE(lb.target->nodes.size() == 1);
  CHECK(lb.target->nodes[0].value == "web");
  check_mark(lb.target->mark, 29, 13);
  CHECK(lb.handlers.empty());
  CHECK_FALSE(lb.machine);
}

TEST_CASE("a service with a machine and handlers", "[scenario]") {
  const ast::Node web = parse(kShop).scenario.nodes.at(1);
  CHECK(web.name.value == "web");
  check_mark(web.name.mark, 30, 3);
  CHECK(web.kind.value == "service");
  REQUIRE(web.instances);
  CHECK(web.instances->value == 4);
  REQUIRE(web.machine);
  check_mark(web.machine->mark, 33, 14);
  REQUIRE(web.machine->cores);
  CHECK(web.machine->cores->value == 8);
  REQUIRE(web.machine->memory_bytes);
  CHECK(web.machine->memory_bytes->value == 17179869184);
  check_mark(web.machine->memory_bytes->mark, 33, 33);
  REQUIRE(web.machine->nic_bps);
  CHECK(web.machine->nic_bps->value == 1'000'000'000);
  CHECK_FALSE(web.machine->price_per_hour);
  CHECK_FALSE(web.instance_type);
  REQUIRE(web.queue_limit);
  CHECK(web.queue_limit->value == 1000);
  REQUIRE(web.memory_per_request);
  CHECK(web.memory_per_request->value == 2 * 1024 * 1024);

  REQUIRE(web.handlers.size() == 2);
  const ast::Handler& page = web.handlers[0];
  CHECK(page.request_class.value == "page");
  check_mark(page.request_class.mark, 37, 7);
  REQUIRE(page.steps.size() == 2);
  check_mark(page.steps[0].mark, 38, 11);
  const auto* cpu = std::get_if<ast::CpuStep>(&page.steps[0].action);
  REQUIRE(cpu);
  const auto* exp = std::get_if<ExponentialDist>(&cpu->time.value.variant());
  REQUIRE(exp);
  CHECK(exp->mean == 1e7);
  check_mark(cpu->time.mark, 38, 16);
  const auto* call = std::get_if<ast::CallStep>(&page.steps[1].action);
  REQUIRE(call);
  CHECK(call->node.value == "db");
  check_mark(call->node.mark, 39, 17);
  CHECK_FALSE(call->request_bytes);
  CHECK_FALSE(call->response_bytes);

  const ast::Handler& any = web.handlers[1];
  CHECK(any.request_class.value == "*");
  check_mark(any.request_class.mark, 40, 7);
  REQUIRE(any.steps.size() == 2);
  const auto* delay = std::get_if<ast::DelayStep>(&any.steps[0].action);
  REQUIRE(delay);
  const auto* uniform = std::get_if<UniformDist>(&delay->time.value.variant());
  REQUIRE(uniform);
  CHECK(uniform->low == 1e6);
  CHECK(uniform->high == 3e6);
  const auto* sized = std::get_if<ast::CallStep>(&any.steps[1].action);
  REQUIRE(sized);
  CHECK(sized->node.value == "db");
  check_mark(sized->node.mark, 42, 24);
  REQUIRE(sized->request_bytes);
  CHECK(sized->request_bytes->value == 200);
  REQUIRE(sized->response_bytes);
  CHECK(sized->response_bytes->value == 4000);
}

TEST_CASE("an instance type and an empirical distribution", "[scenario]") {
  const ast::Node db = parse(kShop).scenario.nodes.at(2);
  REQUIRE(db.instance_type);
  CHECK(db.instance_type->value == "big");
  CHECK_FALSE(db.machine);
  REQUIRE(db.handlers.size() == 1);
  REQUIRE(db.handlers[0].steps.size() == 1);
  const auto* cpu = std::get_if<ast::CpuStep>(&db.handlers[0].steps[0].action);
  REQUIRE(cpu);
  const auto* empirical = std::get_if<EmpiricalDist>(&cpu->time.value.variant());
  REQUIRE(empirical);
  CHECK(empirical->values == std::vector<double>{2e6, 4e6, 6e6});
  // As written, so that nothing about the working directory reaches a report.
  CHECK(empirical->source == "latency.csv");
}

TEST_CASE("optional keys left out stay absent", "[scenario]") {
  const ParseOutcome out = parse("name: bare\n");
  CHECK(out.diagnostics.empty());
  const ast::Scenario& s = out.scenario;
  CHECK(s.name->value == "bare");
  CHECK_FALSE(s.description);
  CHECK_FALSE(s.seed);
  CHECK_FALSE(s.duration_ns);
  CHECK_FALSE(s.warmup_ns);
  CHECK_FALSE(s.hours_per_month);
  CHECK_FALSE(s.limits.max_in_flight);
  CHECK(s.clients.empty());
  CHECK(s.nodes.empty());
}

TEST_CASE("file order of clients, nodes, classes and handlers is kept", "[scenario]") {
  const ast::Scenario s = parse(kShop).scenario;
  REQUIRE(s.nodes.size() == 3);
  CHECK(s.nodes[0].name.value == "lb");
  CHECK(s.nodes[1].name.value == "web");
  CHECK(s.nodes[2].name.value == "db");
  CHECK(s.clients[0].name.value == "browsers");
  CHECK(s.clients[1].name.value == "students");
}

TEST_CASE("quoted values and flow style parse like plain ones", "[scenario]") {
  const ParseOutcome out = parse(R"(name: "quoted name"
seed: '7'
duration: "1.5s"
clients: {c: {rate: "3600/h", target: web, requests: {page: {weight: 0.5}}}}
)");
  INFO(out.diagnostics.format());
  CHECK(out.diagnostics.empty());
  CHECK(out.scenario.name->value == "quoted name");
  CHECK(out.scenario.seed->value == 7u);
  CHECK(out.scenario.duration_ns->value == 1'500'000'000);
  REQUIRE(out.scenario.clients.size() == 1);
  CHECK(out.scenario.clients[0].rate_per_second->value == 1.0);
  CHECK(out.scenario.clients[0].requests.at(0).weight->value == 0.5);
}

TEST_CASE("parse_scenario_file reads a file and resolves empirical files beside it", "[scenario]") {
  const std::string path = test::kScenarioDataDir + "/one_server.yaml";
  const ParseOutcome out = parse_scenario_file(path);
  INFO(out.diagnostics.format());
  CHECK(out.diagnostics.empty());
  CHECK(validate_scenario(out.scenario).empty());
  CHECK(out.scenario.file == path);
  REQUIRE(out.scenario.name);
  CHECK(out.scenario.name->mark.file == path);
  CHECK(out.scenario.name->mark.line == 1);
  REQUIRE(out.scenario.nodes.size() == 3);
  const auto& step = out.scenario.nodes[2].handlers.at(0).steps.at(0);
  const auto& time = std::get<ast::CpuStep>(step.action).time.value;
  CHECK(time.mean() == 4e6);
}

}  // namespace
}  // namespace tiersim
