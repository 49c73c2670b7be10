#include "yaml_reader.hpp"

#include <fmt/core.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <set>

namespace tiersim::scenario_parse {

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::string_view without_plus(std::string_view s) {
  return !s.empty() && s[0] == '+' ? s.substr(1) : s;
}

// A diagnostic is one line: control characters from the file (a quoted "\n"
// in a key, a NUL in yaml-cpp's own message) are shown escaped.
std::string one_line(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  for (const char c : message) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (u < 0x20 || u == 0x7f)
      out += fmt::format("\\x{:02x}", u);
    else
      out += c;
  }
  return out;
}

}  // namespace

std::string in(std::string_view what, std::string_view name) {
  return fmt::format(" in {} '{}'", what, name);
}

std::string describe(const YAML::Node& node) {
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  if (!node.IsScalar()) return "nothing";
  constexpr std::size_t kShown = 40;
  const std::string& s = node.Scalar();
  if (s.size() <= kShown) return fmt::format("'{}'", s);
  return fmt::format("'{}...'", s.substr(0, kShown));
}

YamlReader::YamlReader(std::string file, std::string base_dir, DiagnosticList& diagnostics)
    : file_(std::move(file)), base_dir_(std::move(base_dir)), diagnostics_(diagnostics) {}

SourceMark YamlReader::mark(const YAML::Node& node) const {
  const YAML::Mark m = node.Mark();
  if (m.is_null()) return SourceMark{file_, 0, 0};
  return SourceMark{file_, m.line + 1, m.column + 1};
}

SourceMark YamlReader::mark(const Entry& entry) const {
  return mark(entry.value.IsNull() ? entry.key_node : entry.value);
}

void YamlReader::error(SourceMark mark, std::string message) {
  diagnostics_.error(std::move(mark), one_line(message));
}

namespace {

// YAML 1.1's merge key: a plain (unquoted) `<<`. yaml-cpp reads it as an
// ordinary key; the reader merges.
bool is_merge_key(const YAML::Node& key) {
  return key.IsScalar() && key.Tag() == "?" && key.Scalar() == "<<";
}

}  // namespace

void YamlReader::merge(const YAML::Node& from, const std::set<std::string>& own,
                       std::set<std::string>& merged, std::vector<Entry>& out) {
  const auto take = [&](const YAML::Node& map) {
    for (Entry& e : entries(map))
      if (!own.count(e.key) && merged.insert(e.key).second) out.push_back(std::move(e));
  };
  if (from.IsMap()) {
    take(from);
  } else if (from.IsSequence()) {
    for (const YAML::Node& map : from) {
      if (map.IsMap())
        take(map);
      else
        error(mark(map),
              fmt::format("expected a map to merge into this one ('<<: *anchor'), got {}",
                          describe(map)));
    }
  } else {
    error(mark(from), fmt::format("expected a map or a list of maps to merge for '<<', got {}",
                                  describe(from)));
  }
}

std::vector<Entry> YamlReader::entries(const YAML::Node& map) {
  std::vector<Entry> out;
  // With merge keys, the map's own keys win over merged ones, and an
  // earlier merged map over a later one (YAML 1.1).
  std::set<std::string> own, merged;
  bool merges = false;
  for (auto it = map.begin(); it != map.end() && !merges; ++it) merges = is_merge_key(it->first);
  if (merges)
    for (auto it = map.begin(); it != map.end(); ++it)
      if (it->first.IsScalar() && !is_merge_key(it->first)) own.insert(it->first.Scalar());
  // yaml-cpp keeps every repetition of a key, but a lookup finds only one of
  // them: a repeated key would silently lose a definition.
  std::map<std::string, int> first_line;
  int merge_line = 0;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;
    if (is_merge_key(key)) {
      // Apart from first_line: a quoted '<<' is an ordinary key.
      const SourceMark key_mark = mark(key);
      if (merge_line == 0) {
        merge_line = key_mark.line;
        merge(it->second, own, merged, out);
      } else {
        error(key_mark, fmt::format("duplicate key '<<' (first given on line {}); merge several "
                                    "maps with one '<<: [*a, *b]'",
                                    merge_line));
      }
      continue;
    }
    if (!key.IsScalar()) {
      error(mark(key), fmt::format("expected a name as a key, got {}", describe(key)));
      continue;
    }
    const SourceMark key_mark = mark(key);
    const auto [pos, inserted] = first_line.emplace(key.Scalar(), key_mark.line);
    if (!inserted) {
      error(key_mark,
            fmt::format("duplicate key '{}' (first given on line {})", key.Scalar(), pos->second));
      continue;
    }
    out.push_back(Entry{key.Scalar(), key, it->second});
  }
  return out;
}

