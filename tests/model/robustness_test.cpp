// No input crashes tiersim: thousands of mutations of the bundled scenarios
// (bytes deleted, duplicated, replaced; lines swapped) go through parse,
// validate and compile. Each must end in a model or in diagnostics that all
// name the file; none may throw or crash (the sanitizer build runs this too).
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "tiersim/core/random.hpp"
#include "tiersim/model/compile.hpp"
#include "tiersim/scenario/parser.hpp"

using namespace tiersim;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string mutate(std::string text, RandomStream& rng) {
  static const char kAlphabet[] = "{}[]:,-'\"#&*!|>% \n\t0123456789abcxyz./()";
  const int edits = 1 + static_cast<int>(rng.next_below(4));
  for (int e = 0; e < edits && !text.empty(); ++e) {
    const auto at = static_cast<std::size_t>(rng.next_below(text.size()));
    switch (rng.next_below(4)) {
      case 0:
        text.erase(at, 1 + rng.next_below(8));
        break;
      case 1:
        text.insert(at, text.substr(at, 1 + rng.next_below(16)));
        break;
      case 2:
        text[at] = kAlphabet[rng.next_below(sizeof(kAlphabet) - 1)];
        break;
      default: {
        const auto nl = text.find('\n', at);
        const auto next = nl == std::string::npos ? nl : text.find('\n', nl + 1);
        if (nl != std::string::npos && next != std::string::npos) {
          const std::string line = text.substr(nl + 1, next - nl);
          text.erase(nl + 1, next - nl);
          text.insert(std::min(at, text.size()), line);
        }
      }
    }
  }
  return text;
}

}  // namespace

TEST_CASE("mutated scenarios give a model or located diagnostics, never a crash",
          "[model][robustness]") {
  RandomStream rng(2026);
  int compiled = 0, rejected = 0;
  for (const char* name : {"one-server", "three-tier"}) {
    const std::string original =
        read(std::string(TIERSIM_SOURCE_DIR "/scenarios/") + name + ".yaml");
    REQUIRE_FALSE(original.empty());
    for (int i = 0; i < 1500; ++i) {
      const std::string text = mutate(original, rng);
      ParseOutcome parsed = parse_scenario_text(text, "mutant.yaml");
      DiagnosticList diags = parsed.diagnostics;
      diags.append(validate_scenario(parsed.scenario));
      if (diags.empty()) {
        auto out = model::compile(parsed.scenario);
        diags = out.diagnostics;
        if (out.model) {
          ++compiled;
          continue;
        }
      }
      ++rejected;
      for (const auto& d : diags.items()) {
        INFO(text << "\n=> " << format_diagnostic(d));
        REQUIRE(d.mark.file == "mutant.yaml");
        REQUIRE_FALSE(d.message.empty());
      }
    }
  }
  // Both outcomes occur, so the mutations exercise both paths.
  CHECK(compiled > 100);
  CHECK(rejected > 100);
}
