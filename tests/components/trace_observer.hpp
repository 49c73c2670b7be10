// An Observer that writes down what models announce, one line per event,
// for trace tests that compare the whole story of a tiny run.
#pragma once

#include <fmt/core.h>

#include <memory>
#include <string>
#include <vector>

#include "tiersim/components/open_loop_client.hpp"
#include "tiersim/components/registry.hpp"
#include "tiersim/components/world.hpp"
#include "tiersim/engine/observer.hpp"

namespace trace {

using namespace tiersim;

inline std::string us(SimTime t) {
  return fmt::format("{}us", t.ns() / 1000);
}

inline const char* name(Outcome o) {
  switch (o) {
    case Outcome::completed:
      return "completed";
    case Outcome::rejected:
      return "rejected";
    case Outcome::failed:
      return "failed";
    case Outcome::timed_out:
      return "timed out";
  }
  return "?";
}

class TraceObserver final : public Observer {
 public:
  explicit TraceObserver(const model::Model& m) : model_(m) {}
  std::vector<std::string> lines;

  void request_created(const Request& r) override {
    lines.push_back(fmt::format("{} request {} created", us(r.created), r.serial));
  }
  void request_finished(const Request& r, Outcome o, SimTime now) override {
    lines.push_back(fmt::format("{} request {} {}", us(now), r.serial, name(o)));
  }
  void attempt_timed_out(const Request& r, SimTime now) override {
    lines.push_back(fmt::format("{} request {} attempt timed out", us(now), r.serial));
  }
  void retried(const Request& r, SimTime now) override {
    lines.push_back(fmt::format("{} request {} retried", us(now), r.serial));
  }
  void queue_event(model::NodeId queue, QueueEvent e, SimTime now, SimTime age) override {
    static constexpr const char* kNames[] = {
        "published", "rejected",      "delivered", "redelivered",   "completed",
        "duplicate", "dead-lettered", "received",  "empty receive", "deleted"};
    lines.push_back(fmt::format("{} {} message {} (age {})", us(now), model_.nodes[queue].name,
                                kNames[static_cast<int>(e)], us(age)));
  }
  void visit_waited(model::NodeId, std::uint32_t, const Request&, SimTime, SimTime) override {}
  void queue_requests(model::NodeId, std::int64_t, SimTime) override {}
  void short_circuited(const Request& r, SimTime now) override {
    lines.push_back(fmt::format("{} request {} short-circuited", us(now), r.serial));
  }
  void breaker_opened(std::uint32_t client, SimTime now) override {
    lines.push_back(fmt::format("{} {} breaker opens", us(now), model_.clients[client].name));
  }
  // Starts are implied by the arrival times that visit_finished prints.
  void visit_started(model::NodeId, std::uint32_t, const Request&, SimTime) override {}
  void rate_limited(model::NodeId node, const Request& r, SimTime now) override {
    lines.push_back(
        fmt::format("{} {} request {} rate-limited", us(now), model_.nodes[node].name, r.serial));
  }
  void visit_finished(model::NodeId node, std::uint32_t instance, const Request& r, SimTime arrived,
                      SimTime, SimTime left, Outcome o) override {
    lines.push_back(fmt::format("{} {} request {} {} (arrived {})", us(left), where(node, instance),
                                r.serial, name(o), us(arrived)));
  }
  void rejected_at(model::NodeId node, const Request& r, SimTime now) override {
    lines.push_back(
        fmt::format("{} {} rejects request {}", us(now), model_.nodes[node].name, r.serial));
  }
  // "web" for a node of one instance, "web[2]" otherwise.
  std::string where(model::NodeId node, std::uint32_t instance) const {
    const auto& n = model_.nodes[node];
    return n.instances == 1 ? n.name : fmt::format("{}[{}]", n.name, instance);
  }
  void level_changed(model::NodeId, std::uint32_t, Gauge, SimTime, std::int64_t) override {}
  void busy_interval(model::NodeId node, Gauge g, SimTime start, SimTime end) override {
    lines.push_back(fmt::format("{} {} {} busy until {}", us(start), model_.nodes[node].name,
                                g == Gauge::nic_tx ? "nic_tx" : "nic_rx", us(end)));
  }
  void session_event(model::NodeId node, SessionEvent e, SimTime now, std::int64_t count) override {
    static constexpr const char* kNames[] = {"created", "found",   "miss",
                                             "lost",    "expired", "evicted"};
    lines.push_back(fmt::format("{} {} sessions {} {}", us(now), model_.nodes[node].name,
                                kNames[static_cast<int>(e)], count));
  }
  void instance_changed(model::NodeId node, std::uint32_t instance, bool up, SimTime now) override {
    lines.push_back(fmt::format("{} {} {}", us(now), where(node, instance), up ? "up" : "down"));
  }
  void backend_health_changed(model::NodeId lb, model::NodeId node, std::uint32_t instance,
                              bool healthy, SimTime now) override {
    lines.push_back(fmt::format("{} {} marks {} {}", us(now), model_.nodes[lb].name,
                                where(node, instance), healthy ? "healthy" : "unhealthy"));
  }
  void connection_opened(model::NodeId lb, SimTime now) override {
    lines.push_back(fmt::format("{} {} opens a connection", us(now), model_.nodes[lb].name));
  }
  void failed_at_backend(model::NodeId lb, SimTime now) override {
    lines.push_back(fmt::format("{} {} sent to a down backend", us(now), model_.nodes[lb].name));
  }
  void bytes_processed(model::NodeId, SimTime, std::int64_t) override {}

 private:
  const model::Model& model_;
};

// Runs `m` (open-loop clients only) until `until` and returns the trace.
inline std::vector<std::string> run(const model::Model& m, SimTime until) {
  Simulator sim(m.seed);
  TraceObserver observer(m);
  World world(sim, m, observer);
  const auto registry = ComponentRegistry::standard();
  for (model::NodeId id = 0; id < m.nodes.size(); ++id)
    world.nodes.push_back(registry.find(m.nodes[id].kind)(world, id));
  std::vector<std::unique_ptr<OpenLoopClient>> clients;
  for (std::uint32_t i = 0; i < m.clients.size(); ++i)
    clients.push_back(std::make_unique<OpenLoopClient>(world, i));
  for (auto& c : clients) c->start();
  sim.run_until(until);
  return observer.lines;
}

}  // namespace trace
