// Arrival traces: reading the CSV, and the diagnostics of a bad one, each
// at the CSV's own file:line:col.
#include <catch2/catch.hpp>
#include <string>

#include "scenario_test_util.hpp"
#include "tiersim/model/compile.hpp"

namespace tiersim {
namespace {

using Catch::Matchers::Contains;
using test::all_errors;
using test::with;

// Line 4 names the trace; page and upload are the client's classes.
const std::string kBase = R"(name: t
clients:
  recorded:
    trace: FILE
    target: web
    requests:
      page: {response_size: 10KB}
      upload: {request_size: 2MB}
nodes:
  web:
    kind: service
    handle:
      "*": [{cpu: 10ms}]
)";

std::string replaying(std::string_view file) {
  return with(kBase, "FILE", file);
}

TEST_CASE("a trace compiles to its arrivals, classes, sizes and users", "[scenario][trace]") {
  const std::string yaml = replaying("trace-good.csv");
  REQUIRE(all_errors(yaml).empty());
  const auto compiled = model::compile(test::parse(yaml).scenario);
  REQUIRE(compiled.model);
  const model::Client& c = compiled.model->clients[0];
  CHECK(c.replay);
  CHECK_FALSE(c.closed_loop);
  REQUIRE(c.trace.size() == 4);
  CHECK(c.trace[0].at == SimTime::from_ms(500));
  CHECK(c.trace[1].at == SimTime::from_ms(750));
  CHECK(c.trace[2].at == SimTime::from_ms(1250));
  CHECK(c.trace[3].at == SimTime::from_ms(2000));
  // Classes by mix index (page is the first class of the client).
  CHECK(c.trace[0].mix == 0);
  CHECK(c.trace[1].mix == 1);
  CHECK(c.trace[1].request_bytes == 1'000'000);
  CHECK(c.trace[0].request_bytes == -1);
  CHECK(c.trace[2].response_bytes == 20'000);
  CHECK(c.trace[0].user == 3);
  // The users a trace names are a population of their own.
  CHECK(c.population == 4);
}

TEST_CASE("a trace may give each request's key", "[scenario][trace]") {
  const std::string yaml = replaying("trace-keys.csv");
  REQUIRE(all_errors(yaml).empty());
  const auto compiled = model::compile(test::parse(yaml).scenario);
  REQUIRE(compiled.model);
  const model::Client& c = compiled.model->clients[0];
  REQUIRE(c.trace.size() == 3);
  CHECK(c.trace[0].key == 7);
  CHECK(c.trace[1].key == 7);
  CHECK(c.trace[2].key == 123456);
  const std::string bad = all_errors(replaying("trace-bad-key.csv"));
  CHECK_THAT(bad, Contains("trace-bad-key.csv:2:12: error: key '0' must be a whole number from 1 "
                           "to 1000000000000"));
  CHECK_THAT(bad, Contains("trace-bad-key.csv:3:12: error: key 'x7' must be a whole number"));
}

TEST_CASE("a bad trace is reported at the CSV's line and column", "[scenario][trace]") {
  const std::string dir = test::kScenarioDataDir + "/";
  CHECK_THAT(all_errors(replaying("trace-bad-header.csv")),
             Contains("trace-bad-header.csv:1:6: error: unknown column 'clas' in the trace's "
                      "header; expected time, class, request_size, response_size, user or key"));
  CHECK_THAT(all_errors(replaying("trace-no-time.csv")),
             Contains("trace-no-time.csv:1:1: error: the trace's header has no 'time' column"));
  const std::string rows = all_errors(replaying("trace-bad-rows.csv"));
  CHECK_THAT(rows, Contains("trace-bad-rows.csv:3:2: error: time: "));
  CHECK_THAT(rows, Contains("trace-bad-rows.csv:6:1: error: this line has 1 cells, but the header "
                            "names 2 columns"));
  CHECK_THAT(rows, Contains("trace-bad-rows.csv:7:1: error: time "));
  CHECK_THAT(rows, Contains("trace-bad-rows.csv:8:1: error: this line has 3 cells"));
  CHECK_THAT(rows, Contains("trace-bad-rows.csv:9:1: error: time 250ms comes before the line "
                            "above (3s); a trace must be in time order"));
  // Validation finds the unknown class, at its first appearance in the CSV.
  CHECK_THAT(rows, Contains("trace-bad-rows.csv:5:3: error: class 'uplaod' is not a request class "
                            "of client 'recorded' (did you mean 'upload'?)"));
  CHECK_THAT(all_errors(replaying("trace-no-class.csv")),
             Contains("s.yaml:4:12: error: the trace of client 'recorded' has no 'class' column, "
                      "but the client has 2 request classes; add a class column"));
  CHECK_THAT(all_errors(with(replaying("trace-user.csv"), "    target: web\n",
                             "    target: web\n    population: 5\n")),
             Contains("trace-user.csv:2:3: error: user 7 is not among the 5 users of client "
                      "'recorded' (its population)"));
  CHECK_THAT(all_errors(replaying("trace-empty.csv")),
             Contains("s.yaml:4:12: error: trace file 'trace-empty.csv' is empty"));
  CHECK_THAT(all_errors(replaying("trace-header-only.csv")),
             Contains("s.yaml:4:12: error: trace file 'trace-header-only.csv' has no arrivals"));
  CHECK_THAT(all_errors(replaying("no-such.csv")),
             Contains("s.yaml:4:12: error: cannot open trace file 'no-such.csv'"));
  CHECK_THAT(all_errors(with(replaying("trace-good.csv"), "    target: web\n",
                             "    target: web\n    rate: 5/s\n")),
             Contains("s.yaml:6:11: error: client 'recorded' has a trace and 'rate'; a trace "
                      "gives the arrivals itself"));
}

}  // namespace
}  // namespace tiersim

namespace tiersim {
namespace {

TEST_CASE("a trace's header may start with a byte-order mark, not repeat a column",
          "[scenario][trace]") {
  CHECK(all_errors(replaying("trace-bom.csv")).empty());
  CHECK_THAT(all_errors(replaying("trace-twice.csv")),
             Contains("trace-twice.csv:1:12: error: column 'time' appears twice in the header"));
}

}  // namespace
}  // namespace tiersim
