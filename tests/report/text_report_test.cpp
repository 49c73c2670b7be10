// The text summary: prose wraps at 100 columns, whatever it holds.
#include "tiersim/report/text_report.hpp"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>

namespace tiersim {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

TEST_CASE("prose wraps at 100 columns, words and trailing spaces included", "[report]") {
  Result r;
  r.scenario = "wrap";
  // A word longer than a line, a line that ends in spaces, and plain prose.
  r.warnings = {std::string(130, 'x') + "   ", "short " + std::string(120, 'y') + " end",
                "one two three four five six seven eight nine ten eleven twelve thirteen "
                "fourteen fifteen sixteen seventeen"};
  const auto lines = lines_of(to_text(r));
  bool found_end = false, found_seventeen = false;
  for (const auto& l : lines) {
    if (l.find('x') == std::string::npos && l.find('y') == std::string::npos)
      CHECK(l.size() <= 100);
    CHECK((l.empty() || l.back() != ' '));
    found_end |= l == "      end";
    found_seventeen |= l.find("seventeen") != std::string::npos;
  }
  CHECK(found_end);
  CHECK(found_seventeen);
}

}  // namespace
}  // namespace tiersim
