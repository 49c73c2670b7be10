#include "tiersim/report/chrome_trace.hpp"

#include <fmt/core.h>

#include <nlohmann/json.hpp>
#include <set>
#include <utility>

namespace tiersim {

namespace {

using Json = nlohmann::ordered_json;

// Simulated nanoseconds as the format's microseconds.
double micros(std::int64_t ns) {
  return static_cast<double>(ns) / 1e3;
}

std::string span_name(const Result& result, const TraceSpan& s) {
  switch (s.kind) {
    case TraceSpan::Kind::request:
      return result.classes[s.request_class].name;
    case TraceSpan::Kind::visit: {
      const NodeResult& n = result.nodes[s.node];
      return n.instances > 1 ? fmt::format("{}[{}]", n.name, s.instance) : n.name;
    }
    case TraceSpan::Kind::wait:
      return fmt::format("waiting at {}", result.nodes[s.node].name);
  }
  return "";
}

const char* category(TraceSpan::Kind kind) {
  switch (kind) {
    case TraceSpan::Kind::request:
      return "request";
    case TraceSpan::Kind::visit:
      return "visit";
    case TraceSpan::Kind::wait:
      return "wait";
  }
  return "";
}

}  // namespace

std::string chrome_trace(const Result& result) {
  const Trace& trace = *result.trace;
  Json events = Json::array();
  // Names for the processes (clients) and tracks (requests) that appear,
  // in order of first appearance.
  std::set<std::uint32_t> clients;
  std::set<std::pair<std::uint32_t, std::uint64_t>> tracks;
  for (const TraceSpan& s : trace.spans) {
    if (clients.insert(s.client).second)
      events.push_back(
          Json{{"name", "process_name"},
               {"ph", "M"},
               {"pid", s.client + 1},
               {"args", {{"name", fmt::format("client {}", result.clients[s.client].name)}}}});
    if (!tracks.insert({s.client, s.serial}).second) continue;
    const std::string name =
        s.origin ? fmt::format("#{} (for #{})", s.serial, s.origin) : fmt::format("#{}", s.serial);
    events.push_back(Json{{"name", "thread_name"},
                          {"ph", "M"},
                          {"pid", s.client + 1},
                          {"tid", s.serial},
                          {"args", {{"name", name}}}});
  }
  for (const TraceSpan& s : trace.spans) {
    Json args = Json::object();
    if (s.kind == TraceSpan::Kind::request) {
      args["request"] = s.serial;
    } else {
      args["node"] = result.nodes[s.node].name;
      args["instance"] = s.instance;
    }
    if (!s.outcome.empty()) args["outcome"] = std::string(s.outcome);
    events.push_back(Json{{"name", span_name(result, s)},
                          {"cat", category(s.kind)},
                          {"ph", "X"},
                          {"ts", micros(s.start_ns)},
                          {"dur", micros(s.end_ns - s.start_ns)},
                          {"pid", s.client + 1},
                          {"tid", s.serial},
                          {"args", std::move(args)}});
  }
  Json out;
  out["displayTimeUnit"] = "ms";
  out["otherData"] = Json{{"scenario", result.scenario},
                          {"seed", result.seed},
                          {"requests_traced", trace.requests},
                          {"truncated", trace.truncated}};
  out["traceEvents"] = std::move(events);
  return out.dump() + "\n";
}

}  // namespace tiersim
