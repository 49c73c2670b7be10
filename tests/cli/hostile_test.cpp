// Hostile input (tests/cli/hostile/): files made to crash tiersim, hang it or
// exhaust its memory. `validate` and `run --duration 1s` each exit with code
// 2 and exactly the expected messages (file:line:col where a position
// applies), or, for a valid scenario that cannot progress, `run` exits with
// code 3 and says why; every run takes at most a second of CPU time (and a
// few of wall time) and stays under 1 GiB of memory. See docs/testing.md.
#include <sys/resource.h>
#include <sys/time.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "run_tiersim.hpp"

namespace {

#ifdef TIERSIM_SANITIZED
// AddressSanitizer reserves terabytes of address space, which no `ulimit -v`
// admits; its own limit on resident memory bounds the run instead. Its
// instrumentation makes a run several times slower.
const std::string kMemoryLimit = "ASAN_OPTIONS=\"${ASAN_OPTIONS}:hard_rss_limit_mb=1024\" ";
constexpr double kSlowdown = 10;
#else
const std::string kMemoryLimit = "ulimit -v 1048576 && ";  // KiB: 1 GiB of address space
constexpr double kSlowdown = 1;
#endif
// A run may take a second of CPU time. Wall time, on a machine busy with other
// builds and tests, is bounded more loosely: it catches a hang, not a slow run.
constexpr double kCpuSeconds = 1 * kSlowdown;
constexpr double kWallSeconds = 5 * kSlowdown;

double children_cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_CHILDREN, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Runs tiersim as run_tiersim() does, under the memory limit, and checks the
// time it took.
Invocation run_bounded(const std::string& args) {
  static int counter = 0;
  const std::string base = scratch_dir() + "/hostile" + std::to_string(++counter);
  const std::string cmd = "cd '" TIERSIM_SOURCE_DIR "' && " + kMemoryLimit +
                          "'" TIERSIM_BINARY "' " + args + " > '" + base + ".out' 2> '" + base +
                          ".err'";
  const double cpu_before = children_cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  const int status = std::system(cmd.c_str());
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
  const double cpu = children_cpu_seconds() - cpu_before;
  Invocation inv;
  inv.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  inv.out = read_text(base + ".out");
  inv.err = read_text(base + ".err");
  INFO("tiersim " << args << " took " << cpu << " s of CPU time, " << wall.count() << " s in all");
  CHECK(cpu < kCpuSeconds);
  CHECK(wall.count() < kWallSeconds);
  return inv;
}

// `validate FILE` and `run FILE --duration 1s` both exit 2, print nothing on
// stdout, and print exactly `messages` on stderr, each prefixed with the
// file's path (as bad_input_test.cpp does).
void expect_errors(const std::string& fixture, const std::vector<std::string>& messages) {
  const std::string path = "tests/cli/hostile/" + fixture;
  std::string expected;
  for (const auto& m : messages) expected += path + ":" + m + "\n";
  for (const std::string& command : {"validate " + path, "run " + path + " --duration 1s"}) {
    const auto r = run_bounded(command);
    INFO(command);
    CHECK(r.exit_code == 2);
    CHECK(r.err == expected);
    CHECK(r.out.empty());
  }
}

// A valid scenario that cannot progress: `validate` accepts it, and `run`
// stops with exit code 3, the reason on stderr, and a partial result marked
// as stopped on stdout.
void expect_stop(const std::string& fixture, const std::string& reason) {
  const std::string path = "tests/cli/hostile/" + fixture;
  const auto v = run_bounded("validate " + path);
  CHECK(v.exit_code == 0);
  CHECK(v.out.find("valid scenario") != std::string::npos);
  const auto r = run_bounded("run " + path + " --duration 1s");
  CHECK(r.exit_code == 3);
  CHECK(r.err == "tiersim: simulation stopped: " + reason + "\n");
  // The summary wraps its prose at 100 columns: join the lines again.
  std::string joined;
  for (std::size_t i = 0; i < r.out.size(); ++i) {
    if (r.out[i] == '\n' && i + 1 < r.out.size() && r.out[i + 1] == ' ') {
      joined += ' ';
      while (i + 1 < r.out.size() && r.out[i + 1] == ' ') ++i;
    } else {
      joined += r.out[i];
    }
  }
  CHECK(joined.find("STOPPED: " + reason) != std::string::npos);
}

}  // namespace

