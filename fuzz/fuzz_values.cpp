// libFuzzer target: the value parsers of core/units.hpp. The first byte picks
// the parser, the rest is the text as a scenario would hold it.
//
// Any text must give a value or a ParseError whose offset lies within the
// text (a caller adds it to a column), never a crash or a sanitizer report.
// A parsed value must be in range: durations, sizes and bandwidths at least
// 0 and at most 9e18, rates finite and above zero, distributions with a
// finite, non-negative mean.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tiersim/core/units.hpp"

namespace {

using tiersim::Parsed;
using tiersim::ParseError;

template <typename T>
void check_offset(const Parsed<T>& p, std::string_view text) {
  if (tiersim::ok(p)) return;
  const ParseError& e = std::get<ParseError>(p);
  if (e.offset < 0 || static_cast<std::size_t>(e.offset) > text.size()) std::abort();
  if (e.message.empty()) std::abort();
}

void check_integer(const Parsed<std::int64_t>& p, std::string_view text) {
  check_offset(p, text);
  if (tiersim::ok(p)) {
    const std::int64_t v = std::get<std::int64_t>(p);
    if (v < 0 || v > 9'000'000'000'000'000'000) std::abort();
    (void)tiersim::format_duration(v);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t selector = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (selector % 5) {
    case 0:
      check_integer(tiersim::parse_duration_ns(text), text);
      break;
    case 1:
      check_integer(tiersim::parse_size_bytes(text), text);
      break;
    case 2:
      check_integer(tiersim::parse_bandwidth_bps(text), text);
      break;
    case 3: {
      const Parsed<double> rate = tiersim::parse_rate_per_second(text);
      check_offset(rate, text);
      if (tiersim::ok(rate)) {
        const double r = std::get<double>(rate);
        if (!std::isfinite(r) || !(r > 0)) std::abort();
      }
      break;
    }
    case 4: {
      // empirical(...) reads no file here: the loader refuses, as the CLI's
      // does for a file it cannot open.
      const tiersim::EmpiricalLoader loader = [](const std::string& file) {
        return Parsed<tiersim::EmpiricalDist>(ParseError{"no files here: " + file, 0});
      };
      const Parsed<tiersim::Distribution> dist = tiersim::parse_duration_distribution(text, loader);
      check_offset(dist, text);
      if (tiersim::ok(dist)) {
        const tiersim::Distribution& d = std::get<tiersim::Distribution>(dist);
        const double mean = d.mean();
        if (std::isnan(mean) || mean < 0) std::abort();
        (void)d.scv();
        tiersim::RandomStream rng(42, "fuzz", "values");
        for (int i = 0; i < 4; ++i) (void)d.sample_integer(rng);
      }
      break;
    }
  }
  return 0;
}
