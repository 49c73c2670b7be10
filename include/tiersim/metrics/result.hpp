// Result: everything a run measured, as plain data. Reporters (text, JSON)
// read only this; it knows nothing of the engine.
//
// Statistics cover the measured window [warmup, warmup + duration). The
// request counts follow the cohort of requests *created* in the window, so
// that generated == completed + rejected + failed + in_flight holds exactly;
// throughput and latencies count what *finished* in the window. Field
// meanings are documented in docs/results.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tiersim {

struct LatencySummary {
  std::uint64_t count = 0;
  double mean_ms = 0, p50_ms = 0, p90_ms = 0, p95_ms = 0, p99_ms = 0, p999_ms = 0, max_ms = 0;
};

struct RequestCounts {
  std::int64_t generated = 0;
  std::int64_t completed = 0;
  std::int64_t rejected = 0;
  std::int64_t failed = 0;
  std::int64_t in_flight = 0;
};

// Busy time over capacity time; nullopt where the resource is not modeled
// (no memory limit, no NIC bandwidth, no disk, no GPU).
struct Utilization {
  std::optional<double> cpu, memory, nic_tx, nic_rx, iops, gpu;
};

// The resources the models load so far, by name, in report order.
struct UtilizationField {
  const char* name;
  std::optional<double> Utilization::*member;
};
inline constexpr UtilizationField kLoadedResources[] = {{"cpu", &Utilization::cpu},
                                                        {"memory", &Utilization::memory},
                                                        {"nic_tx", &Utilization::nic_tx},
                                                        {"nic_rx", &Utilization::nic_rx}};

struct ClassResult {
  std::string name;
  std::int64_t completed = 0;
  double throughput_rps = 0;
  LatencySummary latency;
};

struct ClientResult {
  std::string name;
  RequestCounts requests;
  double throughput_rps = 0;
  LatencySummary latency;
};

struct NodeResult {
  std::string name;
  std::string kind;
  std::int64_t instances = 0;
  std::string instance_type;  // "" for a custom machine
  std::int64_t cores = 0;     // per instance
  std::int64_t completed = 0;
  std::int64_t rejected = 0;
  double throughput_rps = 0;
  LatencySummary latency;
  Utilization utilization;
  double queue_length_mean = 0;  // requests waiting (not in service), all instances
  double cost_per_hour_usd = 0;
};

struct NodeCost {
  std::string name;
  double per_hour_usd = 0;
  double per_month_usd = 0;
};

struct CostResult {
  double per_hour_usd = 0;
  double per_month_usd = 0;
  std::optional<double> per_million_requests_usd;  // none when nothing completed
  double hours_per_month = 730;
  std::string prices;  // the catalog's region and date, "" without catalog types
  std::vector<NodeCost> by_node;
};

struct Result {
  std::string scenario;
  std::uint64_t seed = 0;
  double duration_s = 0;
  double warmup_s = 0;
  RequestCounts requests;
  double throughput_rps = 0;
  LatencySummary latency;
  std::vector<ClassResult> classes;
  std::vector<ClientResult> clients;
  std::vector<NodeResult> nodes;
  CostResult cost;
  std::vector<std::string> warnings;
  std::uint64_t events = 0;
  // Set when the run stopped before the end of its window (a limit or a
  // broken invariant); the CLI exits with code 3.
  std::optional<std::string> stopped;
};

}  // namespace tiersim
