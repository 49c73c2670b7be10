// Model: a compiled scenario, ready to simulate.
//
// Plain data. Names are resolved to indices, units to integers (SimTime in
// nanoseconds, bytes, bits per second), defaults applied, instance types
// looked up. A Model can be built in C++ without any YAML (tests do), and it
// is never modified during a run: all mutable state lives in the simulation.
//
// Invariant (established by compile()): every NodeId and ClassId is a valid
// index; every class that a client sends has a handler on every service it
// can reach; synchronous calls form no cycle.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "tiersim/core/distribution.hpp"
#include "tiersim/core/sim_time.hpp"
#include "tiersim/model/topology.hpp"

namespace tiersim::model {

using NodeId = std::uint32_t;
using ClassId = std::uint32_t;

// The hardware of one instance. Absent memory or NIC bandwidth means
// unlimited (not modeled).
struct Machine {
  std::int64_t cores = 1;
  std::optional<std::int64_t> memory_bytes;
  std::optional<std::int64_t> nic_bps;
  double price_per_hour = 0;  // USD per instance-hour
  std::string instance_type;  // catalog name, or "" for a custom machine
};

struct CpuStep {
  Distribution time;  // nanoseconds
};
struct DelayStep {
  Distribution time;  // nanoseconds
};
struct CallStep {
  NodeId node = 0;
  std::int64_t request_bytes = 0;
  std::int64_t response_bytes = 0;
};

struct Step {
  std::variant<CpuStep, DelayStep, CallStep> action;
  // Random-stream purpose of this step, unique within its node
  // ("handle/<class>/<index>"); keeps each step's draws independent.
  std::string stream_purpose;
};

using Handler = std::vector<Step>;

enum class BalancingPolicy { random, round_robin, least_connections };

struct Node {
  std::string name;
  std::string kind;  // registered component kind: "service", "load_balancer"
  std::int64_t instances = 1;
  Machine machine;
  // Waiting room per instance; nullopt = unbounded, 0 = no waiting room.
  std::optional<std::int64_t> queue_limit;
  std::int64_t memory_per_request = 0;  // bytes held while a request is on an instance
  // Indexed by ClassId; nullopt where the node has no handler for the class.
  std::vector<std::optional<Handler>> handlers;

  // load_balancer
  int layer = 7;
  BalancingPolicy policy = BalancingPolicy::random;
  NodeId target = 0;
};

struct RequestMix {
  ClassId request_class = 0;
  double weight = 1;
  std::int64_t request_bytes = 0;
  std::int64_t response_bytes = 0;
};

enum class Arrival { poisson, constant };

struct Client {
  std::string name;
  bool closed_loop = false;
  // Open loop.
  double rate_per_second = 0;
  Arrival arrival = Arrival::poisson;
  // Closed loop.
  std::int64_t users = 0;
  Distribution think_time;  // nanoseconds
  NodeId target = 0;
  std::vector<RequestMix> mix;
};

struct Model {
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  SimTime duration = SimTime::from_seconds(60);  // measured window
  SimTime warmup = SimTime::zero();              // simulated before the window
  double hours_per_month = 730;
  // A run stops with exit code 3 when more requests than this are in flight.
  std::int64_t max_in_flight = 1'000'000;
  // Where catalog prices come from ("us-east-1 ... on 2026-12-03"), for the
  // cost report; empty when no node uses a catalog type.
  std::string price_source;
  std::vector<std::string> classes;  // indexed by ClassId
  std::vector<Client> clients;
  std::vector<Node> nodes;  // indexed by NodeId
  Topology topology;

  std::optional<NodeId> find_node(std::string_view name) const;
};

}  // namespace tiersim::model
