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
#include <string_view>
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
  std::int64_t timed_out = 0;  // the last attempt timed out
  std::int64_t in_flight = 0;
  // Attempts: retries sent, and attempts the client stopped waiting for.
  std::int64_t retries = 0;
  std::int64_t attempts_timed_out = 0;
  // Attempts a rate limiter turned away (429), whatever became of their
  // request (a retry may have got through).
  std::int64_t rate_limited = 0;
  // Attempts the client's circuit breaker failed at once, unsent.
  std::int64_t short_circuited = 0;
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
  // Times its circuit breaker opened in the window; absent without one.
  std::optional<std::int64_t> breaker_opened;
};

// How evenly a node's instances share its work (present when it has more
// than one instance): per-instance requests completed and cpu utilization,
// and for each the largest over the mean and the coefficient of variation
// (standard deviation over mean; 0 when all are equal or the mean is 0).
struct InstanceBalance {
  std::vector<std::int64_t> requests;
  std::vector<double> cpu;  // empty where cpu is not modeled
  double requests_max_over_mean = 0, requests_cv = 0;
  std::optional<double> cpu_max_over_mean, cpu_cv;
};

// Sessions a `state: local` service kept, in the window.
struct SessionCounts {
  std::int64_t created = 0, found = 0, misses = 0, lost = 0, expired = 0, evicted = 0;
  // misses / (found + misses): of the requests that came with an existing
  // session, the share that did not find it; nullopt when there were none.
  std::optional<double> miss_ratio;
};

// What a load balancer did, in the window.
struct BalancerCounts {
  std::int64_t connections_opened = 0;
  // Requests it sent to a backend that was down but not yet found so by
  // health checks (or never, without them), which therefore failed.
  std::int64_t failed_at_down_backend = 0;
  double gb_processed = 0;  // request and response bytes through it, 10^9 bytes
};

// Little's law at a node over the window (see metrics/little_law.hpp):
// mean_in_node = visits_per_second x mean_time_ms / 1000 + window_edge, the
// last term being the finite window's edge effect. `holds` is false when the
// node's accounting of visits is inconsistent: a model bug.
struct LittleLawCheck {
  double mean_in_node = 0;       // time-average number of visits in the node
  double visits_per_second = 0;  // visits that left in the window (every outcome), per second
  double mean_time_ms = 0;       // their mean time in the node
  double window_edge = 0;        // (time in the window of visits present at its end
                                 //  - time before it of visits that left in it) / T
  bool holds = true;
};

// What a queue did in the window (docs/results.md).
struct QueueResult {
  std::int64_t published = 0, rejected = 0, delivered = 0, redelivered = 0, completed = 0,
               duplicates = 0, dead_lettered = 0;
  std::int64_t waited = 0;  // first deliveries that found no free consumer slot at once
  // The calls consumers made: receives that returned messages, receives
  // that returned none, and deletes of messages done.
  std::int64_t receives = 0, empty_receives = 0, deletes = 0;
  // Billed requests of every call, publishes included: one per 64 KiB of a
  // call's payload, at least one (what price_per_million_requests prices).
  std::int64_t requests = 0;
  double depth_mean = 0;        // visible messages, time-average
  std::int64_t depth_max = 0;   // visible messages at most (over the whole run)
  double oldest_age_max_s = 0;  // the oldest message's age at delivery, at most
  LatencySummary job_latency;   // publish to done, of the jobs completed in the window
};

struct NodeResult {
  std::string name;
  std::string kind;
  std::int64_t instances = 0;
  std::string instance_type;  // "" for a custom machine
  std::int64_t cores = 0;     // per instance
  std::int64_t completed = 0;
  std::int64_t rejected = 0;
  // Of `rejected`, those its rate limiter turned away; absent without one.
  std::optional<std::int64_t> rate_limited;
  std::int64_t failed = 0;  // visits that ended failed (an outage on the way)
  double throughput_rps = 0;
  LatencySummary latency;
  Utilization utilization;
  std::optional<InstanceBalance> balance;
  std::optional<SessionCounts> sessions;
  std::optional<BalancerCounts> balancer;
  std::optional<QueueResult> queue;
  double queue_length_mean = 0;  // requests waiting (not in service), all instances
  // Absent when the run stopped before the end of its window.
  std::optional<LittleLawCheck> little_law;
  double cost_per_hour_usd = 0;
};

