#include "tiersim/core/units.hpp"

#include <fmt/core.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "tiersim/core/input_file.hpp"

namespace tiersim {

namespace {

struct Unit {
  std::string_view name;
  double factor;  // base units per one of this unit
};

constexpr Unit kDurationUnits[] = {{"ns", 1},  {"us", 1e3}, {"ms", 1e6},
                                   {"s", 1e9}, {"m", 60e9}, {"h", 3600e9}};
constexpr Unit kSizeUnits[] = {{"B", 1},
                               {"KB", 1e3},
                               {"MB", 1e6},
                               {"GB", 1e9},
                               {"TB", 1e12},
                               {"KiB", 1024.0},
                               {"MiB", 1024.0 * 1024},
                               {"GiB", 1024.0 * 1024 * 1024},
                               {"TiB", 1024.0 * 1024 * 1024 * 1024}};
constexpr Unit kBandwidthUnits[] = {
    {"bps", 1}, {"Kbps", 1e3}, {"Mbps", 1e6}, {"Gbps", 1e9}, {"Tbps", 1e12}};
constexpr Unit kRateUnits[] = {{"s", 1}, {"m", 1.0 / 60}, {"h", 1.0 / 3600}};
constexpr double kMinRatePerSecond = 0.001 / 3600;  // 0.001/h

// An empirical file is read whole; a bound keeps a wrong path (a device, a
// log of gigabytes) from exhausting memory.
constexpr std::uintmax_t kMaxEmpiricalMiB = 64;

template <std::size_t N>
const Unit* find_unit(const Unit (&units)[N], std::string_view name) {
  for (const auto& u : units)
    if (u.name == name) return &u;
  return nullptr;
}

// What kind of quantity a unit suffix belongs to, for "a size where a
// duration belongs" messages.
std::string_view unit_kind(std::string_view unit) {
  if (find_unit(kDurationUnits, unit)) return "a duration";
  if (find_unit(kSizeUnits, unit)) return "a size";
  if (find_unit(kBandwidthUnits, unit)) return "a bandwidth";
  return {};
}

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s, int* leading = nullptr) {
  std::size_t b = 0;
  while (b < s.size() && is_space(s[b])) ++b;
  std::size_t e = s.size();
  while (e > b && is_space(s[e - 1])) --e;
  if (leading) *leading = static_cast<int>(b);
  return s.substr(b, e - b);
}

struct NumberAndUnit {
  double number = 0;
  int number_offset = 0;
  std::string_view unit;
  int unit_offset = 0;
};

// Reads "<digits>[.<digits>]" (already checked to be all of `digits`).
// from_chars, unlike std::stod, neither throws nor depends on the C locale.
double read_decimal(std::string_view digits) {
  double v = 0;
  const auto [end, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), v, std::chars_format::fixed);
  if (ec == std::errc::result_out_of_range) {
    // Beyond a double: an integer part other than zeros overflows (and is
    // then reported as too large); otherwise it is a fraction too small to matter.
    const std::string_view whole = digits.substr(0, digits.find('.'));
    return whole.find_first_not_of('0') == std::string_view::npos ? 0.0 : HUGE_VAL;
  }
  return v;
}

// Reads "<digits>[.<digits>][ ]<unit>"; the number must be non-negative.
Parsed<NumberAndUnit> split_number(std::string_view text, std::string_view what,
                                   std::string_view example) {
  int lead = 0;
  const std::string_view s = trim(text, &lead);
  if (s.empty())
    return ParseError{fmt::format("expected {} (e.g. {}), got nothing", what, example), 0};
  if (s[0] == '-')
    return ParseError{fmt::format("'{}' is negative; expected {} (e.g. {})", s, what, example),
                      lead};
  std::size_t i = 0;
  bool digits = false;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, digits = true;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, digits = true;
  }
  if (!digits)
    return ParseError{
        fmt::format("'{}' is not {}; expected a number and a unit (e.g. {})", s, what, example),
        lead};
  NumberAndUnit out;
  out.number = read_decimal(s.substr(0, i));
  out.number_offset = lead;
  std::size_t j = i;
  while (j < s.size() && is_space(s[j])) ++j;
  out.unit = s.substr(j);
  out.unit_offset = lead + static_cast<int>(j);
  return out;
}