std::vector<Entry> YamlReader::map_entries(const Entry& entry, std::string_view expected,
                                           std::string_view where) {
  if (entry.value.IsNull()) return {};
  if (!entry.value.IsMap()) {
    type_error(entry, expected, where);
    return {};
  }
  return entries(entry.value);
}

std::string YamlReader::unknown_key(const Entry& entry, const KeySet& known,
                                    std::string_view where) {
  std::string closest = closest_match(entry.key, known, &hints_);
  error(mark(entry.key_node),
        fmt::format("unknown key '{}'{}{}", entry.key, where,
                    closest.empty() ? "" : fmt::format(" (did you mean '{}'?)", closest)));
  return closest;
}

void YamlReader::type_error(const Entry& entry, std::string_view expected, std::string_view where) {
  error(mark(entry), fmt::format("expected {} for '{}'{}, got {}", expected, entry.key, where,
                                 describe(entry.value)));
}

const std::string* YamlReader::scalar(const Entry& entry, std::string_view expected,
                                      std::string_view where) {
  if (!entry.value.IsScalar()) {
    type_error(entry, expected, where);
    return nullptr;
  }
  return &entry.value.Scalar();
}

std::optional<Located<std::string>> YamlReader::text(const Entry& entry, std::string_view expected,
                                                     std::string_view where) {
  const std::string* s = scalar(entry, expected, where);
  if (!s) return std::nullopt;
  return Located<std::string>{*s, mark(entry)};
}

std::optional<Located<std::int64_t>> YamlReader::whole_number(const Entry& entry,
                                                              std::string_view where) {
  const std::string* s = scalar(entry, "a whole number", where);
  if (!s) return std::nullopt;
  std::string_view digits = without_plus(*s);
  const bool negative = !digits.empty() && digits[0] == '-';
  if (!all_digits(negative ? digits.substr(1) : digits)) {
    type_error(entry, "a whole number", where);
    return std::nullopt;
  }
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    error(mark(entry),
          fmt::format("'{}' for '{}'{} is too large for a whole number", *s, entry.key, where));
    return std::nullopt;
  }
  return Located<std::int64_t>{value, mark(entry)};
}

std::optional<Located<std::uint64_t>> YamlReader::unsigned_number(const Entry& entry,
                                                                  std::string_view where) {
  constexpr std::string_view kExpected = "a non-negative whole number";
  const std::string* s = scalar(entry, kExpected, where);
  if (!s) return std::nullopt;
  const std::string_view digits = without_plus(*s);
  if (!all_digits(digits)) {
    type_error(entry, kExpected, where);
    return std::nullopt;
  }
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    error(mark(entry), fmt::format("'{}' for '{}'{} is too large; the largest is {}", *s, entry.key,
                                   where, UINT64_MAX));
    return std::nullopt;
  }
  return Located<std::uint64_t>{value, mark(entry)};
}

std::optional<Located<double>> YamlReader::number(const Entry& entry, std::string_view where) {
  const std::string* s = scalar(entry, "a number", where);
  if (!s) return std::nullopt;
  const std::string_view t = without_plus(*s);
  double value = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  // YAML's .inf and .nan, and numbers beyond a double, are no quantity of a scenario.
  if (t.empty() || ec != std::errc() || end != t.data() + t.size() || !std::isfinite(value)) {
    type_error(entry, "a number", where);
    return std::nullopt;
  }
  return Located<double>{value, mark(entry)};
}

