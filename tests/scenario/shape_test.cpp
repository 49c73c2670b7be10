// A client's shape: parsing, and the diagnostics of each kind of crowd.
#include <catch2/catch.hpp>
#include <string>

#include "scenario_test_util.hpp"
#include "tiersim/model/compile.hpp"

namespace tiersim {
namespace {

using Catch::Matchers::Contains;
using test::all_errors;
using test::with;

// Line 5 holds the shape; the file is valid as it stands.
const std::string kBase = R"(name: t
clients:
  browsers:
    rate: 100/s
    shape: SHAPE
    target: web
    requests:
      page: {}
nodes:
  web:
    kind: service
    machine: {cores: 8}
    handle:
      page: [{cpu: 10ms}]
)";

std::string shaped(std::string_view shape) {
  return with(kBase, "SHAPE", shape);
}

TEST_CASE("every kind of crowd parses and compiles", "[scenario][shape]") {
  const std::string yaml = shaped(
      "[{step: {at: 1m, rate: 10/s}}, {spike: {at: 2m, length: 30s, rate: 900/s}},"
      " {ramp: {from: 3m, to: 4m, rate: 50/s}},"
      " {bursts: {every: 10s, length: 1s, rate: 20/s, first: 5s}},"
      " {daily: {rate: 40/s}}, {deadline: {at: 10m, rate: 300/s, half_life: 2m}}]");
  CHECK(all_errors(yaml).empty());
  const auto compiled = model::compile(test::parse(yaml).scenario);
  REQUIRE(compiled.model);
  const auto& shape = compiled.model->clients[0].shape;
  REQUIRE(shape.size() == 6);
  using Kind = model::Crowd::Kind;
  CHECK(shape[0].kind == Kind::step);
  CHECK(shape[0].at == SimTime::from_seconds(60));
  CHECK(shape[1].length == SimTime::from_seconds(30));
  CHECK(shape[1].rate == 900);
  CHECK(shape[2].to == SimTime::from_seconds(240));
  CHECK(shape[3].first == SimTime::from_seconds(5));
  CHECK(shape[4].kind == Kind::daily);
  CHECK(shape[4].period == SimTime::from_seconds(24 * 3600));  // defaults
  CHECK(shape[4].peak_at == SimTime::from_seconds(14 * 3600));
  CHECK(shape[5].half_life == SimTime::from_seconds(120));
  // A map of kinds reads as the same list.
  CHECK(all_errors(shaped("{spike: {at: 2m, length: 30s, rate: 900/s}, daily: {rate: 5/s}}"))
            .empty());
}

TEST_CASE("shape errors name the crowd, the key and the place", "[scenario][shape]") {
  CHECK_THAT(all_errors(shaped("[{surge: {at: 1m}}]")),
             Contains("s.yaml:5:14: error: unknown key 'surge' in the shape of client 'browsers'"));
  CHECK_THAT(all_errors(shaped("[{spike: {at: 1m, rate: 5/s}}]")),
             Contains("s.yaml:5:21: error: the spike of client 'browsers' has no 'length'"));
  CHECK_THAT(all_errors(shaped("[{step: {at: 1m, rate: 5/s, length: 2s}}]")),
             Contains("s.yaml:5:40: error: unknown key 'length' in the step of client "
                      "'browsers'"));
  CHECK_THAT(all_errors(shaped("[{ramp: {from: 2m, to: 1m, rate: 5/s}}]")),
             Contains("s.yaml:5:35: error: the ramp's 'to' (1m) must come after its 'from' (2m)"));
  CHECK_THAT(all_errors(shaped("[{bursts: {every: 1s, length: 2s, rate: 5/s}}]")),
             Contains("s.yaml:5:42: error: a burst's length (2s) must not exceed its period "
                      "'every' (1s)"));
  CHECK_THAT(all_errors(shaped("[{bursts: {every: 1us, length: 1ns, rate: 5/s}}]")),
             Contains("s.yaml:5:30: error: bursts every 1us over a run of 1m are more than "
                      "1000000; make them rarer"));
  CHECK_THAT(all_errors(shaped("[{deadline: {at: 1h, rate: 5/s, half_life: 0s}}]")),
             Contains("s.yaml:5:55: error: half_life must be above zero, got '0ns'"));
  CHECK_THAT(all_errors(shaped("[{spike: {at: 1m, length: 1s, rate: 0/s}}]")),
             Contains("s.yaml:5:48: error: rate '0/s' is zero"));
  CHECK_THAT(all_errors(shaped("[spike]")),
             Contains("s.yaml:5:13: error: expected a map with one key, the kind of crowd"));
  CHECK_THAT(
      all_errors(with(shaped("[{daily: {rate: 5/s}}]"), "    rate: 100/s\n", "    users: 5\n")),
      Contains("s.yaml:5:14: error: client 'browsers' has a shape but no 'rate'"));
}

}  // namespace
}  // namespace tiersim