template <std::size_t N>
Parsed<std::int64_t> parse_quantity(std::string_view text, const Unit (&units)[N],
                                    std::string_view what, std::string_view example) {
  auto split = split_number(text, what, example);
  if (!ok(split)) return std::get<ParseError>(split);
  const auto& nu = std::get<NumberAndUnit>(split);
  std::string names;
  for (const auto& u : units) names += (names.empty() ? "" : ", ") + std::string(u.name);
  if (nu.unit.empty())
    return ParseError{fmt::format("'{}' has no unit; expected {} with a unit ({}), e.g. {}",
                                  trim(text), what, names, example),
                      nu.unit_offset};
  const Unit* unit = find_unit(units, nu.unit);
  if (!unit) {
    const std::string_view kind = unit_kind(nu.unit);
    if (!kind.empty())
      return ParseError{fmt::format("'{}' is {}, but {} is expected here (units: {})", trim(text),
                                    kind, what, names),
                        nu.number_offset};
    return ParseError{fmt::format("unknown unit '{}' in '{}'; expected {} ({}), e.g. {}", nu.unit,
                                  trim(text), what, names, example),
                      nu.unit_offset};
  }
  const double value = nu.number * unit->factor;
  if (value > 9.0e18)
    return ParseError{fmt::format("'{}' is too large", trim(text)), nu.number_offset};
  return static_cast<std::int64_t>(std::llround(value));
}

std::vector<std::pair<std::string_view, int>> split_args(std::string_view inner, int base) {
  std::vector<std::pair<std::string_view, int>> args;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= inner.size(); ++i) {
    if (i == inner.size() || inner[i] == ',') {
      int lead = 0;
      std::string_view a = trim(inner.substr(start, i - start), &lead);
      args.emplace_back(a, base + static_cast<int>(start) + lead);
      start = i + 1;
    }
  }
  return args;
}

ParseError shift(ParseError e, int by) {
  e.offset += by;
  return e;
}

Parsed<double> positive_duration(std::string_view text, int offset, std::string_view role) {
  auto p = parse_duration_ns(text);
  if (!ok(p)) return shift(std::get<ParseError>(p), offset);
  const auto v = std::get<std::int64_t>(p);
  if (v <= 0)
    return ParseError{fmt::format("{} must be greater than zero, got '{}'", role, text), offset};
  return static_cast<double>(v);
}

// A finite decimal number ("2.5", "1e3", "+4"); infinities, NaN and hex are not plain.
Parsed<double> plain_number(std::string_view text, int offset, std::string_view role) {
  const std::string_view t = !text.empty() && text[0] == '+' ? text.substr(1) : text;
  double v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size() || !std::isfinite(v))
    return ParseError{fmt::format("{} must be a plain number, got '{}'", role, text), offset};
  return v;
}

}  // namespace

Parsed<std::int64_t> parse_duration_ns(std::string_view text) {
  return parse_quantity(text, kDurationUnits, "a duration", "10ms");
}

Parsed<std::int64_t> parse_size_bytes(std::string_view text) {
  return parse_quantity(text, kSizeUnits, "a size", "100KB");
}

Parsed<std::int64_t> parse_bandwidth_bps(std::string_view text) {
  return parse_quantity(text, kBandwidthUnits, "a bandwidth", "1Gbps");
}

Parsed<double> parse_rate_per_second(std::string_view text) {
  int lead = 0;
  const std::string_view s = trim(text, &lead);
  const auto slash = s.find('/');
  if (slash == std::string_view::npos)
    return ParseError{
        fmt::format("'{}' is not a rate; expected a count per time unit (/s, /m, /h), e.g. 700/s",
                    s),
        lead};
  int num_lead = 0;
  const std::string_view num = trim(s.substr(0, slash), &num_lead);
  if (!num.empty() && num[0] == '-')
    return ParseError{
        fmt::format("rate '{}' is negative; expected a rate above zero, e.g. 700/s", s), lead};
  auto n = plain_number(num, lead + num_lead, "the count of a rate");
  if (!ok(n)) return std::get<ParseError>(n);
  int unit_lead = 0;
  const std::string_view unit = trim(s.substr(slash + 1), &unit_lead);
  const Unit* u = find_unit(kRateUnits, unit);
  const int unit_offset = lead + static_cast<int>(slash) + 1 + unit_lead;
  if (!u)
    return ParseError{
        fmt::format("unknown rate unit '/{}' in '{}'; expected /s, /m or /h", unit, s),
        unit_offset};
  const double rate = std::get<double>(n) * u->factor;
  if (!(rate > 0))
    return ParseError{fmt::format("rate '{}' is zero; expected a rate above zero, e.g. 700/s", s),
                      lead};
  // Arrival gaps are whole nanoseconds: at 0.001/h the mean gap is 3.6e15 ns,
  // and even the longest exponential draw (37 means) stays far below the
  // 10^18 ns that any one sampled time may span.
  if (rate < kMinRatePerSecond)
    return ParseError{fmt::format("rate '{}' is too small; the smallest is 0.001/h (one request "
                                  "in 1000 hours)",
                                  s),
                      lead};
  return rate;
}

