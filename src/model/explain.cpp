#include "tiersim/model/explain.hpp"

#include <algorithm>

namespace tiersim::model {

namespace {

struct Totals {
  double visits = 0, cpu_seconds = 0, tx_bytes = 0, rx_bytes = 0;
};

class Walker {
 public:
  explicit Walker(const Model& m) : m_(m), totals_(m.nodes.size()) {}

  // A flow of `rate` visits per second of class `cls` to `node`, each
  // bringing `in` bytes and answered with `out` bytes.
  void visit(NodeId id, ClassId cls, double rate, double in, double out) {
    const Node& n = m_.nodes[id];
    Totals& t = totals_[id];
    t.visits += rate;
    t.rx_bytes += rate * in;
    t.tx_bytes += rate * out;
    if (n.kind == "load_balancer") {
      t.tx_bytes += rate * in;
      t.rx_bytes += rate * out;
      visit(n.target, cls, rate, in, out);
      return;
    }
    if (!n.handlers[cls]) return;
    for (const Step& s : *n.handlers[cls]) {
      if (const auto* cpu = std::get_if<CpuStep>(&s.action)) {
        t.cpu_seconds += rate * cpu->time.mean() / 1e9;
      } else if (const auto* call = std::get_if<CallStep>(&s.action)) {
        t.tx_bytes += rate * static_cast<double>(call->request_bytes);
        t.rx_bytes += rate * static_cast<double>(call->response_bytes);
        visit(call->node, cls, rate, static_cast<double>(call->request_bytes),
              static_cast<double>(call->response_bytes));
      }
    }
  }

  // Seconds one request of `cls` spends in service at `id` and below, with
  // no waiting: cpu and delay means plus transfer times.
  double service_time(NodeId id, ClassId cls, double in, double out) const {
    const Node& n = m_.nodes[id];
    double t = transfer(n, in) + transfer(n, out);
    if (n.kind == "load_balancer") return t + service_time(n.target, cls, in, out);
    if (!n.handlers[cls]) return t;
    for (const Step& s : *n.handlers[cls]) {
      if (const auto* cpu = std::get_if<CpuStep>(&s.action)) t += cpu->time.mean() / 1e9;
      if (const auto* delay = std::get_if<DelayStep>(&s.action)) t += delay->time.mean() / 1e9;
      if (const auto* call = std::get_if<CallStep>(&s.action))
        t += service_time(call->node, cls, static_cast<double>(call->request_bytes),
                          static_cast<double>(call->response_bytes));
    }
    return t;
  }

  const std::vector<Totals>& totals() const { return totals_; }

 private:
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
    double rate = c.rate_per_second;
    if (c.closed_loop) {
      double demand = 0;  // mean no-wait time of one request over the mix
      for (const auto& mix : c.mix)
        demand +=
            mix.weight / total_weight *
            walker.service_time(c.target, mix.request_class, static_cast<double>(mix.request_bytes),
                                static_cast<double>(mix.response_bytes));
      const double cycle = c.think_time.mean() / 1e9 + demand;
      rate = cycle > 0 ? static_cast<double>(c.users) / cycle : 0.0;
    }
    ex.clients.push_back({c.name, c.closed_loop, rate});
    for (const auto& mix : c.mix)
      walker.visit(c.target, mix.request_class, rate * mix.weight / total_weight,
                   static_cast<double>(mix.request_bytes), static_cast<double>(mix.response_bytes));
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
    if (n.kind == "service") {
      load.cpu_seconds_per_visit = t.visits > 0 ? t.cpu_seconds / t.visits : 0;
      load.cpu = t.cpu_seconds / (instances * static_cast<double>(n.machine.cores));
    }
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