TEST_CASE("hostile: an empty file", "[cli][hostile]") {
  expect_errors("empty.yaml", {"1:1: error: the scenario is empty; expected a map with at least "
                               "'name', 'clients' and 'nodes'"});
}

TEST_CASE("hostile: binary garbage: the first bytes of a PNG image", "[cli][hostile]") {
  expect_errors("binary-garbage.yaml",
                {"1:1: error: byte \\x89 is not UTF-8; save the scenario as UTF-8 text"});
}

TEST_CASE("hostile: control characters (NUL) in the text", "[cli][hostile]") {
  expect_errors("control-characters.yaml", {"1:10: error: control character \\x00 in the text; a "
                                            "scenario is UTF-8 text (is this a binary file?)"});
}

TEST_CASE("hostile: text that is not UTF-8 (Latin-1)", "[cli][hostile]") {
  expect_errors("invalid-utf8.yaml",
                {"3:17: error: byte \\xe9 is not UTF-8; save the scenario as UTF-8 text"});
}

TEST_CASE("hostile: a UTF-16 file", "[cli][hostile]") {
  expect_errors("utf16.yaml", {"1:1: error: the file is UTF-16 or UTF-32 (it starts with a "
                               "byte-order mark); save the scenario as UTF-8"});
}

TEST_CASE("hostile: tabs for indentation", "[cli][hostile]") {
  expect_errors(
      "tabs.yaml",
      {"3:1: error: invalid YAML: a tab indents this line; YAML indents with spaces only"});
}

TEST_CASE("hostile: duplicate keys", "[cli][hostile]") {
  expect_errors("duplicate-keys.yaml",
                {"9:5: error: duplicate key 'instances' (first given on line 8)",
                 "11:1: error: duplicate key 'clients' (first given on line 3)"});
}

TEST_CASE("hostile: a billion laughs: aliases that expand exponentially", "[cli][hostile]") {
  expect_errors("billion-laughs.yaml",
                {"8:25: error: aliases expand the YAML past 500000 nodes here, more than any "
                 "scenario needs (do anchors and aliases nest to grow it exponentially?)"});
}

TEST_CASE("hostile: a billion laughs through nodes, handlers and steps", "[cli][hostile]") {
  expect_errors("billion-laughs-nodes.yaml",
                {"10:35: error: aliases expand the YAML past 500000 nodes here, more than any "
                 "scenario needs (do anchors and aliases nest to grow it exponentially?)"});
}

TEST_CASE("hostile: a billion laughs through merge keys", "[cli][hostile]") {
  expect_errors("billion-laughs-merge.yaml",
                {"9:47: error: aliases expand the YAML past 500000 nodes here, more than any "
                 "scenario needs (do anchors and aliases nest to grow it exponentially?)"});
}

// Found by fuzz_scenario (a mutant of billion-laughs-nodes.yaml, kept as
// the fuzzer wrote it): aliases that stay under the 500,000-node cap but
// still make hundreds of thousands of steps to parse. 0.15 s in Release,
// 2 s under ASan with coverage; the fuzzer, starved of CPU, timed out on it.
TEST_CASE("hostile: a billion laughs that stays just under the cap", "[cli][hostile]") {
  expect_errors(
      "billion-laughs-below-cap.yaml",
      {"5:30: error: unknown key 'reque:ts' in client 'c' (did you mean 'requests'?)",
       "6:1: error: unknown key 'x-step' at the top level",
       "7:1: error: unknown key 'x-steps' at the top level",
       "8:1: error: unknown key 'x-handle' at the top level",
       "9:1: error: unknown key 'x-node' at the top level",
       "10:575: error: node 'n4 *node' has no 'kind'; expected service, load_balancer or queue"});
}

