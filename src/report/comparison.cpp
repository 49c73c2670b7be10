#include "tiersim/report/comparison.hpp"

#include <fmt/core.h>

#include <cmath>

#include "json_number.hpp"

namespace tiersim {

namespace {

using report_json::Json;
using report_json::number;

// One row of the comparison: a label and how to read it from a result.
struct Metric {
  const char* label;
  const char* key;  // JSON and CSV name
  double (*value)(const Result&);
  const char* format;  // for the text table
};

const Metric kMetrics[] = {
    {"throughput (req/s)", "throughput_rps", [](const Result& r) { return r.throughput_rps; },
     "{:.2f}"},
    {"latency mean (ms)", "latency_mean_ms", [](const Result& r) { return r.latency.mean_ms; },
     "{:.3f}"},
    {"latency p50 (ms)", "latency_p50_ms", [](const Result& r) { return r.latency.p50_ms; },
     "{:.3f}"},
    {"latency p95 (ms)", "latency_p95_ms", [](const Result& r) { return r.latency.p95_ms; },
     "{:.3f}"},
    {"latency p99 (ms)", "latency_p99_ms", [](const Result& r) { return r.latency.p99_ms; },
     "{:.3f}"},
    {"latency max (ms)", "latency_max_ms", [](const Result& r) { return r.latency.max_ms; },
     "{:.3f}"},
    {"rejected", "rejected",
     [](const Result& r) { return static_cast<double>(r.requests.rejected); }, "{:.0f}"},
    {"cost per hour ($)", "cost_per_hour_usd", [](const Result& r) { return r.cost.per_hour_usd; },
     "{:.4f}"},
    {"cost per month ($)", "cost_per_month_usd",
     [](const Result& r) { return r.cost.per_month_usd; }, "{:.2f}"},
    {"cost per million req ($)", "cost_per_million_requests_usd",
     [](const Result& r) { return r.cost.per_million_requests_usd.value_or(NAN); }, "{:.4f}"},
};

std::string cell(const char* format, double v) {
  return std::isnan(v) ? std::string("-") : fmt::format(fmt::runtime(format), v);
}

// "+12.3%" against the first variant, or "" where it means nothing.
std::string difference(double v, double base) {
  if (std::isnan(v) || std::isnan(base) || base == 0) return "";
  return fmt::format("{:+.1f}%", (v - base) / base * 100.0);
}

std::string bottleneck_text(const Result& r) {
  const auto b = find_bottleneck(r);
  return b ? fmt::format("{} {} {:.1f}%", b->node, b->resource, b->utilization * 100) : "-";
}

}  // namespace

std::optional<Bottleneck> find_bottleneck(const Result& r) {
  std::optional<Bottleneck> best;
  for (const auto& n : r.nodes) {
    for (const auto& [name, member] : kLoadedResources) {
      const std::optional<double>& u = n.utilization.*member;
      if (u && (!best || *u > best->utilization)) best = Bottleneck{n.name, name, *u};
    }
  }
  return best;
}

std::string comparison_text(const std::vector<Variant>& variants) {
  std::size_t label_w = 24;
  std::vector<std::size_t> widths;
  for (const auto& v : variants)
    widths.push_back(
        std::max<std::size_t>({14, v.result.scenario.size(), bottleneck_text(v.result).size()}));
  std::string out;
  auto row = [&](const std::string& label, const std::vector<std::string>& cells) {
    out += fmt::format("{:<{}}", label, label_w);
    for (std::size_t i = 0; i < cells.size(); ++i)
      out += fmt::format("  {:>{}}", cells[i], widths[i]);
    out += '\n';
  };
  std::vector<std::string> names, seeds;
  for (const auto& v : variants) {
    names.push_back(v.result.scenario);
    seeds.push_back(fmt::format("{}", v.result.seed));
  }
  row("scenario", names);
  row("seed", seeds);
  for (const auto& m : kMetrics) {
    std::vector<std::string> cells;
    const double base = m.value(variants.front().result);
    for (std::size_t i = 0; i < variants.size(); ++i) {
      const double v = m.value(variants[i].result);
      const std::string d = i == 0 ? "" : difference(v, base);
      cells.push_back(cell(m.format, v) + (d.empty() ? "" : " (" + d + ")"));
    }
    row(m.label, cells);
  }
  std::vector<std::string> bottlenecks;
  for (const auto& v : variants) bottlenecks.push_back(bottleneck_text(v.result));
  row("bottleneck", bottlenecks);
  for (const auto& v : variants)
    for (const auto& w : v.result.warnings)
      out += fmt::format("{}: warning: {}\n", v.result.scenario, w);
  return out;
}

std::string comparison_json(const std::vector<Variant>& variants) {
  Json list = Json::array();
  for (const auto& v : variants) {
    Json j;
    j["file"] = v.file;
    j["scenario"] = v.result.scenario;
    j["seed"] = v.result.seed;
    for (const auto& m : kMetrics) {
      const double x = m.value(v.result);
      j[m.key] = std::isnan(x) ? Json(nullptr) : number(x);
    }
    const auto b = find_bottleneck(v.result);
    j["bottleneck"] = b ? Json{{"node", b->node},
                               {"resource", b->resource},
                               {"utilization", number(b->utilization)}}
                        : Json(nullptr);
    j["warnings"] = v.result.warnings;
    list.push_back(j);
  }
  Json out;
  out["variants"] = list;
  return out.dump(2) + "\n";
}

std::string comparison_csv(const std::vector<Variant>& variants) {
  std::string out = "file,scenario,seed";
  for (const auto& m : kMetrics) out += std::string(",") + m.key;
  out += ",bottleneck_node,bottleneck_resource,bottleneck_utilization\n";
  auto quoted = [](const std::string& s) {
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  for (const auto& v : variants) {
    out += fmt::format("{},{},{}", quoted(v.file), quoted(v.result.scenario), v.result.seed);
    for (const auto& m : kMetrics) {
      const double x = m.value(v.result);
      out += std::isnan(x) ? "," : fmt::format(",{}", number(x).dump());
    }
    const auto b = find_bottleneck(v.result);
    out +=
        b ? fmt::format(",{},{},{}\n", quoted(b->node), b->resource, number(b->utilization).dump())
          : ",,,\n";
  }
  return out;
}

}  // namespace tiersim
