#include "tiersim/model/explain.hpp"

#include <algorithm>

#include "tiersim/model/workload.hpp"

namespace tiersim::model {

namespace {

struct Totals {
  double visits = 0, cpu_seconds = 0, tx_bytes = 0, rx_bytes = 0;
};

class Walker {
 public:
  explicit Walker(const Model& m) : m_(m), totals_(m.nodes.size()) {}

  // A flow of `rate` visits per second of class `cls` to `node`, each
  // bringing `in` bytes and answered with `out` bytes. `new_connection`:
  // each request comes on a connection of its own (see lb_cpu_seconds).
  void visit(NodeId id, ClassId cls, double rate, double in, double out, bool new_connection) {
    const Node& n = m_.nodes[id];
    Totals& t = totals_[id];
    t.visits += rate;
    t.rx_bytes += rate * in;
    t.tx_bytes += rate * out;
    if (n.kind == "load_balancer") {
      t.tx_bytes += rate * in;
      t.rx_bytes += rate * out;
      t.cpu_seconds += rate * lb_cpu_seconds(n, in, out, new_connection);
      for (const auto& [backend, share] : shares(n, cls))
        // Layer 7 reaches its backends over pooled connections; layer 4
        // passes the client's connection through.
        visit(backend, cls, rate * share, in, out, new_connection && n.layer == 4);
      return;
    }
    if (n.queue) {
      // In a steady state every message published is delivered once (a
      // redelivery adds more; these laws do not see failures).
      visit(n.queue->consumers, cls, rate, in, 0, false);
      return;
    }
    // A local-state service's session_miss steps are left out: how often a
    // request misses depends on routing, which these laws do not see.
    if (!n.handlers[cls]) return;
    for (const Step& s : *n.handlers[cls]) {
      if (const auto* cpu = std::get_if<CpuStep>(&s.action)) {
        t.cpu_seconds += rate * cpu->time.mean() / 1e9;
      } else if (const auto* call = std::get_if<CallStep>(&s.action)) {
        t.tx_bytes += rate * static_cast<double>(call->request_bytes);
        t.rx_bytes += rate * static_cast<double>(call->response_bytes);
        // A service's calls have no connection policy of their own: they
        // are taken as kept alive.
        visit(call->node, cls, rate, static_cast<double>(call->request_bytes),
              static_cast<double>(call->response_bytes), false);
      }
    }
  }

  // Seconds one request of `cls` spends in service at `id` and below, with
  // no waiting: cpu and delay means plus transfer times.
  // Through a load balancer: its own CPU time, then the mean over its pool
  // weighted by each node's share of the flow.
  double service_time(NodeId id, ClassId cls, double in, double out, bool new_connection) const {
    const Node& n = m_.nodes[id];
    double t = transfer(n, in) + transfer(n, out);
    if (n.kind == "load_balancer") {
      t += lb_cpu_seconds(n, in, out, new_connection);
      for (const auto& [backend, share] : shares(n, cls))
        t += share * service_time(backend, cls, in, out, new_connection && n.layer == 4);
      return t;
    }
    // A publisher waits for the message to be stored, not for the job.
    if (n.queue) return t + n.queue->persist.seconds();
    if (!n.handlers[cls]) return t;
    for (const Step& s : *n.handlers[cls]) {
      if (const auto* cpu = std::get_if<CpuStep>(&s.action)) t += cpu->time.mean() / 1e9;
      if (const auto* delay = std::get_if<DelayStep>(&s.action)) t += delay->time.mean() / 1e9;
      if (const auto* call = std::get_if<CallStep>(&s.action))
        t += service_time(call->node, cls, static_cast<double>(call->request_bytes),
                          static_cast<double>(call->response_bytes), false);
    }
    return t;
  }

  const std::vector<Totals>& totals() const { return totals_; }

 private:
  // Each node of the pool that takes `cls`, with its share of the flow: in
  // proportion to its instances (weighted_random: instances x cores).
  std::vector<std::pair<NodeId, double>> shares(const Node& lb, ClassId cls) const {
    std::vector<std::pair<NodeId, double>> out;
    const std::uint32_t pool = lb.pool_of_class[cls];
    if (pool == kNoPool) return out;
    double total = 0;
    for (const NodeId id : lb.pools[pool]) {
      const Node& b = m_.nodes[id];
      double w = static_cast<double>(b.instances);
      if (lb.policy == BalancingPolicy::weighted_random) w *= static_cast<double>(b.machine.cores);
      out.emplace_back(id, w);
      total += w;
    }
    for (auto& entry : out) entry.second = total > 0 ? entry.second / total : 0.0;
    return out;
  }

