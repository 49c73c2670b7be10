// tiersim compare (vertical against horizontal scaling) and run --replications.
#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "run_tiersim.hpp"

namespace {
const std::string kPair =
    "compare scenarios/vertical.yaml scenarios/horizontal.yaml --duration 60s";
}

TEST_CASE("compare prints both variants and their differences", "[cli][compare]") {
  const auto r = run_tiersim(kPair);
  CHECK(r.exit_code == 0);
  CHECK(r.out.rfind("scenario                        vertical      horizontal\n", 0) == 0);
  CHECK(r.out.find("bottleneck ") != std::string::npos);
  CHECK(r.out.find("cost per hour ($)                 0.7680  0.7680 (+0.0%)") !=
        std::string::npos);
}

TEST_CASE("compare uses common random numbers and shows the pooling effect", "[cli][compare]") {
  const auto r = run_tiersim(kPair + " --json -");
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  const auto& v = j["variants"][0];
  const auto& h = j["variants"][1];
  CHECK(v["scenario"] == "vertical");
  CHECK(h["scenario"] == "horizontal");
  // One seed for both, so both see the same arrivals: the same requests
  // complete, to within those still in flight at the end.
  CHECK(v["seed"] == h["seed"]);
  CHECK(v["throughput_rps"].get<double>() ==
        Approx(h["throughput_rps"].get<double>()).epsilon(0.001));
  CHECK(v["cost_per_hour_usd"] == h["cost_per_hour_usd"]);
  // 16 cores behind one queue against 4 queues of 4 cores at the same 75%
  // utilization: M/M/16 waits far less than M/M/4.
  CHECK(h["latency_mean_ms"].get<double>() > 1.2 * v["latency_mean_ms"].get<double>());
  CHECK(v["bottleneck"]["node"] == "web");
  CHECK(v["bottleneck"]["resource"] == "cpu");
  CHECK(v["bottleneck"]["utilization"].get<double>() == Approx(0.75).epsilon(0.02));
}

TEST_CASE("compare writes CSV with one row per variant", "[cli][compare]") {
  const auto r = run_tiersim(kPair + " --csv -");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.rfind("file,scenario,seed,throughput_rps,latency_mean_ms,", 0) == 0);
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 3);
  CHECK(r.out.find("\n\"scenarios/horizontal.yaml\",\"horizontal\",2026,") != std::string::npos);
}

TEST_CASE("run with replications reports confidence intervals", "[cli][replications]") {
  const auto r = run_tiersim(
      "run scenarios/one-server.yaml --duration 10s --warmup 2s --replications 4 --threads 2 "
      "--json -");
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["replications"] == 4);
  CHECK(j["seeds"].size() == 4);
  const auto& t = j["metrics"]["throughput_rps"];
  CHECK(t["mean"].get<double>() == Approx(700).epsilon(0.05));
  CHECK(t["ci95_half_width"].get<double>() > 0);
  CHECK(j["metrics"]["nodes.web.utilization.cpu"]["mean"].get<double>() ==
        Approx(0.875).epsilon(0.05));
  const auto text = run_tiersim("run scenarios/one-server.yaml --duration 2s --replications 3");
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("3 replications of 2 s") != std::string::npos);
  CHECK(run_tiersim("run scenarios/one-server.yaml --replications 0").exit_code == 2);
}

TEST_CASE("compare needs two valid scenarios", "[cli][compare]") {
  CHECK(run_tiersim("compare scenarios/vertical.yaml").exit_code == 2);
  const auto r = run_tiersim("compare scenarios/vertical.yaml tests/cli/bad/unknown-node.yaml");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("tests/cli/bad/unknown-node.yaml:14:17: error: unknown node 'dbb'") !=
        std::string::npos);
}
