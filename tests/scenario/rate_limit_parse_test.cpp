// A node's rate_limit: parsing and its diagnostics.
#include <catch2/catch.hpp>
#include <string>

#include "scenario_test_util.hpp"
#include "tiersim/model/compile.hpp"

namespace tiersim {
namespace {

using Catch::Matchers::Contains;
using test::all_errors;
using test::with;

// Line 11 holds the rate limit; the file is valid as it stands.
const std::string kBase = R"(name: t
clients:
  browsers:
    rate: 100/s
    target: api
    requests:
      page: {}
nodes:
  api:
    kind: service
    rate_limit: LIMIT
    handle:
      page: [{cpu: 10ms}]
)";

std::string limited(std::string_view limit) {
  return with(kBase, "LIMIT", limit);
}

TEST_CASE("a rate limit parses and compiles", "[scenario][rate_limit]") {
  const std::string yaml = limited("{rate: 50/s, burst: 10, per: client}");
  CHECK(all_errors(yaml).empty());
  const auto compiled = model::compile(test::parse(yaml).scenario);
  REQUIRE(compiled.model);
  const auto& rl = compiled.model->nodes[0].rate_limit;
  REQUIRE(rl);
  CHECK(rl->rate == 50);
  CHECK(rl->burst == 10);
  CHECK(rl->per == model::RateLimit::Per::client);
  // Defaults: a burst of one, one bucket for the node.
  const auto plain = model::compile(test::parse(limited("{rate: 5/s}")).scenario);
  REQUIRE(plain.model);
  CHECK(plain.model->nodes[0].rate_limit->burst == 1);
  CHECK(plain.model->nodes[0].rate_limit->per == model::RateLimit::Per::global);
}

TEST_CASE("rate limit errors name the key and the place", "[scenario][rate_limit]") {
  CHECK_THAT(all_errors(limited("{burst: 5}")),
             Contains("s.yaml:11:17: error: the rate_limit of node 'api' has no 'rate'"));
  CHECK_THAT(all_errors(limited("{rate: 5/s, burst: 0}")),
             Contains("s.yaml:11:36: error: burst must be at least 1, got 0"));
  CHECK_THAT(all_errors(limited("{rate: 5/s, per: users}")),
             Contains("s.yaml:11:34: error: unknown rate_limit per 'users' (did you mean 'user'?); "
                      "expected global, "
                      "client or user"));
  CHECK_THAT(all_errors(limited("{rate: 5/s, brust: 5}")),
             Contains("s.yaml:11:29: error: unknown key 'brust' in the rate_limit of node 'api' "
                      "(did you mean 'burst'?)"));
  CHECK_THAT(all_errors(limited("5/s")),
             Contains("s.yaml:11:17: error: expected a map of rate, burst and per"));
}

}  // namespace
}  // namespace tiersim
