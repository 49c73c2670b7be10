// The unit parsers of the scenario format: every unit and distribution form,
// and the errors with their offsets.
#include "tiersim/core/units.hpp"

#include <catch2/catch.hpp>
#include <string>

namespace tiersim {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

const std::string kDataDir = TIERSIM_TEST_DATA_DIR "/scenario";

template <typename T>
T value_of(const Parsed<T>& p) {
  INFO((ok(p) ? std::string() : std::get<ParseError>(p).message));
  REQUIRE(ok(p));
  return std::get<T>(p);
}

template <typename T>
ParseError error_of(const Parsed<T>& p) {
  REQUIRE_FALSE(ok(p));
  return std::get<ParseError>(p);
}

TEST_CASE("durations in every unit", "[units]") {
  CHECK(value_of(parse_duration_ns("250ns")) == 250);
  CHECK(value_of(parse_duration_ns("10us")) == 10'000);
  CHECK(value_of(parse_duration_ns("10ms")) == 10'000'000);
  CHECK(value_of(parse_duration_ns("2s")) == 2'000'000'000);
  CHECK(value_of(parse_duration_ns("5m")) == 300'000'000'000);
  CHECK(value_of(parse_duration_ns("1h")) == 3'600'000'000'000);
  CHECK(value_of(parse_duration_ns("0s")) == 0);
}

TEST_CASE("durations with fractions, spaces and rounding", "[units]") {
  CHECK(value_of(parse_duration_ns("1.5s")) == 1'500'000'000);
  CHECK(value_of(parse_duration_ns(".5ms")) == 500'000);
  CHECK(value_of(parse_duration_ns("10 ms")) == 10'000'000);
  CHECK(value_of(parse_duration_ns("  10ms  ")) == 10'000'000);
  // Rounded to the nearest nanosecond, halves away from zero.
  CHECK(value_of(parse_duration_ns("0.4ns")) == 0);
  CHECK(value_of(parse_duration_ns("2.5ns")) == 3);
  CHECK(value_of(parse_duration_ns("1.0000001ms")) == 1'000'000);
}

TEST_CASE("duration errors say what was expected, and where", "[units]") {
  ParseError e = error_of(parse_duration_ns("10KB"));
  CHECK_THAT(e.message, StartsWith("'10KB' is a size, but a duration is expected here (units: "
                                   "ns, us, ms, s, m, h)"));
  CHECK(e.offset == 0);
  e = error_of(parse_duration_ns("1Gbps"));
  CHECK_THAT(e.message, StartsWith("'1Gbps' is a bandwidth, but a duration is expected here"));
  e = error_of(parse_duration_ns("10"));
  CHECK_THAT(e.message, StartsWith("'10' has no unit; expected a duration with a unit"));
  CHECK(e.offset == 2);
  e = error_of(parse_duration_ns("10 days"));
  CHECK_THAT(e.message, StartsWith("unknown unit 'days' in '10 days'; expected a duration"));
  CHECK(e.offset == 3);
  e = error_of(parse_duration_ns("1e3ms"));
  CHECK_THAT(e.message, StartsWith("unknown unit 'e3ms'"));
  CHECK(e.offset == 1);
  e = error_of(parse_duration_ns("fast"));
  CHECK_THAT(e.message, StartsWith("'fast' is not a duration; expected a number and a unit"));
  CHECK(e.offset == 0);
  e = error_of(parse_duration_ns("  -5ms"));
  CHECK_THAT(e.message, StartsWith("'-5ms' is negative; expected a duration"));
  CHECK(e.offset == 2);
  e = error_of(parse_duration_ns(""));
  CHECK(e.message == "expected a duration (e.g. 10ms), got nothing");
  e = error_of(parse_duration_ns("   "));
  CHECK(e.message == "expected a duration (e.g. 10ms), got nothing");
}

TEST_CASE("quantities too large for 64-bit integers are errors", "[units]") {
  CHECK(value_of(parse_duration_ns("9000000000s")) == 9'000'000'000'000'000'000);
  CHECK_THAT(error_of(parse_duration_ns("10000000000s")).message, Contains("is too large"));
  CHECK_THAT(error_of(parse_size_bytes("100000000TB")).message, Contains("is too large"));
  // Beyond the range of a double, not only of an int64.
  const std::string huge = "1" + std::string(400, '0') + "s";
  CHECK_THAT(error_of(parse_duration_ns(huge)).message, Contains("is too large"));
  const std::string tiny = "0." + std::string(400, '0') + "1s";
  CHECK(value_of(parse_duration_ns(tiny)) == 0);
}

TEST_CASE("sizes in every unit, decimal and binary", "[units]") {
  CHECK(value_of(parse_size_bytes("512B")) == 512);
  CHECK(value_of(parse_size_bytes("1KB")) == 1'000);
  CHECK(value_of(parse_size_bytes("100KB")) == 100'000);
  CHECK(value_of(parse_size_bytes("2MB")) == 2'000'000);
  CHECK(value_of(parse_size_bytes("3GB")) == 3'000'000'000);
  CHECK(value_of(parse_size_bytes("4TB")) == 4'000'000'000'000);
  CHECK(value_of(parse_size_bytes("1KiB")) == 1024);
  CHECK(value_of(parse_size_bytes("1.5KiB")) == 1536);
  CHECK(value_of(parse_size_bytes("2MiB")) == 2 * 1024 * 1024);
  CHECK(value_of(parse_size_bytes("16GiB")) == 17'179'869'184);
  CHECK(value_of(parse_size_bytes("1TiB")) == 1'099'511'627'776);
  CHECK(value_of(parse_size_bytes("2.5GB")) == 2'500'000'000);
}

TEST_CASE("size errors", "[units]") {
  CHECK_THAT(error_of(parse_size_bytes("10ms")).message,
             StartsWith("'10ms' is a duration, but a size is expected here (units: B, KB, MB, GB, "
                        "TB, KiB, MiB, GiB, TiB)"));
  CHECK_THAT(error_of(parse_size_bytes("10Gbps")).message,
             StartsWith("'10Gbps' is a bandwidth, but a size is expected here"));
  // Units are case-sensitive: kB and Kb are not sizes of this format.
  CHECK_THAT(error_of(parse_size_bytes("10kB")).message, StartsWith("unknown unit 'kB'"));
  CHECK_THAT(error_of(parse_size_bytes("100")).message, StartsWith("'100' has no unit"));
  CHECK_THAT(error_of(parse_size_bytes("-1KB")).message, StartsWith("'-1KB' is negative"));
}

TEST_CASE("bandwidths in every unit", "[units]") {
  CHECK(value_of(parse_bandwidth_bps("9600bps")) == 9600);
  CHECK(value_of(parse_bandwidth_bps("56Kbps")) == 56'000);
  CHECK(value_of(parse_bandwidth_bps("100Mbps")) == 100'000'000);
  CHECK(value_of(parse_bandwidth_bps("1Gbps")) == 1'000'000'000);
  CHECK(value_of(parse_bandwidth_bps("2.5Gbps")) == 2'500'000'000);
  CHECK(value_of(parse_bandwidth_bps("1Tbps")) == 1'000'000'000'000);
  CHECK_THAT(error_of(parse_bandwidth_bps("1GB")).message,
             StartsWith("'1GB' is a size, but a bandwidth is expected here"));
  CHECK_THAT(error_of(parse_bandwidth_bps("1s")).message,
             StartsWith("'1s' is a duration, but a bandwidth is expected here"));
  CHECK_THAT(error_of(parse_bandwidth_bps("1Gb/s")).message, StartsWith("unknown unit 'Gb/s'"));
}

TEST_CASE("rates per second, minute and hour", "[units]") {
  CHECK(value_of(parse_rate_per_second("700/s")) == 700.0);
  CHECK(value_of(parse_rate_per_second("42000/m")) == 700.0);
  CHECK(value_of(parse_rate_per_second("3600/h")) == 1.0);
  CHECK(value_of(parse_rate_per_second("0.5/s")) == 0.5);
  CHECK(value_of(parse_rate_per_second(" 700 / s ")) == 700.0);
}

TEST_CASE("rate errors", "[units]") {
  ParseError e = error_of(parse_rate_per_second("0/s"));
  CHECK(e.message == "rate '0/s' is zero; expected a rate above zero, e.g. 700/s");
  CHECK(e.offset == 0);
  e = error_of(parse_rate_per_second("-5/s"));
  CHECK(e.message == "rate '-5/s' is negative; expected a rate above zero, e.g. 700/s");
  e = error_of(parse_rate_per_second("700"));
  CHECK_THAT(e.message, StartsWith("'700' is not a rate; expected a count per time unit"));
  e = error_of(parse_rate_per_second("700/d"));
  CHECK(e.message == "unknown rate unit '/d' in '700/d'; expected /s, /m or /h");
  CHECK(e.offset == 4);
  e = error_of(parse_rate_per_second("many/s"));
  CHECK(e.message == "the count of a rate must be a plain number, got 'many'");
  CHECK(e.offset == 0);
  CHECK_THAT(error_of(parse_rate_per_second("/s")).message,
             Contains("must be a plain number, got ''"));
  // Not numbers of requests: infinities and NaN.
  CHECK_THAT(error_of(parse_rate_per_second("inf/s")).message,
             Contains("must be a plain number, got 'inf'"));
  CHECK_THAT(error_of(parse_rate_per_second("nan/s")).message,
             Contains("must be a plain number, got 'nan'"));
}

Distribution dist(std::string_view text) {
  return value_of(parse_duration_distribution(text, EmpiricalLoader()));
}

ParseError dist_error(std::string_view text) {
  return error_of(parse_duration_distribution(text, EmpiricalLoader()));
}

TEST_CASE("every distribution form", "[units]") {
  const auto constant = std::get<ConstantDist>(dist("10ms").variant());
  CHECK(constant.value == 1e7);
  CHECK(std::get<ExponentialDist>(dist("exp(10ms)").variant()).mean == 1e7);
  CHECK(std::get<ExponentialDist>(dist("  exp( 1s )  ").variant()).mean == 1e9);
  const auto uniform = std::get<UniformDist>(dist("uniform(5ms, 15ms)").variant());
  CHECK(uniform.low == 5e6);
  CHECK(uniform.high == 1.5e7);
  const auto normal = std::get<NormalDist>(dist("normal(10ms, 2ms)").variant());
  CHECK(normal.mean == 1e7);
  CHECK(normal.sd == 2e6);
  const auto lognormal = std::get<LogNormalDist>(dist("lognormal(10ms, 5ms)").variant());
  CHECK(lognormal.mean == 1e7);
  CHECK(lognormal.sd == 5e6);
  const auto erlang = std::get<ErlangDist>(dist("erlang(4, 10ms)").variant());
  CHECK(erlang.k == 4);
  CHECK(erlang.mean == 1e7);
  const auto pareto = std::get<ParetoDist>(dist("pareto(2ms, 2.5)").variant());
  CHECK(pareto.scale == 2e6);
  CHECK(pareto.shape == 2.5);
  // Degenerate but valid: a zero-width uniform and a zero sd.
  CHECK(std::get<UniformDist>(dist("uniform(1ms, 1ms)").variant()).high == 1e6);
  CHECK(std::get<NormalDist>(dist("normal(1ms, 0ms)").variant()).sd == 0.0);
}

TEST_CASE("empirical distributions go through the loader", "[units]") {
  std::string asked;
  const EmpiricalLoader loader = [&](const std::string& file) -> Parsed<EmpiricalDist> {
    asked = file;
    return EmpiricalDist{{1.0, 2.0}, file};
  };
  const auto p = parse_duration_distribution("empirical( times.csv )", loader);
  CHECK(asked == "times.csv");
  CHECK(std::get<EmpiricalDist>(value_of(p).variant()).values == std::vector<double>{1.0, 2.0});

  const EmpiricalLoader failing = [](const std::string&) -> Parsed<EmpiricalDist> {
    return ParseError{"no such file", 0};
  };
  CHECK(error_of(parse_duration_distribution("empirical(x.csv)", failing)).message ==
        "no such file");
  CHECK(dist_error("empirical(x.csv)").message == "empirical(...) is not available here");
  CHECK_THAT(dist_error("empirical()").message, StartsWith("empirical takes 1 argument"));
}

TEST_CASE("distribution errors and their offsets", "[units]") {
  ParseError e = dist_error("10KB");
  CHECK_THAT(e.message, StartsWith("'10KB' is a size, but a duration is expected here"));
  CHECK_THAT(e.message, Contains("; or a distribution: exp(mean), uniform(lo, hi)"));
  e = dist_error("exp(10KB)");
  CHECK_THAT(e.message, StartsWith("'10KB' is a size"));
  CHECK(e.offset == 4);
  e = dist_error("exp()");
  CHECK(e.message == "exp takes 1 argument: exp(mean), e.g. exp(10ms)");
  CHECK(e.offset == 4);
  e = dist_error("exp(1ms, 2ms)");
  CHECK_THAT(e.message, StartsWith("exp takes 1 argument"));
  e = dist_error("exp(0ms)");
  CHECK(e.message == "the mean of exp must be greater than zero, got '0ms'");
  e = dist_error("uniform(5ms)");
  CHECK(e.message == "uniform takes 2 arguments: uniform(lo, hi), e.g. uniform(5ms, 15ms)");
  e = dist_error("uniform(15ms, 5ms)");
  CHECK(e.message == "uniform(lo, hi) needs lo <= hi, got 'uniform(15ms, 5ms)'");
  CHECK(e.offset == 14);
  e = dist_error("normal(10ms, -1ms)");
  CHECK_THAT(e.message, StartsWith("'-1ms' is negative"));
  CHECK(e.offset == 13);
  CHECK_THAT(dist_error("lognormal(0s, 1ms)").message,
             StartsWith("the mean must be greater than zero"));
  CHECK_THAT(dist_error("erlang(2.5, 10ms)").message,
             StartsWith("k of erlang(k, mean) must be a whole number from 1 to 1000, got '2.5'"));
  CHECK_THAT(dist_error("erlang(0, 10ms)").message, StartsWith("k of erlang(k, mean)"));
  CHECK_THAT(dist_error("erlang(nan, 10ms)").message, StartsWith("k of erlang(k, mean)"));
  CHECK_THAT(dist_error("pareto(2ms, 0)").message,
             StartsWith("the shape of pareto must be above zero, got '0'"));
  CHECK_THAT(dist_error("pareto(2ms, inf)").message,
             StartsWith("the shape of pareto must be a plain number, got 'inf'"));
  CHECK_THAT(dist_error("pareto(2ms, big)").message,
             StartsWith("the shape of pareto must be a plain number, got 'big'"));
  e = dist_error("exp(10ms");
  CHECK(e.message == "'exp(10ms' lacks its closing ')'");
  CHECK(e.offset == 8);
  e = dist_error("gamma(2, 1ms)");
  CHECK_THAT(e.message, StartsWith("unknown distribution 'gamma'; expected exp, uniform"));
  CHECK(e.offset == 0);
  CHECK_THAT(dist_error("exp(exp(1ms))").message, StartsWith("'exp(1ms)' is not a duration"));
}

TEST_CASE("empirical CSV files", "[units]") {
  const auto good = value_of(load_empirical_csv(kDataDir + "/latency.csv"));
  // Comment, header and blank lines are skipped.
  CHECK(good.values == std::vector<double>{2e6, 4e6, 6e6});
  CHECK(good.source == kDataDir + "/latency.csv");

  const auto bad = error_of(load_empirical_csv(kDataDir + "/bad_latency.csv"));
  CHECK(bad.message == kDataDir +
                           "/bad_latency.csv:3:1: '4KB' is a size, but a duration is expected "
                           "here (units: ns, us, ms, s, m, h)");
  CHECK(error_of(load_empirical_csv(kDataDir + "/header_only.csv")).message ==
        "empirical distribution file '" + kDataDir + "/header_only.csv' has no values");
  CHECK(error_of(load_empirical_csv(kDataDir + "/none.csv")).message ==
        "cannot open empirical distribution file '" + kDataDir + "/none.csv'");
}

TEST_CASE("format_duration writes durations the short way", "[units]") {
  CHECK(format_duration(0) == "0ns");
  CHECK(format_duration(250) == "250ns");
  CHECK(format_duration(10'000) == "10us");
  CHECK(format_duration(1'500'000) == "1.5ms");
  CHECK(format_duration(10'000'000) == "10ms");
  CHECK(format_duration(1'500'000'000) == "1.5s");
  CHECK(format_duration(90'000'000'000) == "90s");
  CHECK(format_duration(300'000'000'000) == "5m");
  CHECK(format_duration(3'600'000'000'000) == "1h");
}

TEST_CASE("formatted durations parse back to the same value", "[units]") {
  for (std::int64_t ns : {1LL, 999LL, 10'000LL, 1'500'000LL, 2'000'000'000LL, 300'000'000'000LL})
    CHECK(value_of(parse_duration_ns(format_duration(ns))) == ns);
}

}  // namespace
}  // namespace tiersim
