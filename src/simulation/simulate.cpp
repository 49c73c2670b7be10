#include "tiersim/simulation/simulate.hpp"

#include <fmt/core.h>

#include "tiersim/components/closed_loop_client.hpp"
#include "tiersim/components/open_loop_client.hpp"
#include "tiersim/components/registry.hpp"
#include "tiersim/metrics/collector.hpp"
#include "tiersim/simulation/resource_limits.hpp"

namespace tiersim {

Result simulate(const model::Model& model, const ProgressCallback& progress) {
  Simulator sim(model.seed);
  if (model.max_events) sim.set_max_events(*model.max_events);
  const ResourceLimits limits(model.max_wall_seconds, model.max_memory_bytes);
  const SimTime end = model.warmup + model.duration;
  if (limits.any() || progress) {
    // About every few milliseconds of work: a clock read or a /proc read
    // per 16,384 events costs nothing measurable.
    sim.set_watchdog(16384, [&] {
      if (progress) progress(sim.now(), end, sim.events_executed());
      return limits.any() ? limits.exceeded(sim.now().seconds()) : std::nullopt;
    });
  }
  Collector collector(model);
  World world(sim, model, collector);

  const ComponentRegistry registry = ComponentRegistry::standard();
  for (model::NodeId id = 0; id < model.nodes.size(); ++id) {
    const EndpointFactory make = registry.find(model.nodes[id].kind);
    // compile() admits only registered kinds.
    if (!make) throw std::logic_error("no component model for kind " + model.nodes[id].kind);
    world.nodes.push_back(make(world, id));
  }
  std::vector<std::unique_ptr<Client>> clients;
  for (std::uint32_t i = 0; i < model.clients.size(); ++i) {
    if (model.clients[i].closed_loop)
      clients.push_back(std::make_unique<ClosedLoopClient>(world, i));
    else
      clients.push_back(std::make_unique<OpenLoopClient>(world, i));
  }
  for (auto& c : clients) c->start();
  for (const model::Slowdown& s : model.slowdowns) {
    Endpoint* node = world.nodes[s.node].get();
    const double factor = s.factor;
    sim.schedule_at(s.at, [node, factor] { node->slow_down(factor); });
    if (s.restore) sim.schedule_at(*s.restore, [node, factor] { node->speed_up(factor); });
  }
  for (const model::InstanceOutage& o : model.outages) {
    Endpoint* node = world.nodes[o.node].get();
    const std::uint32_t instance = o.instance;
    sim.schedule_at(o.at, [node, instance] { node->fail(instance); });
    if (o.restore) sim.schedule_at(*o.restore, [node, instance] { node->restore(instance); });
  }

  sim.run_until(end);
  if (progress) progress(sim.now(), end, sim.events_executed());

  // Counted by the clients, independently of the collector, so that the
  // conservation check below can fail.
  std::int64_t in_flight = 0;
  for (const auto& c : clients) in_flight += c->measured_in_flight();
  if (model.slo && model.slo->latency && sim.now() - *model.slo->latency > SimTime::zero()) {
    // Still waiting, and already slower than the objective allows: bad.
    std::int64_t late = 0;
    for (const auto& c : clients)
      late += c->measured_in_flight_before(sim.now() - *model.slo->latency);
    collector.slo_late_in_flight(late);
  }
  Result result = collector.finish(in_flight, sim.events_executed(), sim.now());
  if (sim.halt_reason()) result.stopped = *sim.halt_reason();
  if (!collector.capacity_violation().empty() && !result.stopped)
    result.stopped = collector.capacity_violation();

  for (const NodeResult& node : result.nodes) {
    if (result.stopped || !node.little_law || node.little_law->holds) continue;
    const LittleLawCheck& l = *node.little_law;
    result.stopped = fmt::format(
        "broken invariant: Little's law at node '{}': {} in the node on average, but {} visits/s x "
        "{} ms + window edge {} (docs/results.md#self-checks)",
        node.name, l.mean_in_node, l.visits_per_second, l.mean_time_ms, l.window_edge);
  }
  const RequestCounts& n = result.requests;
  if (n.generated != n.completed + n.rejected + n.failed + n.timed_out + n.in_flight &&
      !result.stopped) {
    result.stopped = fmt::format(
        "broken invariant: generated ({}) != completed ({}) + rejected ({}) + failed ({}) + "
        "timed out ({}) + in flight ({})",
        n.generated, n.completed, n.rejected, n.failed, n.timed_out, n.in_flight);
  }
  return result;
}

}  // namespace tiersim
