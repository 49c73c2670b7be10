// Bad input: each class of error gets exit code 2 and a message that names
// file:line:col and what was expected. No input crashes tiersim.
#include <catch2/catch.hpp>
#include <vector>

#include "run_tiersim.hpp"

namespace {

// Runs `validate` and `run` on the fixture; both must exit 2, print nothing
// on stdout, and print exactly `messages` (each "line:col: error: ...",
// prefixed here with the file's path) on stderr: the error, and no noise.
void expect_errors(const std::string& fixture, const std::vector<std::string>& messages) {
  const std::string path = "tests/cli/bad/" + fixture;
  std::string expected;
  for (const auto& m : messages) expected += path + ":" + m + "\n";
  for (const char* command : {"validate ", "run "}) {
    const auto r = run_tiersim(command + path);
    INFO(command << path);
    CHECK(r.exit_code == 2);
    CHECK(r.err == expected);
    CHECK(r.out.empty());
  }
}

void expect_error(const std::string& fixture, const std::string& message) {
  expect_errors(fixture, {message});
}

}  // namespace

TEST_CASE("an unknown key, with a did-you-mean", "[cli][bad-input]") {
  expect_error("unknown-key.yaml",
               "5:5: error: unknown key 'targte' in client 'browsers' (did you mean 'target'?)");
}

TEST_CASE("a size where a duration belongs, and a duration where a size belongs",
          "[cli][bad-input]") {
  expect_errors("size-for-duration.yaml",
                {"2:11: error: '10KB' is a size, but a duration is expected here (units: ns, us, "
                 "ms, s, m, h)",
                 "8:29: error: '10ms' is a duration, but a size is expected here (units: B, KB, "
                 "MB, GB, TB, KiB, MiB, GiB, TiB)"});
}

TEST_CASE("a zero rate and a negative rate", "[cli][bad-input]") {
  expect_error("zero-rate.yaml",
               "4:11: error: rate '0/s' is zero; expected a rate above zero, e.g. 700/s");
  expect_error("negative-rate.yaml",
               "4:11: error: rate '-5/s' is negative; expected a rate above zero, e.g. 700/s");
}

TEST_CASE("a reference to a node that does not exist", "[cli][bad-input]") {
  expect_error("unknown-node.yaml", "14:17: error: unknown node 'dbb' (did you mean 'db'?)");
}

TEST_CASE("a closed-loop client without users", "[cli][bad-input]") {
  expect_error("closed-without-users.yaml",
               "4:17: error: closed-loop client 'students' has think_time but no users");
}

TEST_CASE("a YAML syntax error", "[cli][bad-input]") {
  expect_error("yaml-syntax.yaml", "6:6: error: invalid YAML: end of sequence flow not found");
}

TEST_CASE("all errors of a file are reported in one go, in file order", "[cli][bad-input]") {
  expect_errors("several-errors.yaml",
                {"2:13: error: unknown unit 'parsecs' in '5 parsecs'; expected a duration (ns, "
                 "us, ms, s, m, h), e.g. 10ms",
                 "6:13: error: unknown node 'api'; the nodes are web",
                 "8:22: error: weight must be above zero, got 0",
                 "11:11: error: unknown node kind 'servce' (did you mean 'service'?); expected "
                 "service, load_balancer or queue"});
}

TEST_CASE("a cycle of synchronous calls", "[cli][bad-input]") {
  expect_error("call-cycle.yaml",
               "19:17: error: cycle of synchronous calls: web -> app -> web; a request would "
               "wait on itself forever (use a queue for work that goes back upstream)");
}

TEST_CASE("an unknown instance type, with a did-you-mean", "[cli][bad-input]") {
  expect_error("unknown-instance-type.yaml",
               "11:20: error: unknown instance_type 'm5.xlarg' (did you mean 'm5.xlarge'?)");
}

TEST_CASE("a request class that reaches a service without a handler", "[cli][bad-input]") {
  expect_error("missing-handler.yaml",
               "10:3: error: service 'web' has no handler for request class 'login', which "
               "reaches it from 'users' (add a 'handle: {login: [...]}' entry or a '*' handler)");
}

TEST_CASE("layer-7 keys on a layer-4 load balancer", "[cli][bad-input]") {
  expect_errors("l4-routes.yaml",
                {"10:7: error: key 'routes' applies only to a layer-7 load balancer: a layer-4 "
                 "balancer sees only connections, not requests",
                 "11:13: error: key 'sticky' applies only to a layer-7 load balancer: a layer-4 "
                 "balancer sees only connections, not requests"});
}

TEST_CASE("failures of instances that do not exist, and a restore before the failure",
          "[cli][bad-input]") {
  expect_errors("failure-instance.yaml",
                {"10:27: error: failure 1 names instance 2 of service 'web', which has 2 "
                 "instances (numbered from 0)",
                 "11:12: error: unknown node 'wbe' (did you mean 'web'?)",
                 "11:47: error: restore (1m) must be after at (2m)"});
}

TEST_CASE("a request class that no route of a load balancer takes", "[cli][bad-input]") {
  expect_error("no-route.yaml",
               "5:3: error: request class 'page' (path /page) matches no route of load balancer "
               "'lb' and it has no target");
}

TEST_CASE("bad timeouts, retries and slowdowns", "[cli][bad-input]") {
  expect_errors(
      "retry.yaml",
      {"6:14: error: timeout must be above zero, got '0ns'",
       "7:23: error: attempts must be between 1 and 100, got 0",
       "7:38: error: multiplier must be at least 1, got 0.5",
       "7:51: error: unknown jitter 'ful' (did you mean 'full'?); expected none, full or equal",
       "7:64: error: budget must not be negative, got -1",
       "7:68: error: unknown key 'backof' in the retry of client 'users' (did you mean "
       "'backoff'?)",
       "15:27: error: failure 1 has both 'slowdown' and 'instance'; a slowdown applies to every "
       "instance of the service (give one or the other)",
       "15:40: error: slowdown must be at least 1 (1 is normal speed, 3 three times slower), got "
       "0.5"});
}
