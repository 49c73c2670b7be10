#include "tiersim/report/series_csv.hpp"

#include <fmt/core.h>

#include "json_number.hpp"

namespace tiersim {

namespace {

using report_json::number;

// Numbers as in the JSON result: rounded to 6 decimals, one rule everywhere.
std::string cell(double x) {
  return number(x).dump();
}

// Node names are identifiers in practice; quote one that holds a comma or a quote.
std::string column(const std::string& node, const char* figure) {
  const std::string name = node + "." + figure;
  if (name.find_first_of(",\"") == std::string::npos) return name;
  std::string q = "\"";
  for (const char c : name) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

}  // namespace

std::string series_csv(const Series& series) {
  std::string out =
      "start_s,length_s,arrivals,completed,rejected,failed,timed_out,in_flight,throughput_rps,"
      "latency_mean_ms,latency_p50_ms,latency_p99_ms";
  for (const auto& n : series.nodes)
    for (const char* figure : {"throughput_rps", "cpu", "queue_mean", "in_node_mean"}) {
      out += ',';
      out += column(n, figure);
    }
  out += '\n';
  for (const SeriesRow& r : series.rows) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}", cell(r.start_s), cell(r.length_s),
                       r.arrivals, r.completed, r.rejected, r.failed, r.timed_out, r.in_flight,
                       cell(r.throughput_rps), cell(r.latency_mean_ms), cell(r.latency_p50_ms),
                       cell(r.latency_p99_ms));
    for (const auto& f : r.nodes)
      out += fmt::format(",{},{},{},{}", cell(f.throughput_rps), cell(f.cpu), cell(f.queue_mean),
                         cell(f.in_node_mean));
    out += '\n';
  }
  return out;
}

}  // namespace tiersim
