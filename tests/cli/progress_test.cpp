// --progress and logging: what tiersim says on stderr while it runs, which
// never changes the run or what goes to stdout.
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

TEST_CASE("logs go to stderr, never into a result on stdout", "[cli][log]") {
  const auto r = run_tiersim("-v run scenarios/one-server.yaml --duration 10s --json -");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.rfind("{\n", 0) == 0);
  CHECK(r.err.find("tiersim debug: simulating 'one-server'") != std::string::npos);
}

TEST_CASE("log level info adds the run's events with their simulated times", "[cli][log]") {
  const auto r = run_tiersim("--log-level info run scenarios/health-checks.yaml --quiet");
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("tiersim info: t=120.000s web_fast instance 3 down\n") != std::string::npos);
  CHECK(r.err.find("tiersim info: t=124.500s web_fast instance 3 unhealthy (by lb_fast)\n") !=
        std::string::npos);
  CHECK(run_tiersim("--log-level loud run scenarios/one-server.yaml").exit_code == 2);
}
