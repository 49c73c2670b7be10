// A client's circuit_breaker: parsing, defaults and diagnostics.
#include <catch2/catch.hpp>
#include <string>

#include "scenario_test_util.hpp"
#include "tiersim/model/compile.hpp"

namespace tiersim {
namespace {

using Catch::Matchers::Contains;
using test::all_errors;
using test::with;

// Line 5 holds the breaker; the file is valid as it stands.
const std::string kBase = R"(name: t
clients:
  users:
    rate: 100/s
    circuit_breaker: BREAKER
    target: api
    requests:
      page: {}
nodes:
  api:
    kind: service
    handle:
      page: [{cpu: 10ms}]
)";

std::string breaker(std::string_view b) {
  return with(kBase, "BREAKER", b);
}

TEST_CASE("a circuit breaker parses, with its defaults", "[scenario][breaker]") {
  const auto full =
      model::compile(test::parse(breaker("{failures: 20, open_for: 5s, probes: 3}")).scenario);
  REQUIRE(full.model);
  const auto& cb = full.model->clients[0].circuit_breaker;
  REQUIRE(cb);
  CHECK(cb->failures == 20);
  CHECK(cb->open_for == SimTime::from_seconds(5));
  CHECK(cb->probes == 3);
  const auto plain = model::compile(test::parse(breaker("{}")).scenario);
  REQUIRE(plain.model);
  CHECK(plain.model->clients[0].circuit_breaker->failures == 5);
  CHECK(plain.model->clients[0].circuit_breaker->open_for == SimTime::from_seconds(30));
  CHECK(plain.model->clients[0].circuit_breaker->probes == 1);
}

TEST_CASE("circuit breaker errors name the key and the place", "[scenario][breaker]") {
  CHECK_THAT(all_errors(breaker("{failures: 0}")),
             Contains("s.yaml:5:33: error: failures must be between 1 and 1000000, got 0"));
  CHECK_THAT(all_errors(breaker("{open_for: 0s}")),
             Contains("s.yaml:5:33: error: open_for must be above zero, got '0ns'"));
  CHECK_THAT(all_errors(breaker("{probe: 2}")),
             Contains("s.yaml:5:23: error: unknown key 'probe' in the circuit_breaker of client "
                      "'users' (did you mean 'probes'?)"));
}

}  // namespace
}  // namespace tiersim
