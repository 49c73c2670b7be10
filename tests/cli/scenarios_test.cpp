// tiersim scenarios: the bundled scenarios, one line each.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "run_tiersim.hpp"

TEST_CASE("scenarios lists every bundled scenario on a line of its own", "[cli][scenarios]") {
  const auto r = run_tiersim("scenarios");
  REQUIRE(r.exit_code == 0);
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(TIERSIM_SOURCE_DIR "/scenarios"))
    if (e.path().extension() == ".yaml") files.push_back(e.path().filename().string());
  std::sort(files.begin(), files.end());
  std::istringstream lines(r.out);
  std::string line;
  std::size_t i = 0;
  while (std::getline(lines, line)) {
    REQUIRE(i < files.size());
    CHECK(line.rfind(files[i] + " ", 0) == 0);
    CHECK(line.size() <= 100);
    ++i;
  }
  CHECK(i == files.size());
  CHECK(r.out.find("one-server.yaml             The lecture's single server, as a scenario.\n") !=
        std::string::npos);
}

TEST_CASE("scenarios of another folder, and a folder without any", "[cli][scenarios]") {
  const std::string dir = scratch_dir() + "/listed";
  std::filesystem::create_directories(dir);
  const auto empty = run_tiersim("scenarios --dir " + dir);
  CHECK(empty.exit_code == 2);
  CHECK(empty.err == "tiersim: error: no scenario files (*.yaml) in '" + dir + "'\n");
  { std::ofstream(dir + "/broken.yaml") << "# Half written.\nname: [\n"; }
  const auto broken = run_tiersim("scenarios --dir " + dir);
  CHECK(broken.exit_code == 0);
  CHECK(broken.out == "broken.yaml  (does not load: 1 error; run tiersim validate on it)\n");
}