// Found by fuzz_scenario: one typo ('puc' for 'cpu') in a step that aliases
// repeat through 200 nodes raises 139,430 errors, 20 MB of them. tiersim
// shows the first 10,000 by position and counts the rest.
TEST_CASE("hostile: a typo inside an anchor that aliases repeat", "[cli][hostile]") {
  const std::string path = "tests/cli/hostile/typo-in-an-aliased-anchor.yaml";
  for (const std::string& command : {"validate " + path, "run " + path + " --duration 1s"}) {
    const auto r = run_bounded(command);
    INFO(command);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 10'001);
    CHECK(r.err.rfind(path + ":6:1: error: unknown key 'x-step' at the top level\n", 0) == 0);
    CHECK(r.err.find("error: unknown step 'puc' in handler") != std::string::npos);
    const std::string last =
        path + ": error: 129430 more errors not shown; fix the ones above first\n";
    CHECK(r.err.size() > last.size());
    CHECK(r.err.compare(r.err.size() - last.size(), last.size(), last) == 0);
  }
}

TEST_CASE("hostile: an alias inside the node it names", "[cli][hostile]") {
  expect_errors(
      "alias-cycle.yaml",
      {"6:52: error: this alias names a node that contains it; a scenario cannot be infinite"});
}

TEST_CASE("hostile: lists nested 10,000 levels deep", "[cli][hostile]") {
  expect_errors("deep-nesting.yaml", {"3:20010: error: the YAML is nested too deeply"});
}

TEST_CASE("hostile: numbers that overflow nanoseconds, bytes and counts", "[cli][hostile]") {
  expect_errors(
      "overflow.yaml",
      {"3:7: error: '18446744073709551616' for 'seed' is too large; the largest is "
       "18446744073709551615",
       "4:11: error: '300000000000h' is too large",
       "5:9: error: '9223372036854775807ns' is too large",
       "6:25: error: '99999999999999999999' for 'max_in_flight' in 'limits' is too large for a "
       "whole number",
       "9:11: error: the count of a rate must be a plain number, got '1e400'",
       "12:28: error: '9999999TB' is too large",
       "12:54: error: '18446744073709551616B' is too large",
       "12:85: error: expected a number for 'weight' in request class 'page' of client 'users', "
       "got '1e999'",
       "16:16: error: '9223372036854775808' for 'instances' in node 'web' is too large for a whole "
       "number",
       "17:22: error: '99999999999999999999' for 'cores' in the machine of node 'web' is too large "
       "for a whole number",
       "17:52: error: '99999999TiB' is too large", "17:70: error: '10000000000Tbps' is too large",
       "20:20: error: '10000000000000000000ns' is too large",
       "21:30: error: '2562048h' is too large"});
}

TEST_CASE("hostile: NaN and infinity", "[cli][hostile]") {
  expect_errors("nan-infinity.yaml",
                {"3:18: error: expected a number for 'hours_per_month', got '.nan'",
                 "6:11: error: the count of a rate must be a plain number, got '.inf'",
                 "9:22: error: expected a number for 'weight' in request class 'page' of client "
                 "'users', got '.inf'",
                 "10:23: error: expected a number for 'weight' in request class 'other' of client "
                 "'users', got '-.inf'",
                 "11:23: error: expected a number for 'weight' in request class 'third' of client "
                 "'users', got '.NaN'",
                 "12:16: error: the count of a rate must be a plain number, got 'nan'",
                 "16:31: error: expected a number for 'price_per_hour' in the machine of node "
                 "'web', got '.Inf'",
                 "18:32: error: the shape of pareto must be a plain number, got 'inf'",
                 "18:54: error: k of erlang(k, mean) must be a plain number, got 'nan'",
                 "18:83: error: 'inf' is not a duration; expected a number and a unit (e.g. 10ms)",
                 "21:19: error: expected a number for 'price_per_gb' in node 'lb', got '.nan'"});
}

