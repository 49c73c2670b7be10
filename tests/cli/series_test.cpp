// --series: the run in intervals, as CSV, without changing the run.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "run_tiersim.hpp"

namespace {

std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::istringstream l(line);
    std::string cell;
    while (std::getline(l, cell, ',')) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

}  // namespace

TEST_CASE("series writes one row per interval and leaves the run as it was", "[cli][series]") {
  const std::string dir = scratch_dir();
  const std::string plain = dir + "/series-plain.json", with = dir + "/series-with.json",
                    csv = dir + "/series.csv";
  const std::string run = "run scenarios/one-server.yaml --quiet --duration 60s --warmup 30s ";
  REQUIRE(run_tiersim(run + "--json " + plain).exit_code == 0);
  const auto r = run_tiersim(run + "--json " + with + " --series " + csv + " --interval 10s");
  REQUIRE(r.exit_code == 0);
  // No events of its own: the same JSON, byte for byte.
  CHECK(read_text(with) == read_text(plain));

  const auto rows = csv_rows(read_text(csv));
  REQUIRE(rows.size() == 1 + 9);  // a header and 90 s in 10 s intervals
  CHECK(rows[0][0] == "start_s");
  CHECK(rows[0][2] == "arrivals");
  CHECK(rows[0][12] == "web.throughput_rps");
  CHECK(rows[0].size() == 12 + 4);
  // The arrivals of the rows in the measured window are the run's requests.
  const auto result = nlohmann::json::parse(read_text(plain));
  std::int64_t arrivals = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    CHECK(std::stod(rows[i][1]) == 10.0);
    if (std::stod(rows[i][0]) >= 30) arrivals += std::stoll(rows[i][2]);
  }
  CHECK(arrivals == result["requests"]["generated"].get<std::int64_t>());
}

TEST_CASE("series options that do not fit are usage errors", "[cli][series]") {
  const auto alone = run_tiersim("run scenarios/one-server.yaml --interval 1s");
  CHECK(alone.exit_code == 2);
  CHECK(alone.err == "tiersim: error: --interval: needs --series FILE\n");
  const auto reps = run_tiersim("run scenarios/one-server.yaml --series - --replications 3");
  CHECK(reps.exit_code == 2);
  CHECK(reps.err == "tiersim: error: --series: records a single run, not replications\n");
  const auto tiny = run_tiersim("run scenarios/one-server.yaml --series - --interval 100us");
  CHECK(tiny.exit_code == 2);
  CHECK(tiny.err ==
        "tiersim: error: --interval: 100us over a run of 330s makes more than 1000000 "
        "rows; choose a longer interval\n");
  const auto zero = run_tiersim("run scenarios/one-server.yaml --series - --interval 0s");
  CHECK(zero.exit_code == 2);
  CHECK(zero.err == "tiersim: error: --interval: must be greater than zero\n");
}
