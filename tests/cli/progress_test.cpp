// --progress: the run's progress on stderr, which watches and changes
// nothing.
#include <catch2/catch.hpp>
#include <string>

#include "run_tiersim.hpp"

TEST_CASE("progress goes to stderr and leaves the run as it was", "[cli][progress]") {
  const std::string run = "run scenarios/one-server.yaml --duration 60s --json - ";
  const auto plain = run_tiersim(run);
  const auto shown = run_tiersim(run + "--progress");
  REQUIRE(plain.exit_code == 0);
  REQUIRE(shown.exit_code == 0);
  CHECK(shown.out == plain.out);
  CHECK(plain.err.empty());
  // Not a terminal: the last state stays, on a line of its own.
  CHECK(shown.err.rfind("\r[########################] 100.0%  90.0 s of 90.0 s simulated") !=
        std::string::npos);
  CHECK(shown.err.back() == '\n');
  // By default, only on a terminal: captured here, so never.
  CHECK(run_tiersim("run scenarios/one-server.yaml --duration 60s").err.empty());
}

TEST_CASE("the progress flags --progress and --no-progress exclude each other", "[cli][progress]") {
  const auto both = run_tiersim("run scenarios/one-server.yaml --progress --no-progress");
  CHECK(both.exit_code == 2);
  CHECK(both.err.find("--progress excludes --no-progress") != std::string::npos);
}
