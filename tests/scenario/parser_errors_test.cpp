// The parser's diagnostics: one test per class of error, each asserting the
// formatted "file:line:col: error: message".
#include <catch2/catch.hpp>
#include <string>

#include "scenario_test_util.hpp"

namespace tiersim {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using test::parse;

std::string errors(std::string_view yaml) {
  return parse(yaml).diagnostics.format();
}

TEST_CASE("an unknown key names its place and suggests the right one", "[scenario]") {
  CHECK_THAT(errors(R"(name: x
clients:
  browsers:
    rate: 700/s
    targte: web
)"),
             Contains("s.yaml:5:5: error: unknown key 'targte' in client 'browsers' "
                      "(did you mean 'target'?)"));
  CHECK_THAT(errors("nmae: x\n"), Contains("s.yaml:1:1: error: unknown key 'nmae' at the top level "
                                           "(did you mean 'name'?)"));
  CHECK_THAT(errors("nodes:\n  web:\n    machine: {cors: 8}\n"),
             Contains("s.yaml:3:15: error: unknown key 'cors' in the machine of node 'web' "
                      "(did you mean 'cores'?)"));
  CHECK_THAT(errors("nodes:\n  web:\n    instance: 2\n"),
             Contains("s.yaml:3:5: error: unknown key 'instance' in node 'web' "
                      "(did you mean 'instances'?)"));
  CHECK_THAT(errors("clients:\n  c:\n    requests:\n      page: {wieght: 2}\n"),
             Contains("s.yaml:4:14: error: unknown key 'wieght' in request class 'page' of "
                      "client 'c' (did you mean 'weight'?)"));
  CHECK_THAT(errors("limits: {max_inflight: 5}\n"),
             Contains("s.yaml:1:10: error: unknown key 'max_inflight' in 'limits' "
                      "(did you mean 'max_in_flight'?)"));
  // No suggestion when nothing is close.
  CHECK_THAT(errors("colour: blue\n"),
             Contains("s.yaml:1:1: error: unknown key 'colour' at the top level\n"));
}

TEST_CASE("a value of the wrong unit says what was expected", "[scenario]") {
  CHECK_THAT(errors("duration: 10KB\n"),
             Contains("s.yaml:1:11: error: '10KB' is a size, but a duration is expected here"));
  CHECK_THAT(errors("clients:\n  c:\n    requests:\n      page: {response_size: 10ms}\n"),
             Contains("s.yaml:4:29: error: '10ms' is a duration, but a size is expected here"));
  CHECK_THAT(errors("nodes:\n  web:\n    machine: {nic: 16GiB}\n"),
             Contains("s.yaml:3:20: error: '16GiB' is a size, but a bandwidth is expected here"));
}

TEST_CASE("a unit error points at the column where the problem starts", "[scenario]") {
  // Inside a quoted scalar: one column for the quote.
  CHECK_THAT(errors("warmup: \"10KB\"\n"),
             Contains("s.yaml:1:10: error: '10KB' is a size, but a duration is expected here"));
  // The unit of "10 parsecs" starts 3 characters into the value.
  CHECK_THAT(errors("warmup: 10 parsecs\n"),
             Contains("s.yaml:1:12: error: unknown unit 'parsecs' in '10 parsecs'"));
  // The argument of exp(...) starts 4 characters into the value.
  CHECK_THAT(errors("nodes:\n  web:\n    handle:\n      page:\n        - cpu: exp(10KB)\n"),
             Contains("s.yaml:5:20: error: '10KB' is a size, but a duration is expected here"));
}

TEST_CASE("a zero or negative rate is an error", "[scenario]") {
  CHECK_THAT(errors("clients:\n  c:\n    rate: 0/s\n"),
             Contains("s.yaml:3:11: error: rate '0/s' is zero; expected a rate above zero"));
  CHECK_THAT(errors("clients:\n  c:\n    rate: -5/s\n"),
             Contains("s.yaml:3:11: error: rate '-5/s' is negative; expected a rate above zero"));
  CHECK_THAT(errors("clients:\n  c:\n    rate: 700\n"),
             Contains("s.yaml:3:11: error: '700' is not a rate"));
}

TEST_CASE("a wrong YAML type names the key and what was expected", "[scenario]") {
  CHECK_THAT(errors("nodes: 5\n"),
             Contains("s.yaml:1:8: error: expected a map of node names to nodes for 'nodes', "
                      "got '5'"));
  CHECK_THAT(errors("clients: [a, b]\n"),
             Contains("s.yaml:1:10: error: expected a map of client names to clients for "
                      "'clients', got a list"));
  CHECK_THAT(errors("name: {first: a}\n"),
             Contains("s.yaml:1:7: error: expected a string for 'name', got a map"));
  CHECK_THAT(errors("nodes:\n  web:\n    instances: 2.5\n"),
             Contains("s.yaml:3:16: error: expected a whole number for 'instances' in node "
                      "'web', got '2.5'"));
  CHECK_THAT(errors("nodes:\n  web:\n    machine: [8]\n"),
             Contains("s.yaml:3:14: error: expected a map of cores, memory, nic and "
                      "price_per_hour for 'machine' in node 'web', got a list"));
  CHECK_THAT(errors("clients:\n  c:\n    target: [web]\n"),
             Contains("s.yaml:3:13: error: expected a node name for 'target' in client 'c', "
                      "got a list"));
  CHECK_THAT(errors("nodes:\n  web:\n    handle:\n      page: {cpu: 1ms}\n"),
             Contains("s.yaml:4:13: error: expected a list of steps for 'page' in node 'web', "
                      "got a map"));
  CHECK_THAT(errors("clients:\n  c:\n    requests:\n      page: {weight: heavy}\n"),
             Contains("s.yaml:4:22: error: expected a number for 'weight' in request class "
                      "'page' of client 'c', got 'heavy'"));
  CHECK_THAT(errors("clients:\n  c:\n    requests:\n      page: {weight: .inf}\n"),
             Contains("error: expected a number for 'weight'"));
  CHECK_THAT(errors("seed: -1\n"),
             Contains("s.yaml:1:7: error: expected a non-negative whole number for 'seed', "
                      "got '-1'"));
  CHECK_THAT(errors("seed: 99999999999999999999\n"),
             Contains("s.yaml:1:7: error: '99999999999999999999' for 'seed' is too large"));
  // An empty value is "nothing", reported at its key: yaml-cpp would mark the
  // next line.
  CHECK_THAT(errors("duration:\nseed: 1\n"),
             Contains("s.yaml:1:1: error: expected a duration (e.g. 10ms) for 'duration', "
                      "got nothing"));
}

TEST_CASE("a repeated key is reported and the first one is kept", "[scenario]") {
  const ParseOutcome out = parse(R"(name: x
nodes:
  web:
    kind: service
  web:
    kind: load_balancer
)");
  CHECK_THAT(out.diagnostics.format(),
             Contains("s.yaml:5:3: error: duplicate key 'web' (first given on line 3)"));
  REQUIRE(out.scenario.nodes.size() == 1);
  CHECK(out.scenario.nodes[0].kind.value == "service");
  CHECK_THAT(errors("clients:\n  c: {rate: 1/s, rate: 2/s}\n"),
             Contains("s.yaml:2:18: error: duplicate key 'rate' (first given on line 2)"));
}

TEST_CASE("a YAML syntax error is reported at yaml-cpp's mark, 1-based", "[scenario]") {
  const ParseOutcome out = parse("name: x\nnodes: [a, b\nclients: {}\n");
  REQUIRE(out.diagnostics.size() == 1);
  CHECK_THAT(out.diagnostics.format(), StartsWith("s.yaml:3:"));
  CHECK_THAT(out.diagnostics.format(), Contains("error: invalid YAML: end of sequence flow"));
  CHECK_THAT(errors("name: x\n  bad: indent\n"),
             Contains("s.yaml:2:6: error: invalid YAML: illegal map value"));
  CHECK_THAT(errors("name: *nothing\n"),
             Contains("s.yaml:1:7: error: invalid YAML: the referenced anchor is not defined"));
}

TEST_CASE("a diagnostic stays on one line whatever the file holds", "[scenario]") {
  CHECK(errors("\"a\\nb\": 1\n") == "s.yaml:1:1: error: unknown key 'a\\nb' at the top level\n");
  // A control character is shown escaped (and found before yaml-cpp, whose
  // message for this one would end with the line break it stopped at).
  CHECK(errors(std::string("name: x\0\n", 9)) ==
        "s.yaml:1:8: error: control character \\x00 in the text; a scenario is UTF-8 text (is "
        "this a binary file?)\n");
}

TEST_CASE("a document that is not a scenario map", "[scenario]") {
  CHECK(errors("") ==
        "s.yaml:1:1: error: the scenario is empty; expected a map with at least "
        "'name', 'clients' and 'nodes'\n");
  CHECK_THAT(errors("# only a comment\n"), Contains("s.yaml:1:1: error: the scenario is empty"));
  CHECK(errors("just words\n") ==
        "s.yaml:1:1: error: expected a map with 'name', 'clients', 'nodes', ... at the top level, "
        "got 'just words'\n");
  CHECK_THAT(errors("- a\n- b\n"),
             Contains("s.yaml:1:1: error: expected a map with 'name', 'clients', 'nodes', ... at "
                      "the top level, got a list"));
  CHECK_THAT(errors("name: a\n---\nname: b\n"),
             Contains("s.yaml:2:1: error: a scenario is one YAML document, but this file has 2"));
  CHECK_THAT(errors("name: a\n---\nname: [b\n"),
             Contains("s.yaml:4:1: error: invalid YAML: end of sequence flow not found"));
  // yaml-cpp 0.7 alone would loop forever on this one.
  CHECK(errors(",name: a\n") == "s.yaml:1:1: error: invalid YAML: unexpected ','\n");
  CHECK(errors("---\n,\n") == "s.yaml:2:1: error: invalid YAML: unexpected ','\n");
  CHECK_THAT(errors("{[a]: 1}\n"),
             Contains("s.yaml:1:2: error: expected a name as a key, got a list"));
}

TEST_CASE("steps: unknown kinds, several keys, missing call node", "[scenario]") {
  const std::string head = "nodes:\n  web:\n    handle:\n      page:\n";
  CHECK_THAT(errors(head + "        - cpuu: 1ms\n"),
             Contains("s.yaml:5:11: error: unknown step 'cpuu' in handler 'page' of node 'web' "
                      "(did you mean 'cpu'?); a step is cpu, delay, call, publish or fail"));
  CHECK_THAT(errors(head + "        - cpu: 1ms\n          call: db\n"),
             Contains("s.yaml:5:11: error: a step has one key, but this step in handler 'page' "
                      "of node 'web' has 'cpu' and 'call'; start each step with its own '-'"));
  CHECK_THAT(errors(head + "        - cpu\n"),
             Contains("s.yaml:5:11: error: expected a step (cpu: DURATION, delay: DURATION, call: "
                      "NODE, publish: QUEUE or fail: PROBABILITY) in handler 'page' of node "
                      "'web', got 'cpu'"));
  CHECK_THAT(errors(head + "        - {}\n"), Contains("s.yaml:5:11: error: expected a step"));
  CHECK_THAT(errors(head + "        - call: {request_size: 1KB}\n"),
             Contains("s.yaml:5:17: error: 'call' in handler 'page' of node 'web' has no 'node'"));
  CHECK_THAT(errors(head + "        - call: {node: db, size: 1KB}\n"),
             Contains("s.yaml:5:28: error: unknown key 'size' in handler 'page' of node 'web'"));
  CHECK_THAT(errors(head + "        - call: [db]\n"),
             Contains("s.yaml:5:17: error: expected a node name or {node: NAME, request_size: "
                      "SIZE, response_size: SIZE} for 'call' in handler 'page' of node 'web', "
                      "got a list"));
  CHECK_THAT(errors(head + "        - delay: sometimes\n"),
             Contains("s.yaml:5:18: error: 'sometimes' is not a duration"));
}

TEST_CASE("empirical distributions: a missing file and a bad line", "[scenario]") {
  const std::string head = "nodes:\n  web:\n    handle:\n      page:\n";
  CHECK_THAT(errors(head + "        - cpu: empirical(no_such.csv)\n"),
             Contains("s.yaml:5:16: error: cannot open empirical distribution file"));
  CHECK_THAT(errors(head + "        - cpu: empirical(bad_latency.csv)\n"),
             Contains("bad_latency.csv:3:1: '4KB' is a size, but a duration is expected here"));
}

TEST_CASE("several errors are reported in one go", "[scenario]") {
  const ParseOutcome out = parse(R"(name: many
duration: 10KB
clients:
  browsers:
    rate: 700/s
    targte: web
nodes:
  web:
    instances: two
)");
  REQUIRE(out.diagnostics.size() == 3);
  const std::string text = out.diagnostics.format();
  CHECK_THAT(text, Contains("s.yaml:2:11: error: '10KB' is a size"));
  CHECK_THAT(text, Contains("s.yaml:6:5: error: unknown key 'targte'"));
  CHECK_THAT(text, Contains("s.yaml:9:16: error: expected a whole number for 'instances'"));
  // What could be read is kept.
  REQUIRE(out.scenario.clients.size() == 1);
  CHECK(out.scenario.clients[0].rate_per_second->value == 700.0);
}

TEST_CASE("a file that cannot be read is one diagnostic without a line", "[scenario]") {
  const ParseOutcome missing = parse_scenario_file("/nonexistent/dir/x.yaml");
  CHECK(missing.diagnostics.format() ==
        "/nonexistent/dir/x.yaml: error: cannot read scenario file '/nonexistent/dir/x.yaml': "
        "No such file or directory\n");
  CHECK(missing.scenario.file == "/nonexistent/dir/x.yaml");
  const ParseOutcome dir = parse_scenario_file(test::kScenarioDataDir);
  REQUIRE(dir.diagnostics.size() == 1);
  CHECK_THAT(dir.diagnostics.format(), Contains(": it is a directory"));
  CHECK(dir.diagnostics.items()[0].mark.line == 0);
}

TEST_CASE("deeply nested YAML is an error, not a crash", "[scenario]") {
  const std::string deep = std::string(5000, '[') + std::string(5000, ']');
  CHECK_THAT(errors(deep), Contains("error: the YAML is nested too deeply"));
}

// Every prefix of a scenario, and the scenario with characters swapped for
// YAML punctuation, must give diagnostics or an AST: never an exception.
TEST_CASE("mangled scenarios never throw", "[scenario]") {
  const std::string base = R"(name: shop
clients:
  browsers: {rate: 700/s, target: web, requests: {page: {weight: 1, response_size: 1KB}}}
  students:
    users: 5
    think_time: exp(1s)
    target: web
    requests:
      page:
nodes:
  web:
    kind: service
    machine: {cores: 8, memory: 16GiB}
    handle:
      page:
        - cpu: exp(10ms)
        - call: {node: db, request_size: 1KB}
  db:
    kind: load_balancer
    target: web
)";
  std::size_t parsed = 0;
  auto check = [&](const std::string& text) {
    ParseOutcome out;
    REQUIRE_NOTHROW(out = parse(text));
    REQUIRE_NOTHROW(validate_scenario(out.scenario));
    ++parsed;
  };
  for (std::size_t i = 0; i <= base.size(); ++i) check(base.substr(0, i));
  constexpr std::string_view kPunctuation = ":-[]{},#&*!|>'\"\t\n%@";
  for (std::size_t i = 0; i < base.size(); ++i)
    for (char c : kPunctuation) check(base.substr(0, i) + c + base.substr(i + 1));
  CHECK(parsed == base.size() + 1 + base.size() * kPunctuation.size());
}

}  // namespace
}  // namespace tiersim