std::optional<Located<double>> YamlReader::share(const Entry& entry, std::string_view where) {
  const std::string* s = scalar(entry, "a share", where);
  if (!s) return std::nullopt;
  const bool percent = !s->empty() && s->back() == '%';
  const std::string_view t =
      without_plus(percent ? std::string_view(*s).substr(0, s->size() - 1) : *s);
  double value = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size() || !std::isfinite(value)) {
    type_error(entry, "a share (99.9% or 0.999)", where);
    return std::nullopt;
  }
  return Located<double>{percent ? value / 100 : value, mark(entry)};
}

template <typename T>
std::optional<Located<T>> YamlReader::unit_value(const Entry& entry, Parsed<T> parsed) {
  if (!ok(parsed)) {
    const ParseError& e = std::get<ParseError>(parsed);
    SourceMark at = mark(entry);
    // A quoted scalar's text starts one column after its mark, at the quote.
    const bool quoted = entry.value.Tag() == "!";
    at.column += e.offset + (quoted ? 1 : 0);
    error(std::move(at), e.message);
    return std::nullopt;
  }
  return Located<T>{std::get<T>(std::move(parsed)), mark(entry)};
}

std::optional<Located<std::int64_t>> YamlReader::duration(const Entry& entry,
                                                          std::string_view where) {
  const std::string* s = scalar(entry, "a duration (e.g. 10ms)", where);
  if (!s) return std::nullopt;
  return unit_value(entry, parse_duration_ns(*s));
}

std::optional<Located<std::int64_t>> YamlReader::size(const Entry& entry, std::string_view where) {
  const std::string* s = scalar(entry, "a size (e.g. 100KB)", where);
  if (!s) return std::nullopt;
  return unit_value(entry, parse_size_bytes(*s));
}

std::optional<Located<std::int64_t>> YamlReader::bandwidth(const Entry& entry,
                                                           std::string_view where) {
  const std::string* s = scalar(entry, "a bandwidth (e.g. 1Gbps)", where);
  if (!s) return std::nullopt;
  return unit_value(entry, parse_bandwidth_bps(*s));
}

std::optional<Located<double>> YamlReader::rate(const Entry& entry, std::string_view where) {
  const std::string* s = scalar(entry, "a rate (e.g. 700/s)", where);
  if (!s) return std::nullopt;
  return unit_value(entry, parse_rate_per_second(*s));
}

std::optional<Located<Distribution>> YamlReader::distribution(const Entry& entry,
                                                              std::string_view where) {
  const std::string* s = scalar(entry, "a duration or a distribution (e.g. exp(10ms))", where);
  if (!s) return std::nullopt;
  const EmpiricalLoader loader = [this](const std::string& name) { return load_empirical(name); };
  return unit_value(entry, parse_duration_distribution(*s, loader));
}

std::optional<Located<bool>> YamlReader::boolean(const Entry& entry, std::string_view where) {
  const std::string* s = scalar(entry, "true or false", where);
  if (!s) return std::nullopt;
  if (*s == "true") return Located<bool>{true, mark(entry)};
  if (*s == "false") return Located<bool>{false, mark(entry)};
  type_error(entry, "true or false", where);
  return std::nullopt;
}

std::vector<YAML::Node> YamlReader::list_items(const Entry& entry, std::string_view expected,
                                               std::string_view where) {
  if (entry.value.IsNull()) return {};
  if (!entry.value.IsSequence()) {
    type_error(entry, expected, where);
    return {};
  }
  return std::vector<YAML::Node>(entry.value.begin(), entry.value.end());
}

std::string YamlReader::resolve(const std::string& name) const {
  std::filesystem::path path(name);
  if (path.is_relative()) path = std::filesystem::path(base_dir_) / path;
  return path.string();
}

Parsed<EmpiricalDist> YamlReader::load_empirical(const std::string& name) {
  if (auto it = empirical_.find(name); it != empirical_.end()) return it->second;
  std::filesystem::path path(name);
  if (path.is_relative()) path = std::filesystem::path(base_dir_) / path;
  Parsed<EmpiricalDist> loaded = load_empirical_csv(path.string());
  // The name as written, not the resolved path: it reaches reports, and a
  // path that depends on the working directory would break golden files.
  if (ok(loaded)) std::get<EmpiricalDist>(loaded).source = name;
  return empirical_.emplace(name, std::move(loaded)).first->second;
}

}  // namespace tiersim::scenario_parse
