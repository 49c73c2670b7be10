// Collector: the Observer that turns what models announce into a Result.
//
// Per event it does O(1) work (a histogram record or a level change); its
// memory is O(nodes x classes + instances), independent of the number of
// requests.
#pragma once

#include <string>
#include <vector>

#include "tiersim/engine/observer.hpp"
#include "tiersim/metrics/latency_histogram.hpp"
#include "tiersim/metrics/little_law.hpp"
#include "tiersim/metrics/result.hpp"
#include "tiersim/metrics/series.hpp"
#include "tiersim/metrics/time_weighted.hpp"
#include "tiersim/metrics/trace.hpp"
#include "tiersim/model/model.hpp"

namespace tiersim {

class Collector final : public Observer {
 public:
  explicit Collector(const model::Model& model);

  void request_created(const Request& r) override;
  void request_finished(const Request& r, Outcome outcome, SimTime now) override;
  void attempt_timed_out(const Request& r, SimTime now) override;
  void retried(const Request& r, SimTime now) override;
  void short_circuited(const Request& r, SimTime now) override;
  void breaker_opened(std::uint32_t client, SimTime now) override;
  void visit_started(model::NodeId node, std::uint32_t instance, const Request& r,
                     SimTime now) override;
  void visit_finished(model::NodeId node, std::uint32_t instance, const Request& r, SimTime arrived,
                      SimTime now, SimTime left, Outcome outcome) override;
  void visit_waited(model::NodeId node, std::uint32_t instance, const Request& r, SimTime from,
                    SimTime to) override;
  void rejected_at(model::NodeId node, const Request& r, SimTime now) override;
  void queue_event(model::NodeId queue, QueueEvent event, SimTime now, SimTime age) override;
  void queue_requests(model::NodeId queue, std::int64_t requests, SimTime now) override;
  void rate_limited(model::NodeId node, const Request& r, SimTime now) override;
  void level_changed(model::NodeId node, std::uint32_t instance, Gauge gauge, SimTime now,
                     std::int64_t delta) override;
  void busy_interval(model::NodeId node, Gauge gauge, SimTime start, SimTime end) override;
  void session_event(model::NodeId node, SessionEvent event, SimTime now,
                     std::int64_t count) override;
  void instance_changed(model::NodeId node, std::uint32_t instance, bool up, SimTime now) override;
  void backend_health_changed(model::NodeId lb, model::NodeId node, std::uint32_t instance,
                              bool healthy, SimTime now) override;
  void connection_opened(model::NodeId lb, SimTime now) override;
  void failed_at_backend(model::NodeId lb, SimTime now) override;
  void bytes_processed(model::NodeId lb, SimTime now, std::int64_t bytes) override;

  // Builds the result at `now`, the end of the window or the moment a run
  // stopped early. `in_flight_measured` is the number of measured requests
  // still live, counted independently of this collector so that the
  // conservation check can fail.
  // With an slo latency: measured requests still in flight at the end that
  // are already older than it, counted as bad (before finish()).
  void slo_late_in_flight(std::int64_t late) { slo_late_ = late; }
  Result finish(std::int64_t in_flight_measured, std::uint64_t events, SimTime now);

  // The first level that went below zero or above its capacity (busy cores
  // above cores x instances, memory above memory x instances): a model bug,
  // reported as a broken invariant. Empty when none did.
  const std::string& capacity_violation() const { return violation_; }

 private:
  struct NodeStats {
    LatencyHistogram latency;
    std::int64_t completed = 0;
    std::int64_t rejected = 0;
    std::int64_t rate_limited = 0;
    std::int64_t failed = 0;
    TimeWeighted cores_busy, memory, waiting, nic_tx, nic_rx;
    // Per instance, for the balance of a tier.
    std::vector<std::int64_t> instance_completed;
    std::vector<TimeWeighted> instance_cores_busy;
    SessionCounts sessions;
    BalancerCounts balancer;
    std::int64_t bytes = 0;
    LittleLawAudit little;
    QueueResult queue;
    LatencyHistogram job_latency;
  };
  struct ClientStats {
    RequestCounts counts;
    std::int64_t breaker_opened = 0;
    std::int64_t completed_in_window = 0;
    LatencyHistogram latency;
  };
  SloResult slo_result() const;
  bool in_window(SimTime t) const { return t >= begin_ && t < end_; }
  TimeWeighted& gauge(model::NodeId node, Gauge g);
  void add_event(SimTime now, model::NodeId node, std::uint32_t instance, const char* event,
                 std::string by);
  InstanceBalance balance_of(model::NodeId node);

  const model::Model& model_;
  SimTime begin_, end_;
  RequestCounts counts_;
  std::int64_t slo_good_ = 0, slo_bad_ = 0, slo_late_ = 0;  // with model_.slo
  std::int64_t completed_in_window_ = 0;
  LatencyHistogram latency_;
  std::vector<LatencyHistogram> class_latency_;
  std::vector<std::int64_t> class_completed_;
  std::vector<ClientStats> clients_;
  std::vector<NodeStats> nodes_;
  std::vector<InstanceEvent> events_;
  std::optional<SeriesRecorder> series_;
  std::optional<TraceRecorder> trace_;
  std::string violation_;
};

}  // namespace tiersim