TEST_CASE("hostile: zero where a value above zero belongs", "[cli][hostile]") {
  expect_errors(
      "zero-values.yaml",
      {"3:11: error: duration must be above zero, got '0ns'",
       "4:18: error: hours_per_month must be above zero, got 0",
       "5:25: error: max_in_flight must be at least 1, got 0",
       "8:11: error: rate '0/s' is zero; expected a rate above zero, e.g. 700/s",
       "9:17: error: population must be at least 1, got 0",
       "10:28: error: per_user must be between 1 and 64, got 0",
       "11:29: error: idle_timeout must be above zero, got '0ns'",
       "14:22: error: weight must be above zero, got 0",
       "15:19: error: users must be at least 1, got 0",
       "15:38: error: the mean of exp must be greater than zero, got '0ms'",
       "19:22: error: max_connections must be at least 1, got 0",
       "20:30: error: interval must be above zero, got '0ns'",
       "20:43: error: timeout must be above zero, got '0ns'",
       "20:68: error: unhealthy_threshold must be between 1 and 100, got 0",
       "20:90: error: healthy_threshold must be between 1 and 100, got 0",
       "24:16: error: instances must be at least 1, got 0",
       "25:22: error: cores must be at least 1, got 0",
       "25:33: error: memory must be above zero, got 0",
       "25:42: error: nic must be above zero, got 0",
       "27:22: error: session_timeout must be above zero, got '0ns'",
       "29:28: error: k of erlang(k, mean) must be a whole number from 1 to 1000, got '0'",
       "29:53: error: the scale of pareto must be greater than zero, got '0ms'",
       "29:85: error: the shape of pareto must be above zero, got '0'"});
}

TEST_CASE("hostile: negative values where a count, size, time or price belongs", "[cli][hostile]") {
  expect_errors("negative-values.yaml",
                {"3:9: error: '-1s' is negative; expected a duration (e.g. 10ms)",
                 "6:11: error: rate '-5/s' is negative; expected a rate above zero, e.g. 700/s",
                 "7:30: error: '-1s' is negative; expected a duration (e.g. 10ms)",
                 "10:22: error: weight must be above zero, got -1",
                 "10:40: error: '-1KB' is negative; expected a size (e.g. 100KB)",
                 "11:19: error: users must be at least 1, got -3",
                 "11:35: error: '-1s' is negative; expected a duration (e.g. 10ms); or a "
                 "distribution: exp(mean), uniform(lo, hi), normal(mean, sd), lognormal(mean, sd), "
                 "erlang(k, mean), pareto(scale, shape), empirical(file.csv)",
                 "15:22: error: max_connections must be at least 1, got -1",
                 "16:19: error: price_per_gb must not be negative, got -0.01",
                 "17:17: error: '-1Gbps' is negative; expected a bandwidth (e.g. 1Gbps)",
                 "21:16: error: instances must be at least 1, got -2",
                 "22:18: error: queue_limit must be at least 0, got -1",
                 "23:25: error: '-1MB' is negative; expected a size (e.g. 100KB)",
                 "24:22: error: cores must be at least 1, got -8",
                 "24:42: error: price_per_hour must not be negative, got -1",
                 "26:29: error: '-1ms' is negative; expected a duration (e.g. 10ms)",
                 "26:51: error: '-2ms' is negative; expected a duration (e.g. 10ms); or a "
                 "distribution: exp(mean), uniform(lo, hi), normal(mean, sd), lognormal(mean, sd), "
                 "erlang(k, mean), pareto(scale, shape), empirical(file.csv)",
                 "28:27: error: instance must be at least 0, got -1",
                 "28:35: error: '-1s' is negative; expected a duration (e.g. 10ms)"});
}

