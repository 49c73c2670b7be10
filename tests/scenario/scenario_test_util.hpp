// Helpers shared by the scenario tests: parse inline YAML as file "s.yaml",
// with empirical files resolved against tests/data/scenario.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <string_view>

#include "tiersim/scenario/parser.hpp"

namespace tiersim::test {

inline const std::string kScenarioDataDir = TIERSIM_TEST_DATA_DIR "/scenario";

inline ParseOutcome parse(std::string_view yaml) {
  return parse_scenario_text(yaml, "s.yaml", kScenarioDataDir);
}

// Parse and validation diagnostics of `yaml`, formatted one per line.
inline std::string all_errors(std::string_view yaml) {
  ParseOutcome out = parse(yaml);
  out.diagnostics.append(validate_scenario(out.scenario));
  return out.diagnostics.format();
}

// `text` with its one occurrence of `from` replaced by `to`.
inline std::string with(std::string text, std::string_view from, std::string_view to) {
  const auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  REQUIRE(text.find(from, pos + 1) == std::string::npos);
  text.replace(pos, from.size(), to);
  return text;
}

}  // namespace tiersim::test
