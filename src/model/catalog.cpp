#include "tiersim/model/catalog.hpp"

#include <fmt/core.h>

#include <cmath>
#include <sstream>

namespace tiersim::model {

namespace detail {
extern const char kBuiltinCatalogCsv[];
}

namespace {

std::vector<std::string> split_commas(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

std::optional<double> to_number(const std::string& s) {
  if (s.empty()) return std::nullopt;
  std::size_t used = 0;
  try {
    const double v = std::stod(s, &used);
    if (used != s.size() || !(v >= 0)) return std::nullopt;
    return v;
  } catch (...) {
    return std::nullopt;
  }
}

// The value after "# <key>:" up to an opening parenthesis, trimmed.
std::optional<std::string> header_value(const std::string& line, std::string_view key) {
  const std::string prefix = fmt::format("# {}:", key);
  if (line.rfind(prefix, 0) != 0) return std::nullopt;
  std::string v = line.substr(prefix.size());
  v = v.substr(0, v.find('('));
  const auto b = v.find_first_not_of(' ');
  const auto e = v.find_last_not_of(' ');
  return b == std::string::npos ? std::string() : v.substr(b, e - b + 1);
}

}  // namespace

const InstanceCatalog& InstanceCatalog::builtin() {
  static const InstanceCatalog catalog = [] {
    auto parsed = parse_csv(detail::kBuiltinCatalogCsv, "data/instances.csv");
    // The shipped file is tested; a broken one is a build defect.
    if (!ok(parsed)) {
      fmt::print(stderr, "internal error: {}\n", std::get<ParseError>(parsed).message);
      std::abort();
    }
    return std::get<InstanceCatalog>(std::move(parsed));
  }();
  return catalog;
}

Parsed<InstanceCatalog> InstanceCatalog::parse_csv(std::string_view text,
                                                   const std::string& source) {
  InstanceCatalog catalog;
  std::istringstream in{std::string(text)};
  std::string line;
  int line_no = 0;
  bool header_seen = false;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (auto v = header_value(line, "Region")) catalog.region_ = *v;
      if (auto v = header_value(line, "Prices checked")) catalog.prices_as_of_ = *v;
      continue;
    }
    if (!header_seen) {
      header_seen = true;
      continue;
    }
    const auto cells = split_commas(line);
    if (cells.size() != 9)
      return ParseError{fmt::format("{}:{}: expected 9 comma-separated fields, got {}", source,
                                    line_no, cells.size())};
    const auto vcpus = to_number(cells[1]), mem = to_number(cells[2]), net = to_number(cells[3]),
               price = to_number(cells[4]), gpus = to_number(cells[5]);
    if (!vcpus || !mem || !net || !price || !gpus)
      return ParseError{
          fmt::format("{}:{}: a numeric field of '{}' is not a number", source, line_no, cells[0])};
    InstanceType t;
    t.name = cells[0];
    t.vcpus = std::llround(*vcpus);
    t.memory_bytes = std::llround(*mem * 1024.0 * 1024.0 * 1024.0);
    t.network_bps = std::llround(*net * 1e9);
    t.price_per_hour = *price;
    t.gpus = std::llround(*gpus);
    t.gpu_type = cells[6];
    t.family = cells[7];
    catalog.put(std::move(t));
  }
  return catalog;
}

const InstanceType* InstanceCatalog::find(std::string_view name) const {
  for (const auto& t : types_)
    if (t.name == name) return &t;
  return nullptr;
}

std::vector<std::string> InstanceCatalog::names() const {
  std::vector<std::string> out;
  out.reserve(types_.size());
  for (const auto& t : types_) out.push_back(t.name);
  return out;
}

void InstanceCatalog::put(InstanceType type) {
  for (auto& t : types_) {
    if (t.name == type.name) {
      t = std::move(type);
      return;
    }
  }
  types_.push_back(std::move(type));
}

}  // namespace tiersim::model
