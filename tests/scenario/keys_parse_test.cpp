// Key spaces of request classes: parsing, compiling and errors.
#include <catch2/catch.hpp>
#include <string>

#include "scenario_test_util.hpp"
#include "tiersim/model/compile.hpp"

namespace tiersim {
namespace {

using Catch::Matchers::Contains;
using test::all_errors;
using test::with;

// Line 5 holds the keys.
const std::string kBase = R"(name: t
clients:
  users:
    rate: 10/s
    requests: {get: {keys: {count: 1000000, zipf: 0.99}}}
    target: router
nodes:
  router: {kind: load_balancer, policy: key_hash, target: shards}
  shards: {kind: service, instances: 4, handle: {get: [{cpu: 1ms}]}}
)";

TEST_CASE("a class's keys compile to its key space", "[scenario][keys]") {
  REQUIRE(all_errors(kBase).empty());
  const auto zipf = model::compile(test::parse(kBase).scenario);
  REQUIRE(zipf.model);
  const auto& keys = zipf.model->clients[0].mix[0].keys;
  REQUIRE(keys);
  CHECK(keys->kind == KeySpace::Kind::zipf);
  CHECK(keys->count == 1'000'000);
  CHECK(keys->exponent == 0.99);
  CHECK(zipf.model->nodes[0].policy == model::BalancingPolicy::key_hash);
  const auto hot = model::compile(
      test::parse(with(kBase, "zipf: 0.99", "hot: {keys: 10%, share: 90%}")).scenario);
  REQUIRE(hot.model);
  CHECK(hot.model->clients[0].mix[0].keys->kind == KeySpace::Kind::hot_set);
  CHECK(hot.model->clients[0].mix[0].keys->hot_keys == Approx(0.1));
  CHECK(hot.model->clients[0].mix[0].keys->hot_share == Approx(0.9));
  const auto uniform =
      model::compile(test::parse(with(kBase, "count: 1000000, zipf: 0.99", "count: 50")).scenario);
  REQUIRE(uniform.model);
  CHECK(uniform.model->clients[0].mix[0].keys->kind == KeySpace::Kind::uniform);
}

TEST_CASE("key errors name the key and the place", "[scenario][keys]") {
  CHECK_THAT(all_errors(with(kBase, "count: 1000000, ", "")),
             Contains("s.yaml:5:28: error: the keys of request class 'get' have no 'count'"));
  CHECK_THAT(all_errors(with(kBase, "count: 1000000", "count: 0")),
             Contains("s.yaml:5:36: error: count must be between 1 and 1000000000000, got 0"));
  CHECK_THAT(all_errors(with(kBase, "zipf: 0.99", "zipf: 0")),
             Contains("s.yaml:5:51: error: zipf exponent must be above 0 and at most 10, got 0"));
  CHECK_THAT(all_errors(with(kBase, "zipf: 0.99", "zipf: 1, hot: {keys: 10%, share: 90%}")),
             Contains("error: keys are either zipf or hot, not both"));
  CHECK_THAT(all_errors(with(kBase, "zipf: 0.99", "hot: {keys: 10%}")),
             Contains("error: hot needs both 'keys'"));
  CHECK_THAT(all_errors(with(kBase, "zipf: 0.99", "hot: {keys: 100%, share: 90%}")),
             Contains("error: a hot share must be above 0% and below 100%, got 100%"));
  CHECK_THAT(all_errors(with(kBase, "zipf: 0.99", "zipfian: 0.99")),
             Contains("s.yaml:5:45: error: unknown key 'zipfian' in request class 'get' of "
                      "client 'users'"));
  CHECK_THAT(all_errors(with(kBase, "policy: key_hash", "policy: key_hash, layer: 4")),
             Contains("error: policy 'key_hash' applies only to a layer-7 load balancer"));
}

}  // namespace
}  // namespace tiersim
