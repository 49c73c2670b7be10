#include "tiersim/model/compile.hpp"

#include <catch2/catch.hpp>

#include "tiersim/metrics/cost.hpp"
#include "tiersim/model/catalog.hpp"
#include "tiersim/scenario/parser.hpp"

using namespace tiersim;

namespace {

model::CompileOutcome compile_text(const std::string& yaml) {
  ParseOutcome parsed = parse_scenario_text(yaml, "test.yaml");
  REQUIRE(parsed.diagnostics.format() == "");
  REQUIRE(validate_scenario(parsed.scenario).format() == "");
  return model::compile(parsed.scenario);
}

const char* kVertical = R"(name: vertical
clients:
  users:
    rate: 100/s
    target: big
    requests:
      page: {weight: 1}
      api: {weight: 3, request_size: 2KB, response_size: 10KB}
nodes:
  big:
    kind: service
    instance_type: m8id.96xlarge
    handle:
      page: [{cpu: 10ms}, {call: db}]
      '*': [{cpu: exp(1ms)}]
  db:
    kind: service
    instances: 2
    machine: {cores: 4, memory: 16GiB, nic: 10Gbps, price_per_hour: 0.5}
    handle:
      '*': [{cpu: 2ms}]
)";

}  // namespace

TEST_CASE("the shipped catalog parses and holds the lecture's machines", "[model]") {
  const auto& catalog = model::InstanceCatalog::builtin();
  CHECK(catalog.region().rfind("us-east-1", 0) == 0);
  CHECK_FALSE(catalog.prices_as_of().empty());
  const auto* m8id = catalog.find("m8id.96xlarge");
  REQUIRE(m8id);
  CHECK(m8id->vcpus == 384);
  CHECK(m8id->memory_bytes == 1536LL * 1024 * 1024 * 1024);
  CHECK(m8id->network_bps == 100'000'000'000LL);
  CHECK(m8id->price_per_hour == 25.05984);
  for (const char* name :
       {"p5en.48xlarge", "i8g.48xlarge", "r8id.96xlarge", "u7i-12tb.224xlarge",
        "u7in-24tb.224xlarge", "t3.micro", "m5.large", "c5.9xlarge", "r5.24xlarge"})
    CHECK(catalog.find(name) != nullptr);
  CHECK(catalog.find("p5en.48xlarge")->price_per_hour == 63.296);
  CHECK(catalog.find("p5en.48xlarge")->gpus == 8);
}

TEST_CASE("a catalog line with a wrong field count names its line", "[model]") {
  auto parsed = model::InstanceCatalog::parse_csv(
      "# Region: "
      "x\nname,vcpus,memory_gib,network_gbps,price_per_hour_usd,gpus,gpu_type,family,notes\n"
      "a,1,2,3,4,0,,general,\nb,1,2\n",
      "cat.csv");
  REQUIRE_FALSE(ok(parsed));
  CHECK(std::get<ParseError>(parsed).message ==
        "cat.csv:4: expected 9 comma-separated fields, got 3");
}

TEST_CASE("compile resolves instance types, defaults and handlers", "[model]") {
  auto out = compile_text(kVertical);
  REQUIRE(out.model);
  const model::Model& m = *out.model;
  CHECK(m.seed == 1);
  CHECK(m.duration == SimTime::from_seconds(60));
  CHECK(m.hours_per_month == 730);
  REQUIRE(m.classes == std::vector<std::string>{"page", "api"});
  const auto& big = m.nodes[0];
  CHECK(big.machine.cores == 384);
  CHECK(big.machine.instance_type == "m8id.96xlarge");
  CHECK(big.handlers[0]->size() == 2);  // page: its own handler
  CHECK(big.handlers[1]->size() == 1);  // api: the '*' handler
  CHECK(std::get<model::CallStep>((*big.handlers[0])[1].action).node == 1);
  const auto& db = m.nodes[1];
  CHECK(db.instances == 2);
  CHECK(*db.machine.memory_bytes == 16LL << 30);
  CHECK(*db.machine.nic_bps == 10'000'000'000LL);
  CHECK(m.clients[0].mix[1].response_bytes == 10'000);
  // Topology: db and big are vertices 1 and 0, the client vertex 2.
  CHECK(m.topology.vertex_count() == 3);
  CHECK(m.topology.edges().size() == 2);
  CHECK(m.topology.find_cycle().empty());
}

TEST_CASE("one m8id.96xlarge costs $25.05984 an hour", "[model][lecture]") {
  auto out = compile_text(kVertical);
  REQUIRE(out.model);
  const CostResult cost = compute_cost(*out.model, 1000);
  CHECK(cost.by_node[0].per_hour_usd == 25.05984);
  CHECK(cost.by_node[0].per_month_usd == Approx(18293.6832).epsilon(1e-12));
  CHECK(cost.by_node[1].per_hour_usd == 1.0);
  CHECK(cost.per_hour_usd == Approx(26.05984).epsilon(1e-12));
  // 1000 requests/s is 3.6 million an hour.
  CHECK(*cost.per_million_requests_usd == Approx(26.05984 / 3.6).epsilon(1e-12));
}

TEST_CASE("a scenario's own instance type overrides or adds to the catalog", "[model]") {
  auto out = compile_text(R"(name: custom
instance_types:
  m5.large: {cores: 3, memory: 1GiB, price_per_hour: 9}
  tiny: {cores: 1}
clients:
  c: {rate: 1/s, target: a, requests: {r: {}}}
nodes:
  a: {kind: service, instance_type: m5.large, handle: {r: [{call: b}]}}
  b: {kind: service, instance_type: tiny, handle: {r: [{cpu: 1ms}]}}
)");
  REQUIRE(out.model);
  CHECK(out.model->nodes[0].machine.cores == 3);
  CHECK(out.model->nodes[0].machine.price_per_hour == 9);
  CHECK(*out.model->nodes[0].machine.memory_bytes == 1LL << 30);
  // What the override leaves out keeps the shipped value (0.75 Gbps baseline).
  CHECK(*out.model->nodes[0].machine.nic_bps == 750'000'000);
  CHECK(out.model->nodes[1].machine.cores == 1);
  CHECK_FALSE(out.model->nodes[1].machine.memory_bytes);
}

TEST_CASE("compile errors carry the mark of their cause", "[model]") {
  auto out = compile_text(R"(name: errors
clients:
  c: {rate: 1/s, target: lb, requests: {r: {}}}
nodes:
  lb: {kind: load_balancer, target: a}
  a:
    kind: service
    machine: {cores: 1, memory: 1MiB}
    memory_per_request: 2MiB
    handle: {r: [{call: b}]}
  b: {kind: service, handle: {r: [{call: a}]}}
)");
  CHECK_FALSE(out.model);
  CHECK(out.diagnostics.format() ==
        "test.yaml:9:25: error: memory_per_request (2097152 bytes) is more than the memory of one "
        "instance of 'a' (1048576 bytes): no request could ever be admitted\n"
        "test.yaml:11:42: error: cycle of synchronous calls: a -> b -> a; a request would wait on "
        "itself forever (use a queue for work that goes back upstream)\n");
}