TEST_CASE("hostile: a list where a map belongs, and a map where a list or a scalar belongs",
          "[cli][hostile]") {
  expect_errors("wrong-types.yaml",
                {"3:7: error: expected a string for 'name', got a list",
                 "4:7: error: expected a non-negative whole number for 'seed', got a map",
                 "6:3: error: expected a map of client names to clients for 'clients', got a list",
                 "11:16: error: expected a whole number for 'instances' in node 'web', got 'many'",
                 "12:14: error: expected a map of cores, memory, nic and price_per_hour for "
                 "'machine' in node 'web', got a list",
                 "14:13: error: expected a list of steps for 'page' in node 'web', got a map",
                 "17:13: error: expected a node name or a list of node names for 'target' in node "
                 "'lb', got a map",
                 "18:13: error: expected true or false for 'sticky' in node 'lb', got 'yes'",
                 "19:12: error: expected a whole number for 'layer' in node 'lb', got 'seven'",
                 "20:13: error: expected a list of routes ({path, class, target}) for 'routes' in "
                 "node 'lb', got a map",
                 "21:11: error: expected a list of failures ({node, instance, at, restore}) for "
                 "'failures', got a map"});
}

TEST_CASE("hostile: wrong types inside clients, request classes and steps", "[cli][hostile]") {
  expect_errors(
      "wrong-types-inside.yaml",
      {"5:11: error: expected a rate (e.g. 700/s) for 'rate' in client 'users', got a list",
       "6:13: error: expected a node name for 'target' in client 'users', got a list",
       "7:15: error: expected a map of request classes for 'requests' in client 'users', got a "
       "list",
       "10:17: error: expected a duration or a distribution (e.g. exp(10ms)) for 'think_time' in "
       "client 'bots', got a map",
       "13:13: error: expected a map of weight, request_size and response_size for 'page' in "
       "client 'bots', got a list",
       "19:16: error: expected a duration or a distribution (e.g. exp(10ms)) for 'cpu' in handler "
       "'page' of node 'web', got a list",
       "20:17: error: expected a node name or {node: NAME, request_size: SIZE, response_size: "
       "SIZE} for 'call' in handler 'page' of node 'web', got a list",
       "21:11: error: expected a step (cpu: DURATION, delay: DURATION, call: NODE, publish: QUEUE "
       "or fail: PROBABILITY) in handler 'page' of node 'web', got '42'",
       "22:31: error: expected a map of request classes to steps for 'handle' in node 'db', got a "
       "list"});
}

TEST_CASE("hostile: references to nodes and request classes that do not exist", "[cli][hostile]") {
  expect_errors("missing-references.yaml",
                {"4:31: error: unknown node 'wbe' (did you mean 'web'?)",
                 "8:19: error: unknown node 'ghost'; the nodes are lb, web",
                 "10:17: error: unknown request class 'checkout' in route 1 of load balancer 'lb'",
                 "14:20: error: unknown node 'cache'; the nodes are lb, web",
                 "16:21: error: unknown node 'db' (did you mean 'lb'?)",
                 "17:7: error: node 'web' handles request class 'login', which no client sends",
                 "19:12: error: unknown node 'phantom'; the nodes are lb, web"});
}

TEST_CASE("hostile: a cycle of calls through a load balancer", "[cli][hostile]") {
  expect_errors("call-cycle.yaml",
                {"17:33: error: cycle of synchronous calls: web -> lb -> api -> web; a request "
                 "would wait on itself forever (use a queue for work that goes back upstream)"});
}

TEST_CASE("hostile: a service that calls itself", "[cli][hostile]") {
  expect_errors("self-call.yaml", {"9:21: error: node 'web' calls itself"});
}

TEST_CASE("hostile: a rate so small that the gap between arrivals overflows", "[cli][hostile]") {
  expect_errors("tiny-rate.yaml", {"4:17: error: rate '1e-300/s' is too small; the smallest is "
                                   "0.001/h (one request in 1000 hours)"});
}

