// explain's predictions against the simulation: on the three-tier
// scenario, every predicted utilization lies within the 95% confidence
// interval of the simulated one over 10 replications.
#include <catch2/catch.hpp>

#include "tiersim/metrics/confidence.hpp"
#include "tiersim/model/compile.hpp"
#include "tiersim/model/explain.hpp"
#include "tiersim/scenario/parser.hpp"
#include "tiersim/simulation/replications.hpp"

using namespace tiersim;

TEST_CASE("predicted utilizations match simulated ones on three-tier", "[theory][explain]") {
  ParseOutcome parsed = parse_scenario_file(TIERSIM_SOURCE_DIR "/scenarios/three-tier.yaml");
  REQUIRE(parsed.diagnostics.empty());
  auto compiled = model::compile(parsed.scenario);
  REQUIRE(compiled.model);
  model::Model m = *compiled.model;
  m.duration = SimTime::from_seconds(120);
  const model::Explanation ex = model::explain(m);
  const auto results = simulate_replications(m, 10, 2);
  int checked = 0;
  for (std::size_t i = 0; i < m.nodes.size(); ++i) {
    const std::pair<std::optional<double>, std::optional<double> Utilization::*> pairs[] = {
        {ex.nodes[i].cpu, &Utilization::cpu},
        {ex.nodes[i].nic_tx, &Utilization::nic_tx},
        {ex.nodes[i].nic_rx, &Utilization::nic_rx}};
    for (const auto& [predicted, member] : pairs) {
      if (!predicted) continue;
      std::vector<double> simulated;
      for (const auto& r : results) simulated.push_back(*(r.nodes[i].utilization.*member));
      const Interval ci = confidence_interval(simulated);
      INFO(m.nodes[i].name << ": predicted " << *predicted << ", simulated " << ci.mean << " +/- "
                           << ci.half_width);
      CHECK(std::abs(*predicted - ci.mean) <= ci.half_width);
      ++checked;
    }
  }
  CHECK(checked == 12);  // cpu of the four nodes, NICs of lb, web, app, db
}
