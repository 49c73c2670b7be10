// --check-slo: exit code 1 when the scenario's objective is missed, so that
// a CI job fails on it.
#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "run_tiersim.hpp"

TEST_CASE("check-slo fails a run that misses its objective and passes one that meets it",
          "[cli][slo]") {
  const auto missed = run_tiersim("run scenarios/traffic-spike.yaml --quiet --check-slo");
  CHECK(missed.exit_code == 1);
  CHECK(missed.err ==
        "tiersim: slo missed: 65.538% of the requests were good, the target is 99%\n");
  // Six servers absorb the spike (docs/scenarios/traffic-spike.md).
  const std::string dir = scratch_dir();
  const std::string six = dir + "/traffic-spike-6.yaml";
  std::string text = read_text(TIERSIM_SOURCE_DIR "/scenarios/traffic-spike.yaml");
  const auto at = text.find("instances: 4");
  REQUIRE(at != std::string::npos);
  text.replace(at, 12, "instances: 6");
  { std::ofstream(six) << text; }
  const auto met = run_tiersim("run " + six + " --quiet --check-slo");
  CHECK(met.exit_code == 0);
  CHECK(met.err.empty());
}

TEST_CASE("check-slo needs an slo and a single run", "[cli][slo]") {
  const auto none = run_tiersim("run scenarios/one-server.yaml --check-slo");
  CHECK(none.exit_code == 2);
  CHECK(none.err == "tiersim: error: --check-slo: the scenario has no 'slo' to check\n");
  const auto reps = run_tiersim("run scenarios/traffic-spike.yaml --check-slo --replications 2");
  CHECK(reps.exit_code == 2);
  CHECK(reps.err == "tiersim: error: --check-slo: checks a single run, not replications\n");
}