TEST_CASE("hostile: more users and instances than memory can hold", "[cli][hostile]") {
  expect_errors("too-many-users.yaml",
                {"4:21: error: users must be at most 1000000, got 1000000000000",
                 "7:17: error: population x per_user must be at most 1000000 (the connections a "
                 "client holds), got 100000 x 64",
                 "12:35: error: instances must be at most 100000, got 100001"});
}

// Found while adding batch receives: a queue's slots were allocated before
// any bound, and 10^11 of them ended in std::bad_alloc.
TEST_CASE("hostile: more consumer slots than memory can hold", "[cli][hostile]") {
  expect_errors("too-many-slots.yaml",
                {"7:56: error: queue 'jobs' would have more than 1000000 consumer slots "
                 "(concurrency 100000000000 x 4 instances of 'workers'), the most allowed",
                 "7:85: error: receive_batch must be between 1 and 10000, got 1000000000"});
}

TEST_CASE("hostile: an empirical distribution read from /dev/zero", "[cli][hostile]") {
  expect_errors("device-file.yaml",
                {"6:46: error: empirical distribution file '/dev/zero' is not a regular file"});
}

TEST_CASE("hostile: a closed loop with zero think time and zero service time", "[cli][hostile]") {
  expect_stop("zeno.yaml",
              "simulated time stopped advancing at t=0.000000000s: more than 5000000 events at "
              "one instant (are requests taking no time while closed-loop users have zero think "
              "time?)");
}

TEST_CASE("hostile: a trillion requests a second", "[cli][hostile]") {
  expect_stop("flood.yaml",
              "more than 100000 requests in flight at t=0.000s: the system does not keep up "
              "with its load (raise limits.max_in_flight to simulate further)");
}

TEST_CASE("hostile: a 50 MB file, and a device that never ends", "[cli][hostile]") {
  // Written here, not committed: 50 MB of comment after a valid start.
  const std::string big = scratch_dir() + "/fifty-megabytes.yaml";
  {
    std::ofstream out(big, std::ios::binary);
    out << "name: big\nclients:\n  c: {rate: 1/s, target: web, requests: {page: {}}}\n";
    const std::string line = "# " + std::string(97, 'x') + "\n";
    for (int i = 0; i < 500'000; ++i) out << line;
  }
  for (const std::string& path : {big, std::string("/dev/zero")}) {
    const std::string expected = path + ": error: cannot read scenario file '" + path +
                                 "': the file is larger than 4 MiB, more than any scenario needs\n";
    for (const std::string& command : {"validate " + path, "run " + path + " --duration 1s"}) {
      const auto r = run_bounded(command);
      INFO(command);
      CHECK(r.exit_code == 2);
      CHECK(r.err == expected);
      CHECK(r.out.empty());
    }
  }
  std::remove(big.c_str());
}

TEST_CASE("hostile: thousands of unknown names among thousands of nodes", "[cli][hostile]") {
  // Each reference is looked up among the nodes and, when unknown, compared
  // with every node name for a did-you-mean hint: quadratic work, bounded by
  // an index and by a budget for hints (which later messages go without).
  constexpr int kNodes = 10'000;
  const std::string path = scratch_dir() + "/unknown-names.yaml";
  {
    std::ofstream out(path);
    out << "name: unknown\nclients:\n  c: {rate: 1/s, target: node0, requests: {p: {}}}\nnodes:\n";
    for (int i = 0; i < kNodes; ++i)
      out << "  node" << i << ": {kind: service, handle: {p: [{call: nodx" << i << "}]}}\n";
  }
  const auto r = run_bounded("validate " + path);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == kNodes);
  CHECK(r.err.rfind(path + ":5:46: error: unknown node 'nodx0' (did you mean 'node0'?)\n", 0) == 0);
  CHECK(r.err.find(path +
                   ":10004:49: error: unknown node 'nodx9999'; the nodes are node0, node1, node2, "
                   "node3, node4, node5, node6, node7, node8, node9 and 9990 more\n") !=
        std::string::npos);
  std::remove(path.c_str());
}
