// Run limits end a run cleanly: exit code 3, a message naming the limit, and
// a partial result marked as such. Outputs never replace an input, and a run
// killed midway leaves the previous output whole.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_tiersim.hpp"

namespace fs = std::filesystem;

TEST_CASE("max-events stops the run at exactly that many events", "[cli][limits]") {
  const std::string out = scratch_dir() + "/max-events.json";
  const auto r =
      run_tiersim("run scenarios/three-tier.yaml --quiet --max-events 200000 --json " + out);
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("tiersim: simulation stopped: event limit reached: 200000 events executed "
                   "by t=") == 0);
  CHECK(r.err.find("(--max-events)") != std::string::npos);
  const auto j = nlohmann::json::parse(read_text(out));
  CHECK(j["run"]["partial"] == true);
  CHECK(j["run"]["events"] == 200000);
  // Measured over the part of the window it reached, not the whole 300 s.
  CHECK(j["duration_s"].get<double>() < 300);
  CHECK(j["throughput_rps"].get<double>() > 300);
}

TEST_CASE("max-wall-time stops a long run", "[cli][limits]") {
  const auto r =
      run_tiersim("run scenarios/three-tier.yaml --quiet --duration 1000h --max-wall-time 300ms");
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("wall-clock limit reached: 0.3 s of wall-clock time") != std::string::npos);
  CHECK(r.err.find("(--max-wall-time)") != std::string::npos);
}

TEST_CASE("max-memory stops a run whose memory reaches it", "[cli][limits]") {
  const auto r = run_tiersim("run scenarios/three-tier.yaml --max-memory 1MB");
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("memory limit reached: ") != std::string::npos);
  CHECK(r.err.find("limit 1.0 MiB") != std::string::npos);
  CHECK(r.out.find("STOPPED: memory limit reached") != std::string::npos);
  CHECK(r.out.find("(a partial result") != std::string::npos);
}

TEST_CASE("limits with bad values are usage errors", "[cli][limits]") {
  auto r = run_tiersim("run scenarios/one-server.yaml --max-events 0");
  CHECK(r.exit_code == 2);
  CHECK(r.err == "tiersim: error: --max-events: must be greater than zero\n");
  r = run_tiersim("run scenarios/one-server.yaml --max-memory 2");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("tiersim: error: --max-memory: '2' has no unit") == 0);
  r = run_tiersim("run scenarios/one-server.yaml --max-wall-time 5GB");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("tiersim: error: --max-wall-time: '5GB' is a size") == 0);
}

TEST_CASE("an output never replaces an input of the run", "[cli][outputs]") {
  const std::string copy = scratch_dir() + "/scenario-as-output.yaml";
  fs::copy_file(TIERSIM_SOURCE_DIR "/scenarios/one-server.yaml", copy,
                fs::copy_options::overwrite_existing);
  const std::string before = read_text(copy);
  for (const std::string& command :
       {"run " + copy + " --quiet --json " + copy, "graph " + copy + " -o " + copy,
        "compare scenarios/one-server.yaml " + copy + " --quiet --csv " + copy}) {
    const auto r = run_tiersim(command);
    INFO(command);
    CHECK(r.exit_code == 2);
    CHECK(r.err == "tiersim: error: refusing to write the output over '" + copy +
                       "', which this run reads as input\n");
    CHECK(read_text(copy) == before);
  }
}

TEST_CASE("a run killed midway leaves the previous output whole", "[cli][outputs]") {
  const std::string dir = scratch_dir() + "/killed";
  fs::create_directories(dir);
  const std::string out = dir + "/result.json";
  {
    std::ofstream previous(out);
    previous << "{\"previous\": true}\n";
  }
  // SIGKILL after half a second of a run that would take hours.
  const auto r = run_tiersim("run scenarios/three-tier.yaml --quiet --duration 1000h --json " +
                             out + " & pid=$!; sleep 0.5; kill -KILL $pid; wait $pid");
  CHECK(r.exit_code == 128 + 9);
  CHECK(read_text(out) == "{\"previous\": true}\n");
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  CHECK(files == 1);  // no temporary file left behind either
}
