#include "tiersim/components/load_balancer.hpp"

#include <fmt/core.h>

#include <map>

namespace tiersim {

namespace {

std::uint64_t flow_key(model::BalancingPolicy policy, const Flow& flow, model::NodeId lb,
                       std::uint64_t key = 0) {
  if (policy == model::BalancingPolicy::ip_hash) return flow.address;
  // A request's key names its shard; one without a key goes as with hash.
  if (policy == model::BalancingPolicy::key_hash && key != 0)
    return LoadBalancer::key_flow(lb, key);
  // Address and port: the pool mixes the key, so a plain combination will do.
  return flow.address * 0x9E3779B97F4A7C15ULL + flow.connection;
}

bool counts_outstanding(model::BalancingPolicy p) {
  return p == model::BalancingPolicy::least_connections ||
         p == model::BalancingPolicy::least_outstanding_requests ||
         p == model::BalancingPolicy::power_of_two_choices;
}

}  // namespace

std::uint64_t LoadBalancer::key_flow(model::NodeId lb, std::uint64_t key) {
  // Salted with the balancer, so that two key_hash balancers in a row do
  // not split keys the same way (each would see only the keys the one
  // before gave it, and use a fraction of its backends).
  std::uint64_t salt = (static_cast<std::uint64_t>(lb) + 1) * 0x9E3779B97F4A7C15ULL;
  salt ^= salt >> 31;
  return key ^ (salt * 0xBF58476D1CE4E5B9ULL);
}

LoadBalancer::LoadBalancer(World& world, model::NodeId id)
    : world_(world),
      id_(id),
      node_(world.model.nodes[id]),
      cost_stream_(world.sim.stream(world.model.nodes[id].name, "cpu")) {
  if (node_.rate_limit) limiter_.emplace(*node_.rate_limit, world.model.clients.size());
  // The backends of each pool, and the distinct instances among them.
  std::vector<std::vector<BackendPool::Backend>> backends(node_.pools.size());
  std::map<std::pair<model::NodeId, std::uint32_t>, std::size_t> target_of;
  std::vector<HealthChecker::Target> targets;
  for (std::uint32_t p = 0; p < node_.pools.size(); ++p) {
    for (const model::NodeId n : node_.pools[p]) {
      const model::Node& backend = world.model.nodes[n];
      for (std::int64_t i = 0; i < backend.instances; ++i) {
        const auto instance = static_cast<std::uint32_t>(i);
        const auto b = static_cast<std::uint32_t>(backends[p].size());
        backends[p].push_back({n, instance, static_cast<double>(backend.machine.cores)});
        const auto [it, added] = target_of.try_emplace({n, instance}, targets.size());
        if (added) {
          targets.push_back({n, instance});
          target_entries_.emplace_back();
        }
        target_entries_[it->second].emplace_back(p, b);
      }
    }
  }
  instances_.resize(static_cast<std::size_t>(node_.instances));
  for (std::uint32_t i = 0; i < instances_.size(); ++i) {
    Instance& inst = instances_[i];
    if (node_.machine.nic_bps) inst.nic = std::make_unique<Nic>(id, *node_.machine.nic_bps);
    inst.cores = std::make_unique<CorePool>(world, id, i, node_.machine.cores, true);
    for (std::uint32_t p = 0; p < backends.size(); ++p) {
      // Instance 0's first pool keeps the stream name of a single pool.
      const std::string purpose = i == 0 && p == 0 ? "balance" : fmt::format("balance/{}/{}", i, p);
      inst.pools.emplace_back(backends[p], node_.policy, world.sim.stream(node_.name, purpose));
    }
  }
  sticky_.resize(node_.pools.size());
  if (node_.health_check) {
    health_ = std::make_unique<HealthChecker>(
        world, *node_.health_check, std::move(targets),
        [this](std::size_t target, bool healthy) { set_health(target, healthy); });
    health_->start();
  }
}

std::uint32_t LoadBalancer::next_instance() {
  const std::uint32_t i = round_robin_;
  round_robin_ = (round_robin_ + 1) % instance_count();
  return i;
}

std::int64_t LoadBalancer::sample(const Distribution& d) {
  if (d.is_constant() && d.mean() == 0) return 0;
  return d.sample_integer(cost_stream_);
}

std::int64_t LoadBalancer::tls_bulk_ns(std::int64_t bytes) const {
  if (!node_.tls || node_.tls->bulk_bps <= 0 || bytes <= 0) return 0;
  return static_cast<std::int64_t>(static_cast<double>(bytes) * 8e9 /
                                   static_cast<double>(node_.tls->bulk_bps));
}

void LoadBalancer::receive(RequestHandle request, std::uint32_t instance, std::int64_t bytes,
                           ReplyTo reply_to) {
  Instance& inst = instances_[instance];
  const Request& r = world_.requests.get(request);
  const SimTime now = world_.sim.now();
  world_.observer.visit_started(id_, instance, r, now);
  const std::uint32_t pool = node_.pool_of_class[r.request_class];
  const ForwardId f = forwards_.acquire(Forward{request, instance, pool, kUnassigned, false, false,
                                                reply_to, now, Outcome::completed});
  world_.observer.bytes_processed(id_, now, bytes);
  if (limiter_ && !limiter_->admit(r, now)) {
    // 429 at once, before connection handling: the limiter costs no CPU here.
    world_.observer.rate_limited(id_, r, now);
    world_.observer.rejected_at(id_, r, now);
    forwards_[f].outcome = Outcome::rejected;
    send_reply(f);
    return;
  }

  std::int64_t cpu = 0;
  const std::uint64_t connection = reply_to.flow.connection;
  if (connection != 0 && !inst.connections.count(connection)) {
    if (node_.max_connections &&
        static_cast<std::int64_t>(inst.connections.size()) >= *node_.max_connections) {
      world_.observer.rejected_at(id_, r, now);
      forwards_[f].outcome = Outcome::rejected;
      send_reply(f);
      return;
    }
    inst.connections.emplace(connection, kUnassigned);
    world_.observer.connection_opened(id_, now);
    cpu += sample(node_.connection_cpu);
    if (node_.layer == 7 && node_.tls) cpu += sample(node_.tls->handshake_cpu);
  }
  if (node_.layer == 7) cpu += sample(node_.request_cpu) + tls_bulk_ns(bytes);
  if (cpu > 0) {
    inst.cores->run(SimTime::from_ns(cpu), [this, f] { forward(f); });
  } else {
    forward(f);
  }
}

std::optional<std::uint32_t> LoadBalancer::choose(Instance& inst, std::uint32_t pool,
                                                  const Request& r, const Flow& flow) {
  BackendPool& backends = inst.pools[pool];
  if (node_.sticky && r.user != 0) {
    auto& cookies = sticky_[pool];
    const auto it = cookies.find(r.user);
    if (it != cookies.end() && backends.in_service(it->second)) return it->second;
    const auto b = backends.pick(flow_key(node_.policy, flow, id_, r.key));
    if (b) cookies[r.user] = *b;
    return b;
  }
  return backends.pick(flow_key(node_.policy, flow, id_, r.key));
}

void LoadBalancer::forward(ForwardId f) {
  Forward& fw = forwards_[f];
  Instance& inst = instances_[fw.instance];
  const Request& r = world_.requests.get(fw.request);
  const Flow& flow = fw.reply_to.flow;
  BackendPool& backends = inst.pools[fw.pool];

  std::optional<std::uint32_t> backend;
  const auto bound =
      flow.connection == 0 ? inst.connections.end() : inst.connections.find(flow.connection);
  if (node_.layer == 4 && bound != inst.connections.end()) {
    // The connection's backend, chosen when its first request came.
    if (bound->second == kUnassigned) {
      backend = backends.pick(flow_key(node_.policy, flow, id_));
      if (backend) {
        bound->second = *backend;
        backends.add_load(*backend, +1);
      }
    } else {
      backend = bound->second;
    }
  } else {
    backend = choose(inst, fw.pool, r, flow);
    if (backend && (node_.layer == 7 || counts_outstanding(node_.policy))) {
      backends.add_load(*backend, +1);
      fw.holds_load = true;
    }
  }
  if (!backend) {
    refuse(f);
    return;
  }
  fw.backend = *backend;
  const BackendPool::Backend& target = backends.backend(*backend);
  fw.sent_to_down = !world_.node(target.node).up(target.instance);
  // L4 passes the client's connection through; L7 uses its own pooled ones.
  const Flow onward = node_.layer == 4 ? flow : Flow{(std::uint64_t{id_} << 32) | fw.instance, 0};
  Nic* nic = inst.nic.get();
  world_.send(fw.request, nic, target.node, target.instance, r.request_bytes,
              ReplyTo{this, f, nic, fw.reply_to.response_bytes, onward});
}

void LoadBalancer::refuse(ForwardId f) {
  // No backend in service: 503.
  world_.observer.rejected_at(id_, world_.requests.get(forwards_[f].request), world_.sim.now());
  forwards_[f].outcome = Outcome::rejected;
  send_reply(f);
}

void LoadBalancer::on_reply(std::uint64_t token, Outcome outcome) {
  const auto f = static_cast<ForwardId>(token);
  Forward& fw = forwards_[f];
  Instance& inst = instances_[fw.instance];
  BackendPool& backends = inst.pools[fw.pool];
  if (fw.holds_load) backends.add_load(fw.backend, -1);
  fw.outcome = outcome;
  if (outcome == Outcome::failed && fw.sent_to_down)
    world_.observer.failed_at_backend(id_, world_.sim.now());
  const std::int64_t bulk =
      outcome == Outcome::completed ? tls_bulk_ns(fw.reply_to.response_bytes) : 0;
  if (bulk > 0) {
    inst.cores->run(SimTime::from_ns(bulk), [this, f] { send_reply(f); });
  } else {
    send_reply(f);
  }
}

void LoadBalancer::send_reply(ForwardId f) {
  const Forward fw = forwards_[f];
  forwards_.release(f);
  const std::int64_t bytes = fw.outcome == Outcome::completed ? fw.reply_to.response_bytes : 0;
  world_.observer.bytes_processed(id_, world_.sim.now(), bytes);
  const SimTime left =
      world_.reply(fw.reply_to, instances_[fw.instance].nic.get(), bytes, fw.outcome);
  world_.observer.visit_finished(id_, fw.instance, world_.requests.get(fw.request), fw.arrived,
                                 world_.sim.now(), left, fw.outcome);
}

void LoadBalancer::connection_closed(std::uint64_t connection, std::uint32_t instance) {
  Instance& inst = instances_[instance];
  const auto it = inst.connections.find(connection);
  if (it == inst.connections.end()) return;  // never accepted (rejected at max_connections)
  if (it->second != kUnassigned) {
    inst.pools[0].add_load(it->second, -1);
    // Layer 4 passed the connection through: its backend closes it too.
    const BackendPool::Backend& b = inst.pools[0].backend(it->second);
    world_.node(b.node).connection_closed(connection, b.instance);
  }
  inst.connections.erase(it);
}

void LoadBalancer::set_health(std::size_t target, bool healthy) {
  for (const auto& [pool, backend] : target_entries_[target])
    for (Instance& inst : instances_) inst.pools[pool].set_in_service(backend, healthy);
  const auto& [pool, backend] = target_entries_[target].front();
  const BackendPool::Backend& b = instances_[0].pools[pool].backend(backend);
  world_.observer.backend_health_changed(id_, b.node, b.instance, healthy, world_.sim.now());
}

}  // namespace tiersim