Parsed<Distribution> parse_duration_distribution(std::string_view text,
                                                 const EmpiricalLoader& load_empirical) {
  int lead = 0;
  const std::string_view s = trim(text, &lead);
  const auto open = s.find('(');
  if (open == std::string_view::npos) {
    auto d = parse_duration_ns(s);
    if (!ok(d)) {
      auto e = std::get<ParseError>(d);
      e.message +=
          "; or a distribution: exp(mean), uniform(lo, hi), normal(mean, sd), "
          "lognormal(mean, sd), erlang(k, mean), pareto(scale, shape), empirical(file.csv)";
      return shift(e, lead);
    }
    return Distribution::constant(static_cast<double>(std::get<std::int64_t>(d)));
  }
  const std::string_view name = trim(s.substr(0, open));
  if (s.back() != ')')
    return ParseError{fmt::format("'{}' lacks its closing ')'", s),
                      lead + static_cast<int>(s.size())};
  const int inner_base = lead + static_cast<int>(open) + 1;
  const auto args = split_args(s.substr(open + 1, s.size() - open - 2), inner_base);
  auto arity = [&](std::size_t n, std::string_view form) -> std::optional<ParseError> {
    if (args.size() != n || (n > 0 && args[0].first.empty()))
      return ParseError{fmt::format("{} takes {} argument{}: {}", name, n, n == 1 ? "" : "s", form),
                        inner_base};
    return std::nullopt;
  };
#define TIERSIM_TRY(var, expr)                            \
  auto var##_p = (expr);                                  \
  if (!ok(var##_p)) return std::get<ParseError>(var##_p); \
  const double var = std::get<double>(var##_p)

  if (name == "exp") {
    if (auto e = arity(1, "exp(mean), e.g. exp(10ms)")) return *e;
    TIERSIM_TRY(mean, positive_duration(args[0].first, args[0].second, "the mean of exp"));
    return Distribution(ExponentialDist{mean});
  }
  if (name == "uniform") {
    if (auto e = arity(2, "uniform(lo, hi), e.g. uniform(5ms, 15ms)")) return *e;
    auto lo_p = parse_duration_ns(args[0].first);
    if (!ok(lo_p)) return shift(std::get<ParseError>(lo_p), args[0].second);
    auto hi_p = parse_duration_ns(args[1].first);
    if (!ok(hi_p)) return shift(std::get<ParseError>(hi_p), args[1].second);
    const auto lo = std::get<std::int64_t>(lo_p), hi = std::get<std::int64_t>(hi_p);
    if (hi < lo)
      return ParseError{fmt::format("uniform(lo, hi) needs lo <= hi, got '{}'", s), args[1].second};
    return Distribution(UniformDist{static_cast<double>(lo), static_cast<double>(hi)});
  }
  if (name == "normal" || name == "lognormal") {
    const bool log = name == "lognormal";
    if (auto e = arity(2, log ? "lognormal(mean, sd), e.g. lognormal(10ms, 5ms)"
                              : "normal(mean, sd), e.g. normal(10ms, 2ms)"))
      return *e;
    TIERSIM_TRY(mean, positive_duration(args[0].first, args[0].second, "the mean"));
    auto sd_p = parse_duration_ns(args[1].first);
    if (!ok(sd_p)) return shift(std::get<ParseError>(sd_p), args[1].second);
    const double sd = static_cast<double>(std::get<std::int64_t>(sd_p));
    if (log) return Distribution(LogNormalDist{mean, sd});
    return Distribution(NormalDist{mean, sd});
  }
  if (name == "erlang") {
    if (auto e = arity(2, "erlang(k, mean), e.g. erlang(4, 10ms)")) return *e;
    TIERSIM_TRY(k, plain_number(args[0].first, args[0].second, "k of erlang(k, mean)"));
    if (k < 1 || k > 1000 || k != std::floor(k))
      return ParseError{
          fmt::format("k of erlang(k, mean) must be a whole number from 1 to 1000, got '{}'",
                      args[0].first),
          args[0].second};
    TIERSIM_TRY(mean, positive_duration(args[1].first, args[1].second, "the mean of erlang"));
    return Distribution(ErlangDist{static_cast<int>(k), mean});
  }
  if (name == "pareto") {
    if (auto e = arity(2, "pareto(scale, shape), e.g. pareto(2ms, 2.5)")) return *e;
    TIERSIM_TRY(scale, positive_duration(args[0].first, args[0].second, "the scale of pareto"));
    TIERSIM_TRY(shape, plain_number(args[1].first, args[1].second, "the shape of pareto"));
    if (!(shape > 0))
      return ParseError{
          fmt::format("the shape of pareto must be above zero, got '{}'", args[1].first),
          args[1].second};
    return Distribution(ParetoDist{scale, shape});
  }
  if (name == "empirical") {
    if (auto e = arity(1, "empirical(file.csv)")) return *e;
    if (!load_empirical) return ParseError{"empirical(...) is not available here", lead};
    auto loaded = load_empirical(std::string(args[0].first));
    if (!ok(loaded)) return std::get<ParseError>(loaded);
    return Distribution(std::get<EmpiricalDist>(std::move(loaded)));
  }
#undef TIERSIM_TRY
  return ParseError{fmt::format("unknown distribution '{}'; expected exp, uniform, normal, "
                                "lognormal, erlang, pareto or empirical",
                                name),
                    lead};
}

Parsed<EmpiricalDist> load_empirical_csv(const std::string& path) {
  if (auto problem = input_file_problem(path, "empirical distribution", path, kMaxEmpiricalMiB))
    return ParseError{std::move(*problem), 0};
  std::ifstream in(path);
  if (!in) return ParseError{fmt::format("cannot open empirical distribution file '{}'", path), 0};
  EmpiricalDist dist;
  dist.source = path;
  std::string line;
  int line_no = 0;
  bool first = true;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string_view t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    const std::string_view cell = trim(t.substr(0, t.find(',')));
    auto v = parse_duration_ns(cell);
    if (!ok(v)) {
      // A first line that does not even start like a number is a header
      // ("latency"); one that does ("12", "-3ms") is a bad value.
      const bool numeric = !cell.empty() && ((cell[0] >= '0' && cell[0] <= '9') || cell[0] == '.' ||
                                             cell[0] == '-' || cell[0] == '+');
      if (first && !numeric) {
        first = false;
        continue;
      }
      const auto& e = std::get<ParseError>(v);
      return ParseError{fmt::format("{}:{}:{}: {}", path, line_no, e.offset + 1, e.message), 0};
    }
    first = false;
    dist.values.push_back(static_cast<double>(std::get<std::int64_t>(v)));
  }
  if (dist.values.empty())
    return ParseError{fmt::format("empirical distribution file '{}' has no values", path), 0};
  return dist;
}

std::string format_duration(std::int64_t ns) {
  constexpr std::int64_t kUs = 1000, kMs = 1000 * kUs, kS = 1000 * kMs, kM = 60 * kS, kH = 60 * kM;
  if (ns != 0 && ns % kH == 0) return fmt::format("{}h", ns / kH);
  if (ns != 0 && ns % kM == 0) return fmt::format("{}m", ns / kM);
  auto with = [](std::int64_t v, std::int64_t unit, std::string_view suffix) {
    return fmt::format("{:g}{}", static_cast<double>(v) / static_cast<double>(unit), suffix);
  };
  if (ns >= kS) return with(ns, kS, "s");
  if (ns >= kMs) return with(ns, kMs, "ms");
  if (ns >= kUs) return with(ns, kUs, "us");
  return fmt::format("{}ns", ns);
}

}  // namespace tiersim
