#include "tiersim/metrics/cost.hpp"

namespace tiersim {

CostResult compute_cost(const model::Model& model, double throughput_rps,
                        const std::vector<double>& usage_per_hour) {
  CostResult cost;
  cost.hours_per_month = model.hours_per_month;
  cost.prices = model.price_source;
  for (std::size_t i = 0; i < model.nodes.size(); ++i) {
    const model::Node& n = model.nodes[i];
    NodeCost c;
    c.name = n.name;
    c.per_hour_usd = static_cast<double>(n.instances) * n.machine.price_per_hour +
                     (usage_per_hour.empty() ? 0.0 : usage_per_hour[i]);
    c.per_month_usd = c.per_hour_usd * model.hours_per_month;
    cost.per_hour_usd += c.per_hour_usd;
    cost.by_node.push_back(std::move(c));
  }
  cost.per_month_usd = cost.per_hour_usd * model.hours_per_month;
  if (throughput_rps > 0)
    cost.per_million_requests_usd = cost.per_hour_usd / (throughput_rps * 3600.0) * 1e6;
  return cost;
}

}  // namespace tiersim
