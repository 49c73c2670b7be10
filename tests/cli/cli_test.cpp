#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "run_tiersim.hpp"

namespace fs = std::filesystem;

TEST_CASE("the version flag prints the version and exits 0", "[cli]") {
  const auto r = run_tiersim("--version");
  CHECK(r.exit_code == 0);
  CHECK(r.out.rfind("tiersim 0.", 0) == 0);
}

TEST_CASE("run prints a summary table and exits 0", "[cli]") {
  const auto r = run_tiersim("run scenarios/one-server.yaml --duration 20s");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("scenario one-server (seed 42)") != std::string::npos);
  CHECK(r.out.find("throughput") != std::string::npos);
  CHECK(r.out.find("web ") != std::string::npos);
  CHECK(r.err.empty());
}

namespace {

// Every bundled scenario, by name, sorted: a new scenario is checked (and
// needs a golden file) without editing this test.
std::vector<std::string> bundled_scenarios() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(TIERSIM_SOURCE_DIR "/scenarios"))
    if (e.path().extension() == ".yaml") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("validate accepts the bundled scenarios", "[cli]") {
  const auto names = bundled_scenarios();
  CHECK(names.size() >= 8);
  for (const auto& name : names) {
    const auto r = run_tiersim("validate scenarios/" + name + ".yaml");
    INFO(name << "\n" << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("valid scenario") != std::string::npos);
  }
}

TEST_CASE("bundled scenarios match their golden JSON byte for byte", "[cli][golden]") {
  for (const auto& name : bundled_scenarios()) {
    const std::string out = scratch_dir() + "/" + name + ".json";
    const auto r = run_tiersim("run scenarios/" + name + ".yaml --quiet --json " + out);
    INFO(name << "\n" << r.err);
    REQUIRE(r.exit_code == 0);
    const std::string golden =
        read_text(std::string(TIERSIM_SOURCE_DIR "/tests/golden/") + name + ".json");
    REQUIRE_FALSE(golden.empty());
    CHECK(read_text(out) == golden);
  }
}

TEST_CASE("every bundled scenario's summary fits 100 columns", "[cli]") {
  for (const auto& name : bundled_scenarios()) {
    const auto r = run_tiersim("run scenarios/" + name + ".yaml");
    REQUIRE(r.exit_code == 0);
    std::istringstream lines(r.out);
    std::string line;
    while (std::getline(lines, line)) {
      INFO(name << ": " << line);
      CHECK(line.size() <= 100);
    }
  }
}

TEST_CASE("graph writes the topology as DOT, matching its golden file", "[cli][golden]") {
  const auto r = run_tiersim("graph scenarios/three-tier.yaml");
  CHECK(r.exit_code == 0);
  CHECK(r.out == read_text(TIERSIM_SOURCE_DIR "/tests/golden/three-tier.dot"));
  const std::string path = scratch_dir() + "/three-tier.dot";
  CHECK(run_tiersim("graph scenarios/three-tier.yaml -o " + path).exit_code == 0);
  CHECK(read_text(path) == r.out);
  CHECK(run_tiersim("graph tests/cli/bad/call-cycle.yaml").exit_code == 2);
}

TEST_CASE("prometheus export matches its golden file", "[cli][golden]") {
  const auto r = run_tiersim("run scenarios/one-server.yaml --quiet --prometheus -");
  CHECK(r.exit_code == 0);
  CHECK(r.out == read_text(TIERSIM_SOURCE_DIR "/tests/golden/one-server.prom"));
  const auto reps = run_tiersim("run scenarios/one-server.yaml --prometheus - --replications 2");
  CHECK(reps.exit_code == 2);
  CHECK(reps.err == "tiersim: error: --prometheus: exports a single run, not replications\n");
}

TEST_CASE("same seed gives same bytes, another seed another result", "[cli]") {
  const std::string a = scratch_dir() + "/a.json", b = scratch_dir() + "/b.json",
                    c = scratch_dir() + "/c.json";
  const std::string base = "run scenarios/three-tier.yaml --quiet --duration 20s --json ";
  REQUIRE(run_tiersim(base + a).exit_code == 0);
  REQUIRE(run_tiersim(base + b).exit_code == 0);
  REQUIRE(run_tiersim(base + c + " --seed 8").exit_code == 0);
  CHECK(read_text(a) == read_text(b));
  CHECK(read_text(a) != read_text(c));
  CHECK(read_text(c).find("\"seed\": 8") != std::string::npos);
}

TEST_CASE("usage errors exit 2", "[cli]") {
  CHECK(run_tiersim("").exit_code == 2);
  CHECK(run_tiersim("frobnicate").exit_code == 2);
  CHECK(run_tiersim("run").exit_code == 2);
  CHECK(run_tiersim("run scenarios/one-server.yaml --seed banana").exit_code == 2);
  const auto d = run_tiersim("run scenarios/one-server.yaml --duration 10KB");
  CHECK(d.exit_code == 2);
  CHECK(d.err.find("--duration: '10KB' is a size, but a duration is expected") !=
        std::string::npos);
}

TEST_CASE("a missing scenario file exits 2 naming the file", "[cli]") {
  const auto r = run_tiersim("run scenarios/no-such-file.yaml");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("scenarios/no-such-file.yaml") != std::string::npos);
}

TEST_CASE("an unwritable --json path exits 2 and leaves nothing behind", "[cli]") {
  const std::string dir = scratch_dir() + "/missing-dir";
  const auto r = run_tiersim("run scenarios/one-server.yaml --quiet --duration 1s --json " + dir +
                             "/out.json");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("cannot write") != std::string::npos);
  CHECK_FALSE(fs::exists(dir));
}

TEST_CASE("a dash as the JSON path prints the JSON result instead of the table", "[cli]") {
  const auto r = run_tiersim("run scenarios/one-server.yaml --duration 1s --json -");
  CHECK(r.exit_code == 0);
  CHECK(r.out.rfind("{\n  \"scenario\": \"one-server\"", 0) == 0);
  CHECK(r.out.find("throughput  ") == std::string::npos);
}

TEST_CASE("an existing --json file is replaced whole", "[cli]") {
  const std::string path = scratch_dir() + "/replace.json";
  { std::ofstream(path) << "old contents that are longer than nothing at all"; }
  REQUIRE(
      run_tiersim("run scenarios/one-server.yaml --quiet --duration 1s --json " + path).exit_code ==
      0);
  const std::string text = read_text(path);
  CHECK(text.rfind("{\n  \"scenario\": \"one-server\"", 0) == 0);
  CHECK(text.back() == '\n');
}

TEST_CASE("a run whose simulated time stops advancing stops with exit code 3", "[cli]") {
  const auto r = run_tiersim("run tests/cli/zeno.yaml --quiet");
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("simulated time stopped advancing at t=0") != std::string::npos);
}

TEST_CASE("a run that exceeds max_in_flight stops with exit code 3", "[cli]") {
  const auto r = run_tiersim("run tests/cli/overload.yaml --quiet");
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("more than 1000 requests in flight") != std::string::npos);
}
