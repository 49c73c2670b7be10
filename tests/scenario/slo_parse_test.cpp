// The scenario's service level objective: parsing, compiling and errors.
#include <catch2/catch.hpp>
#include <string>

#include "scenario_test_util.hpp"
#include "tiersim/model/compile.hpp"

namespace tiersim {
namespace {

using Catch::Matchers::Contains;
using test::all_errors;
using test::with;

const std::string kBase = R"(name: t
slo: {target: 99.9%, latency: 300ms}
clients:
  users: {rate: 10/s, target: web, requests: {page: {}}}
nodes:
  web: {kind: service, handle: {page: [{cpu: 1ms}]}}
)";

TEST_CASE("an slo compiles to a target share and a latency", "[scenario][slo]") {
  REQUIRE(all_errors(kBase).empty());
  const auto compiled = model::compile(test::parse(kBase).scenario);
  REQUIRE(compiled.model);
  REQUIRE(compiled.model->slo);
  CHECK(compiled.model->slo->target == Approx(0.999));
  CHECK(compiled.model->slo->latency == SimTime::from_ms(300));
  const auto plain = model::compile(
      test::parse(with(kBase, "{target: 99.9%, latency: 300ms}", "{target: 0.99}")).scenario);
  REQUIRE(plain.model);
  CHECK(plain.model->slo->target == Approx(0.99));
  CHECK_FALSE(plain.model->slo->latency);
}

TEST_CASE("slo errors name the key and the place", "[scenario][slo]") {
  CHECK_THAT(all_errors(with(kBase, "target: 99.9%", "target: 100%")),
             Contains("s.yaml:2:15: error: slo target must be above 0% and below 100%, got "
                      "100%; a target of 100% leaves no error budget"));
  CHECK_THAT(all_errors(with(kBase, "target: 99.9%", "target: high")),
             Contains("s.yaml:2:15: error: expected a share (99.9% or 0.999) for 'target' in "
                      "'slo', got 'high'"));
  CHECK_THAT(all_errors(with(kBase, "target: 99.9%, latency: 300ms", "latency: 300ms")),
             Contains("s.yaml:2:6: error: slo has no 'target' (the share of requests that must "
                      "be good, e.g. 99.9%)"));
  CHECK_THAT(all_errors(with(kBase, "latency: 300ms", "latency: 0s")),
             Contains("s.yaml:2:31: error: latency must be above zero"));
  CHECK_THAT(all_errors(with(kBase, "latency: 300ms", "latncy: 300ms")),
             Contains("s.yaml:2:22: error: unknown key 'latncy' in 'slo' (did you mean "
                      "'latency'?)"));
}

}  // namespace
}  // namespace tiersim
