#include "tiersim/report/prometheus.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <sstream>
#include <string>

using namespace tiersim;
using Catch::Matchers::Contains;

namespace {

Result small_result() {
  Result r;
  r.scenario = "say \"hi\"\\now";
  r.seed = 7;
  r.requests.generated = 10;
  r.requests.completed = 9;
  r.requests.in_flight = 1;
  r.throughput_rps = 0.15;
  r.latency.count = 9;
  r.latency.mean_ms = 20;
  r.latency.p99_ms = 55.5;
  NodeResult n;
  n.name = "web";
  n.completed = 9;
  n.utilization.cpu = 0.25;
  n.cost_per_hour_usd = 0.192;
  r.nodes.push_back(n);
  return r;
}

}  // namespace

TEST_CASE("prometheus text: names, units, escaping", "[report][prometheus]") {
  const std::string text = to_prometheus(small_result());
  // Label values escape backslash, quote and line feed.
  CHECK_THAT(text, Contains("tiersim_run_info{scenario=\"say \\\"hi\\\"\\\\now\",seed=\"7\"} 1\n"));
  CHECK_THAT(text, Contains("tiersim_requests_total{outcome=\"completed\"} 9\n"));
  // Latencies in seconds; a summary's sum is mean x count.
  CHECK_THAT(text, Contains("tiersim_request_duration_seconds{quantile=\"0.99\"} 0.0555\n"));
  CHECK_THAT(text, Contains("tiersim_request_duration_seconds_sum 0.18\n"));
  CHECK_THAT(text, Contains("tiersim_request_duration_seconds_count 9\n"));
  CHECK_THAT(text,
             Contains("tiersim_node_utilization_ratio{node=\"web\",resource=\"cpu\"} 0.25\n"));
  // Resources a node does not model are left out, not written as 0.
  CHECK(text.find("resource=\"memory\"") == std::string::npos);
  CHECK_THAT(text, Contains("tiersim_run_partial 0\n"));
}

TEST_CASE("prometheus text: every sample follows its family's HELP and TYPE",
          "[report][prometheus]") {
  std::istringstream in(to_prometheus(small_result()));
  std::string line, family;
  std::set<std::string> seen;
  while (std::getline(in, line)) {
    REQUIRE_FALSE(line.empty());
    if (line.rfind("# HELP ", 0) == 0) {
      family = line.substr(7, line.find(' ', 7) - 7);
      CHECK(seen.insert(family).second);  // one block per family
      REQUIRE(std::getline(in, line));
      CHECK(line.rfind("# TYPE " + family + " ", 0) == 0);
      continue;
    }
    const std::string name = line.substr(0, line.find_first_of("{ "));
    INFO(line);
    CHECK((name == family || name == family + "_sum" || name == family + "_count"));
  }
  CHECK(seen.size() >= 20);
}
