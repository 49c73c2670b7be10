// Support for theory tests: models built in C++ (no YAML), independent
// replications, and a confidence interval from the replications themselves.
//
// Tolerance policy: a simulated mean is compared with theory within the
// half-width of a 99.9% Student-t confidence interval over R independent
// replications (R = 10, t(0.9995; 9) = 4.781). Seeds are fixed, so a run is
// reproducible; a correct simulator passes such a check for 999 of 1000
// seeds. Each check also requires the half-width to be small relative to the
// value, so that a loose interval cannot hide a wrong model.
#pragma once

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "tiersim/metrics/result.hpp"
#include "tiersim/model/model.hpp"
#include "tiersim/simulation/simulate.hpp"

namespace theory {

using namespace tiersim;

inline constexpr int kReplications = 10;
inline constexpr double kT9 = 4.781;  // t quantile 0.9995, 9 degrees of freedom

struct Estimate {
  double mean = 0;
  double half_width = 0;  // of the 99.9% confidence interval
};

inline Estimate replicate(const model::Model& base,
                          const std::function<double(const Result&)>& metric) {
  std::vector<double> xs;
  for (int r = 0; r < kReplications; ++r) {
    model::Model m = base;
    m.seed = base.seed * 1000 + static_cast<std::uint64_t>(r) + 1;
    const Result res = simulate(m);
    xs.push_back(metric(res));
  }
  double sum = 0;
  for (double x : xs) sum += x;
  const double mean = sum / kReplications;
  double ss = 0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  const double sd = std::sqrt(ss / (kReplications - 1));
  return Estimate{mean, kT9 * sd / std::sqrt(static_cast<double>(kReplications))};
}

inline model::Step cpu(Distribution d) {
  return model::Step{model::CpuStep{std::move(d)}, "cpu"};
}
inline model::Step delay(Distribution d) {
  return model::Step{model::DelayStep{std::move(d)}, "delay"};
}
inline model::Step call(model::NodeId node) {
  return model::Step{model::CallStep{node, 0, 0}, "call"};
}

inline model::Node service(std::string name, std::int64_t cores, model::Handler handler,
                           std::int64_t instances = 1) {
  model::Node n;
  n.name = std::move(name);
  n.kind = "service";
  n.instances = instances;
  n.machine.cores = cores;
  n.handlers = {std::move(handler)};
  return n;
}

inline model::Node load_balancer(std::string name, model::NodeId target, model::BalancingPolicy p) {
  model::Node n;
  n.name = std::move(name);
  n.kind = "load_balancer";
  n.pools = {{target}};
  n.pool_of_class = {0};
  n.policy = p;
  n.handlers = {std::nullopt};
  return n;
}

inline model::Client open_client(double rate, model::NodeId target) {
  model::Client c;
  c.name = "clients";
  c.rate_per_second = rate;
  c.target = target;
  c.mix = {model::RequestMix{0, 1, 0, 0}};
  return c;
}

inline model::Model make_model(std::vector<model::Node> nodes, std::vector<model::Client> clients,
                               SimTime warmup, SimTime duration) {
  model::Model m;
  m.name = "theory";
  m.seed = 7;
  m.classes = {"req"};
  m.nodes = std::move(nodes);
  m.clients = std::move(clients);
  m.warmup = warmup;
  m.duration = duration;
  return m;
}

inline double ms(double seconds) {
  return seconds * 1e3;
}

}  // namespace theory