struct NodeCost {
  std::string name;
  double per_hour_usd = 0;
  double per_month_usd = 0;
};

// The scenario's service level objective over the requests of the window
// (the `requests` cohort) that finished: good ones completed (within the
// latency, when the SLO has one), bad ones did not. With a latency, a
// request still in flight at the end that is already older than it is bad
// too (an overload's backlog cannot hide the requests it is making late).
struct SloResult {
  double target = 0;
  std::optional<double> latency_ms;
  std::int64_t good = 0, bad = 0;
  std::optional<double> achieved;       // good / (good + bad); nullopt when none finished
  std::optional<double> budget_burned;  // (bad / (good + bad)) / (1 - target)
  bool met = false;                     // achieved >= target
};

struct CostResult {
  double per_hour_usd = 0;
  double per_month_usd = 0;
  std::optional<double> per_million_requests_usd;  // none when nothing completed
  double hours_per_month = 730;
  std::string prices;  // the catalog's region and date, "" without catalog types
  std::vector<NodeCost> by_node;
};

// Something that happened to an instance, in time order: an outage began
// ("down") or ended ("up"), or a load balancer's health checks took it out
// of service ("unhealthy") or put it back ("healthy").
struct InstanceEvent {
  double time_s = 0;  // since the start of the run (warm-up included)
  std::string node;
  std::int64_t instance = 0;
  std::string event;
  std::string by;  // the load balancer, for unhealthy and healthy
};

inline constexpr std::size_t kMaxInstanceEvents = 1000;

// One interval of a series (--series; metrics/series.hpp). Counts are of
// requests that arrived or finished in the interval (warm-up included);
// latency is of those that completed in it; in_flight is at its end.
struct SeriesRow {
  double start_s = 0, length_s = 0;
  std::int64_t arrivals = 0, completed = 0, rejected = 0, failed = 0, timed_out = 0;
  std::int64_t in_flight = 0;
  double throughput_rps = 0, latency_mean_ms = 0, latency_p50_ms = 0, latency_p99_ms = 0;
  // Per node, in model order: visits completed per second, busy cores over
  // cores, and the time-average of requests waiting and of requests in it.
  struct NodeFigures {
    double throughput_rps = 0, cpu = 0, queue_mean = 0, in_node_mean = 0;
  };
  std::vector<NodeFigures> nodes;
};

struct Series {
  double interval_s = 0;
  std::vector<std::string> nodes;
  std::vector<SeriesRow> rows;
};

// One span of a request trace (--trace; metrics/trace.hpp): a client
// request from creation to outcome, a visit of a node (arrival to when its
// reply has left), or a wait in a service's queue for memory or a core.
struct TraceSpan {
  enum class Kind { request, visit, wait };
  Kind kind = Kind::request;
  std::uint64_t serial = 0;  // the table entry's: a request, a retry or a queue's job
  std::uint64_t origin = 0;  // the client request it works for (0: itself)
  std::uint32_t client = 0;
  std::uint32_t request_class = 0;
  std::uint32_t node = 0;      // visit, wait
  std::uint32_t instance = 0;  // visit, wait
  std::int64_t start_ns = 0, end_ns = 0;
  std::string_view outcome;  // request, visit: "completed", "rejected", "failed", "timed_out"
};

struct Trace {
  std::int64_t requests = 0;     // client requests traced
  std::vector<TraceSpan> spans;  // in the order they ended
  bool truncated = false;        // the span limit was reached: later spans are left out
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
  std::optional<SloResult> slo;                // with model::Model::slo
  std::vector<InstanceEvent> instance_events;  // the first kMaxInstanceEvents
  std::optional<Series> series;                // with model::Model::series_interval
  std::optional<Trace> trace;                  // with model::Model::trace_requests
  std::vector<std::string> warnings;
  std::uint64_t events = 0;
  // Set when the run stopped before the end of its window (a limit or a
  // broken invariant); the CLI exits with code 3.
  std::optional<std::string> stopped;
};

}  // namespace tiersim
