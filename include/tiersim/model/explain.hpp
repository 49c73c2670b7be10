// Operational laws over a compiled model, before any simulation: the
// lecture's back-of-the-envelope arithmetic, done for every node.
//
// Each client's offered rate is pushed along the paths its request classes
// take (a load balancer splits a class's flow over the nodes of the pool that
// takes it, in proportion to their instances, or instances x cores under
// weighted_random; a service's call steps visit other nodes), giving every
// node its visit rate. With the mean of every cpu step (and of a load
// balancer's request, TLS and connection CPU) and the bytes of every
// message, the utilization law U = X * D gives each resource's predicted
// utilization, and 1 / max U the factor by which the load can grow before
// the busiest resource saturates.
//
// Closed-loop clients are taken at their upper bound N / (Z + D), where D is
// the time one request spends in service with no queueing at all (cpu,
// delay and transfer times along its path): the rate they reach when
// nothing waits. Waiting rooms, rejections, memory (which depends on
// response times), session misses (which depend on routing), failures and
// the per-connection costs of kept-alive connections are outside these laws.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tiersim/model/model.hpp"

namespace tiersim::model {

struct NodeLoad {
  std::string name;
  std::string kind;
  double visits_per_second = 0;
  double cpu_seconds_per_visit = 0;  // mean
  // Predicted utilizations; nullopt where the resource is not modeled.
  std::optional<double> cpu, nic_tx, nic_rx;
  // The lecture's hard limit: visits per second at which this node's
  // busiest resource saturates (cores / CPU time per visit, bandwidth /
  // bytes per visit); absent when no resource of the node is loaded.
  std::optional<double> max_visits_per_second;
};

struct ClientLoad {
  std::string name;
  bool closed_loop = false;
  double requests_per_second = 0;  // offered (open loop) or upper bound (closed)
  // A shaped open-loop client's highest rate in the window, and when
  // (seconds since the start of the run); requests_per_second is its mean.
  std::optional<double> peak_per_second, peak_at_s;
};

struct Explanation {
  std::vector<ClientLoad> clients;
  std::vector<NodeLoad> nodes;
  // The busiest resource and how far the load can grow before it saturates
  // (1 / its utilization); absent when no resource is loaded.
  std::string bottleneck_node;
  std::string bottleneck_resource;
  std::optional<double> headroom;
};

Explanation explain(const Model& model);

}  // namespace tiersim::model