  // Seconds of one core a load balancer spends on one request: request_cpu,
  // TLS bulk encryption of both messages, and, when the request comes on a
  // connection of its own (its client's keep_alive is zero), the per-
  // connection costs (connection_cpu and the TLS handshake). With keep-alive
  // a connection carries many requests and its cost depends on how long
  // users stay; that share is left out here.
  static double lb_cpu_seconds(const Node& n, double in, double out, bool new_connection) {
    double t = n.request_cpu.mean() / 1e9;
    if (n.tls && n.tls->bulk_bps > 0) t += (in + out) * 8 / static_cast<double>(n.tls->bulk_bps);
    if (new_connection) {
      t += n.connection_cpu.mean() / 1e9;
      if (n.tls) t += n.tls->handshake_cpu.mean() / 1e9;
    }
    return t;
  }

  static double transfer(const Node& n, double bytes) {
    return n.machine.nic_bps ? bytes * 8 / static_cast<double>(*n.machine.nic_bps) : 0.0;
  }

  const Model& m_;
  std::vector<Totals> totals_;
};

}  // namespace

Explanation explain(const Model& m) {
  Walker walker(m);
  Explanation ex;
  for (const Client& c : m.clients) {
    double total_weight = 0;
    for (const auto& mix : c.mix) total_weight += mix.weight;
    // A shaped client's load is its mean over the measured window.
    const OfferedLoad offered = offered_load(c, m.warmup, m.warmup + m.duration);
    double rate = offered.mean_per_second;
    const bool new_connection = c.connection.keep_alive == SimTime::zero();
    if (c.closed_loop) {
      double demand = 0;  // mean no-wait time of one request over the mix
      for (const auto& mix : c.mix)
        demand +=
            mix.weight / total_weight *
            walker.service_time(c.target, mix.request_class, static_cast<double>(mix.request_bytes),
                                static_cast<double>(mix.response_bytes), new_connection);
      const double cycle = c.think_time.mean() / 1e9 + demand;
      rate = cycle > 0 ? static_cast<double>(c.users) / cycle : 0.0;
    }
    ex.clients.push_back({c.name, c.closed_loop, rate, std::nullopt, std::nullopt});
    if (!c.closed_loop && offered.peak) {
      ex.clients.back().peak_per_second = offered.peak->rate;
      ex.clients.back().peak_at_s = offered.peak->at;
    }
    for (const auto& mix : c.mix)
      walker.visit(c.target, mix.request_class, rate * mix.weight / total_weight,
                   static_cast<double>(mix.request_bytes), static_cast<double>(mix.response_bytes),
                   new_connection);
  }
  double busiest = 0;
  for (std::size_t i = 0; i < m.nodes.size(); ++i) {
    const Node& n = m.nodes[i];
    const Totals& t = walker.totals()[i];
    NodeLoad load;
    load.name = n.name;
    load.kind = n.kind;
    load.visits_per_second = t.visits;
    const double instances = static_cast<double>(n.instances);
    // Services and load balancers alike: a load balancer's cores run its
    // request, TLS and connection work.
    load.cpu_seconds_per_visit = t.visits > 0 ? t.cpu_seconds / t.visits : 0;
    load.cpu = t.cpu_seconds / (instances * static_cast<double>(n.machine.cores));
    if (n.machine.nic_bps) {
      const double capacity = instances * static_cast<double>(*n.machine.nic_bps);
      load.nic_tx = t.tx_bytes * 8 / capacity;
      load.nic_rx = t.rx_bytes * 8 / capacity;
    }
    const std::pair<const char*, std::optional<double>> resources[] = {
        {"cpu", load.cpu}, {"nic_tx", load.nic_tx}, {"nic_rx", load.nic_rx}};
    double node_busiest = 0;
    for (const auto& [name, u] : resources) {
      if (u) node_busiest = std::max(node_busiest, *u);
      if (u && *u > busiest) {
        busiest = *u;
        ex.bottleneck_node = n.name;
        ex.bottleneck_resource = name;
      }
    }
    if (node_busiest > 0) load.max_visits_per_second = t.visits / node_busiest;
    ex.nodes.push_back(std::move(load));
  }
  if (busiest > 0) ex.headroom = 1 / busiest;
  return ex;
}

}  // namespace tiersim::model
