// LoadBalancer: spreads requests over the instances of its backend pools.
//
// Layer 4 sees connections: the first request on a client connection picks
// a backend (by the policy, over open connections for least_connections)
// and every later request on that connection goes to the same backend, with
// the client's connection passed through. Layer 7 sees requests: each one
// is routed to the pool of its class (routes, resolved at compile time),
// then to a backend by the policy (over outstanding requests for the
// least_* policies), or by the user's sticky cookie when `sticky` holds and
// its backend is in service; the backend is reached over pooled
// connections. Requests on pooled connections between tiers (Flow 0) are
// placed one by one at either layer.
//
// Costs: a new client connection holds one core for connection_cpu (plus
// the TLS handshake at layer 7 with tls); each layer-7 request holds one for
// request_cpu plus the TLS bulk work on its request bytes, and its reply
// for the bulk work on the response bytes. Cores are taken FIFO. A
// connection beyond max_connections on an instance is rejected. The NIC,
// when the machine has one, carries both directions.
//
// Each load-balancer instance keeps its own view of loads, connections and
// round-robin cursors, as separate machines do; health (HealthChecker) and
// sticky cookies are shared by the node's instances. With no backend in
// service a request is rejected (HTTP 503).
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "tiersim/components/backend_pool.hpp"
#include "tiersim/components/core_pool.hpp"
#include "tiersim/components/endpoint.hpp"
#include "tiersim/components/health_checker.hpp"
#include "tiersim/components/nic.hpp"
#include "tiersim/components/rate_limiter.hpp"
#include "tiersim/components/world.hpp"
#include "tiersim/core/random.hpp"
#include "tiersim/engine/slot_pool.hpp"

namespace tiersim {

class LoadBalancer final : public Endpoint, public ReplySink {
 public:
  LoadBalancer(World& world, model::NodeId id);

  // The flow key_hash gives the pool for a request's key at balancer `lb`:
  // the key, salted with the balancer.
  static std::uint64_t key_flow(model::NodeId lb, std::uint64_t key);

  model::NodeId id() const override { return id_; }
  std::uint32_t instance_count() const override {
    return static_cast<std::uint32_t>(instances_.size());
  }
  std::uint32_t next_instance() override;
  Nic* nic(std::uint32_t instance) override { return instances_[instance].nic.get(); }
  void receive(RequestHandle request, std::uint32_t instance, std::int64_t bytes,
               ReplyTo reply_to) override;
  void on_reply(std::uint64_t token, Outcome outcome) override;
  void connection_closed(std::uint64_t connection, std::uint32_t instance) override;

 private:
  static constexpr std::uint32_t kUnassigned = UINT32_MAX;

  using ForwardId = std::uint32_t;
  struct Forward {
    RequestHandle request = 0;
    std::uint32_t instance = 0;
    std::uint32_t pool = 0;
    std::uint32_t backend = kUnassigned;
    bool holds_load = false;    // added +1 load to `backend` for this request alone
    bool sent_to_down = false;  // `backend` was down (in an outage) when it was sent
    ReplyTo reply_to;
    SimTime arrived;
    Outcome outcome = Outcome::completed;
  };
  struct Instance {
    std::unique_ptr<Nic> nic;
    std::vector<BackendPool> pools;  // model::Node::pools, this instance's view
    // Open client connections; L4: the backend of pool 0 each is bound to.
    std::unordered_map<std::uint64_t, std::uint32_t> connections;
    std::unique_ptr<CorePool> cores;
  };

  void forward(ForwardId f);
  void send_reply(ForwardId f);
  void refuse(ForwardId f);
  std::optional<std::uint32_t> choose(Instance& inst, std::uint32_t pool, const Request& r,
                                      const Flow& flow);
  void set_health(std::size_t target, bool healthy);
  std::int64_t tls_bulk_ns(std::int64_t bytes) const;
  std::int64_t sample(const Distribution& d);

  World& world_;
  model::NodeId id_;
  const model::Node& node_;
  std::vector<Instance> instances_;
  SlotPool<Forward> forwards_;
  std::uint32_t round_robin_ = 0;
  RandomStream cost_stream_;
  // Sticky cookies, per pool: user -> backend.
  std::vector<std::unordered_map<std::uint64_t, std::uint32_t>> sticky_;
  // Health: each distinct backend instance is probed once; these are the
  // (pool, backend) entries each probe target stands for.
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> target_entries_;
  std::unique_ptr<HealthChecker> health_;
  std::optional<RateLimiter> limiter_;  // with a rate_limit
};

}  // namespace tiersim
