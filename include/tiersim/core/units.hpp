// Units of the scenario format, parsed from text into integers.
//
// durations: 250ns 10us 10ms 2s 5m 1h          -> nanoseconds
// sizes:     B, KB/MB/GB/TB (powers of 1000),
//            KiB/MiB/GiB/TiB (powers of 1024)  -> bytes
// bandwidth: bps Kbps Mbps Gbps (powers of 1000) -> bits per second
// rates:     700/s 42000/m 3600/h              -> events per second (double)
// distributions: a duration (constant), exp(mean), uniform(lo, hi),
//            normal(mean, sd), lognormal(mean, sd), erlang(k, mean),
//            pareto(scale, shape), empirical(file.csv)
//
// A number may have a fraction ("1.5s", "2.5GB"); the result is rounded to
// the nearest integer unit. Each parser returns the value or a ParseError whose
// message says what was expected, and whose offset is the 0-based position in
// the text where the problem starts (so a caller can point at a column).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <variant>

#include "tiersim/core/distribution.hpp"

namespace tiersim {

struct ParseError {
  std::string message;
  int offset = 0;
};

template <typename T>
using Parsed = std::variant<T, ParseError>;

template <typename T>
bool ok(const Parsed<T>& p) {
  return std::holds_alternative<T>(p);
}

Parsed<std::int64_t> parse_duration_ns(std::string_view text);
Parsed<std::int64_t> parse_size_bytes(std::string_view text);
Parsed<std::int64_t> parse_bandwidth_bps(std::string_view text);
Parsed<double> parse_rate_per_second(std::string_view text);

// Reads the lines of an empirical distribution's file. Given the file name as
// written in the scenario, returns the file's values in nanoseconds or a
// ParseError naming the file's own line.
using EmpiricalLoader = std::function<Parsed<EmpiricalDist>(const std::string& file)>;

// Parses a duration distribution. `load_empirical` is called for
// empirical(file); it may be empty, and then empirical(...) is an error.
Parsed<Distribution> parse_duration_distribution(std::string_view text,
                                                 const EmpiricalLoader& load_empirical);

// Loads an empirical distribution's CSV: one duration per line, its first
// comma-separated cell (a first line whose cell does not start like a number
// is taken as a header), blank lines and lines starting with '#' skipped.
// Errors name "path:line:col".
Parsed<EmpiricalDist> load_empirical_csv(const std::string& path);

// Formats a duration in nanoseconds the short way a user would write it
// ("10ms", "1.5s", "250ns").
std::string format_duration(std::int64_t ns);

}  // namespace tiersim
