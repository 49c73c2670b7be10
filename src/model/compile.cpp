#include "tiersim/model/compile.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <set>

namespace tiersim::model {

namespace {

constexpr std::int64_t kDefaultMaxInFlight = 1'000'000;

// Whether a route's path pattern takes a request path: an exact path, or a
// prefix ending in '*' ("/static/*" takes "/static/" and all under it).
bool path_matches(const std::string& pattern, const std::string& path) {
  if (!pattern.empty() && pattern.back() == '*')
    return path.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
  return pattern == path;
}

BalancingPolicy policy_of(const std::string& name) {
  if (name == "round_robin") return BalancingPolicy::round_robin;
  if (name == "least_connections") return BalancingPolicy::least_connections;
  if (name == "least_outstanding_requests") return BalancingPolicy::least_outstanding_requests;
  if (name == "power_of_two_choices") return BalancingPolicy::power_of_two_choices;
  if (name == "weighted_random") return BalancingPolicy::weighted_random;
  if (name == "hash") return BalancingPolicy::hash;
  if (name == "ip_hash") return BalancingPolicy::ip_hash;
  if (name == "key_hash") return BalancingPolicy::key_hash;
  return BalancingPolicy::random;
}

class Compiler {
 public:
  Compiler(const ast::Scenario& s, const InstanceCatalog& catalog) : s_(s), catalog_(catalog) {}

  CompileOutcome run() {
    Model m;
    compile_header(m);
    add_instance_types();
    collect_classes(m);
    for (std::size_t i = 0; i < s_.nodes.size(); ++i)
      node_ids_[s_.nodes[i].name.value] = static_cast<NodeId>(i);
    for (const auto& n : s_.nodes) m.nodes.push_back(compile_node(n, m));
    for (const auto& c : s_.clients) m.clients.push_back(compile_client(c));
    compile_failures(m);
    for (const auto& n : m.nodes) {
      if (!n.machine.instance_type.empty() &&
          catalog_.find(n.machine.instance_type)->family != "scenario")
        m.price_source = fmt::format("{}, on-demand prices as of {}", catalog_.region(),
                                     catalog_.prices_as_of());
    }
    build_topology(m);
    if (diags_.empty()) check_handlers(m);
    CompileOutcome out;
    out.diagnostics = std::move(diags_);
    if (out.diagnostics.empty()) out.model = std::move(m);
    return out;
  }

 private:
  void compile_header(Model& m) {
    if (s_.name) m.name = s_.name->value;
    if (s_.description) m.description = s_.description->value;
    if (s_.seed) m.seed = s_.seed->value;
    if (s_.duration_ns) m.duration = SimTime::from_ns(s_.duration_ns->value);
    if (s_.warmup_ns) m.warmup = SimTime::from_ns(s_.warmup_ns->value);
    if (s_.hours_per_month) m.hours_per_month = s_.hours_per_month->value;
    m.max_in_flight =
        s_.limits.max_in_flight ? s_.limits.max_in_flight->value : kDefaultMaxInFlight;
    if (s_.slo && s_.slo->target) {
      Slo slo;
      slo.target = s_.slo->target->value;
      if (s_.slo->latency_ns) slo.latency = SimTime::from_ns(s_.slo->latency_ns->value);
      m.slo = slo;
    }
  }

  void add_instance_types() {
    // A type of the shipped catalog keeps what the scenario does not
    // override; a new type starts from one core, unlimited memory and
    // network, and no price.
    for (const auto& t : s_.instance_types) {
      const InstanceType* shipped = catalog_.find(t.name.value);
      InstanceType type = shipped ? *shipped : InstanceType{};
      type.name = t.name.value;
      if (!shipped) type.vcpus = 1;
      if (t.machine.cores) type.vcpus = t.machine.cores->value;
      if (t.machine.memory_bytes) type.memory_bytes = t.machine.memory_bytes->value;
      if (t.machine.nic_bps) type.network_bps = t.machine.nic_bps->value;
      if (t.machine.price_per_hour) type.price_per_hour = t.machine.price_per_hour->value;
      type.family = "scenario";
      catalog_.put(std::move(type));
    }
  }

  // Classes in order of first mention; a class's path is the first one a
  // client gives (validation checks that the others agree), else "/<name>".
  void collect_classes(Model& m) {
    for (const auto& c : s_.clients) {
      for (const auto& r : c.requests) {
        if (!class_ids_.count(r.name.value)) {
          class_ids_[r.name.value] = static_cast<ClassId>(m.classes.size());
          m.classes.push_back(r.name.value);
          m.class_paths.push_back("/" + r.name.value);
          path_given_.push_back(false);
        }
        const ClassId id = class_ids_[r.name.value];
        if (r.path && !path_given_[id]) {
          m.class_paths[id] = r.path->value;
          path_given_[id] = true;
        }
      }
    }
  }

  Machine compile_machine(const ast::Node& n) {
    Machine machine;
    if (n.instance_type) {
      const InstanceType* t = catalog_.find(n.instance_type->value);
      if (!t) {
        diags_.error(n.instance_type->mark,
                     fmt::format("unknown instance_type '{}'{}", n.instance_type->value,
                                 did_you_mean(n.instance_type->value, catalog_names(), &hints_)));
        return machine;
      }
      machine.cores = t->vcpus;
      // A custom type that leaves memory or network out has them unlimited.
      if (t->memory_bytes > 0) machine.memory_bytes = t->memory_bytes;
      if (t->network_bps > 0) machine.nic_bps = t->network_bps;
      machine.price_per_hour = t->price_per_hour;
      machine.instance_type = t->name;
    } else if (n.machine) {
      if (n.machine->cores) machine.cores = n.machine->cores->value;
      if (n.machine->memory_bytes) machine.memory_bytes = n.machine->memory_bytes->value;
      if (n.machine->nic_bps) machine.nic_bps = n.machine->nic_bps->value;
      if (n.machine->price_per_hour) machine.price_per_hour = n.machine->price_per_hour->value;
    }
    return machine;
  }

  Node compile_node(const ast::Node& n, const Model& m) {
    Node node;
    node.name = n.name.value;
    node.kind = n.kind.value;
    if (n.instances) node.instances = n.instances->value;
    node.machine = compile_machine(n);
    if (n.queue_limit) node.queue_limit = n.queue_limit->value;
    if (n.memory_per_request) {
      node.memory_per_request = n.memory_per_request->value;
      if (node.machine.memory_bytes && node.memory_per_request > *node.machine.memory_bytes)
        diags_.error(n.memory_per_request->mark,
                     fmt::format("memory_per_request ({} bytes) is more than the memory of one "
                                 "instance of '{}' ({} bytes): no request could ever be admitted",
                                 node.memory_per_request, node.name, *node.machine.memory_bytes));
    }
    node.handlers.resize(m.classes.size());
    const ast::Handler* fallback = nullptr;
    for (const auto& h : n.handlers)
      if (h.request_class.value == "*") fallback = &h;
    for (ClassId c = 0; c < m.classes.size(); ++c) {
      const ast::Handler* chosen = fallback;
      for (const auto& h : n.handlers)
        if (h.request_class.value == m.classes[c]) chosen = &h;
      if (chosen)
        node.handlers[c] = compile_steps(chosen->steps, fmt::format("handle/{}/", m.classes[c]));
    }
    if (node.kind == "service") compile_sessions(n, node);
    if (n.rate_limit) {
      RateLimit rl;
      if (n.rate_limit->rate) rl.rate = n.rate_limit->rate->value;
      if (n.rate_limit->burst) rl.burst = n.rate_limit->burst->value;
      if (n.rate_limit->per)
        rl.per = n.rate_limit->per->value == "user"     ? RateLimit::Per::user
                 : n.rate_limit->per->value == "client" ? RateLimit::Per::client
                                                        : RateLimit::Per::global;
      node.rate_limit = rl;
    }
    if (node.kind == "load_balancer") compile_load_balancer(n, node, m);
    if (node.kind == "queue") {
      QueueSpec q;
      if (n.consumers) q.consumers = node_id(n.consumers->value);
      if (n.concurrency) q.concurrency = n.concurrency->value;
      if (n.capacity) q.capacity = n.capacity->value;
      if (n.visibility_timeout_ns)
        q.visibility_timeout = SimTime::from_ns(n.visibility_timeout_ns->value);
      if (n.max_receives) q.max_receives = n.max_receives->value;
      if (n.dead_letter) q.dead_letter = node_id(n.dead_letter->value);
      if (n.persist_ns) q.persist = SimTime::from_ns(n.persist_ns->value);
      q.block_when_full = n.when_full && n.when_full->value == "block";
      q.fifo = n.ordering && n.ordering->value == "fifo";
      if (n.message_cpu) q.message_cpu = n.message_cpu->value;
      if (n.receive_batch) q.receive_batch = n.receive_batch->value;
      if (n.receive_wait_ns) q.receive_wait = SimTime::from_ns(n.receive_wait_ns->value);
      if (n.poll_interval_ns) q.poll_interval = SimTime::from_ns(n.poll_interval_ns->value);
      if (n.price_per_million_requests)
        q.price_per_million_requests = n.price_per_million_requests->value;
      node.queue = q;
    }
    return node;
  }

  void compile_sessions(const ast::Node& n, Node& node) {
    if (n.state && n.state->value == "local") node.state = SessionState::local;
    if (n.state && n.state->value == "external") node.state = SessionState::external;
    if (n.session_bytes) {
      node.session_bytes = n.session_bytes->value;
      if (node.machine.memory_bytes && node.session_bytes > *node.machine.memory_bytes)
        diags_.error(n.session_bytes->mark,
                     fmt::format("session_size ({} bytes) is more than the memory of one "
                                 "instance of '{}' ({} bytes): no session could ever be stored",
                                 node.session_bytes, node.name, *node.machine.memory_bytes));
    }
    if (n.session_timeout_ns) node.session_timeout = SimTime::from_ns(n.session_timeout_ns->value);
    if (n.session_miss) node.session_miss = compile_steps(n.session_miss->value, "session_miss/");
    if (n.session_store && node.state == SessionState::external) {
      const CallStep store = compile_call(n.session_store->call);
      node.session_store = store.node;
      // Every request asks the store first: the call opens each handler.
      for (auto& handler : node.handlers)
        if (handler) handler->insert(handler->begin(), Step{store, "session_store"});
    }
  }

  void compile_load_balancer(const ast::Node& n, Node& node, const Model& m) {
    if (n.layer) node.layer = static_cast<int>(n.layer->value);
    if (n.policy) node.policy = policy_of(n.policy->value);
    // Pool 0 is the target (empty when there is none); each route's list
    // adds a pool unless an identical list is already one.
    auto ids = [this](const ast::Targets& t) {
      std::vector<NodeId> out;
      for (const auto& ref : t.nodes) out.push_back(node_id(ref.value));
      return out;
    };
    node.pools.push_back(n.target ? ids(*n.target) : std::vector<NodeId>{});
    std::vector<std::uint32_t> route_pool;
    if (n.routes) {
      for (const auto& route : n.routes->value) {
        const std::vector<NodeId> pool = route.target ? ids(*route.target) : std::vector<NodeId>{};
        auto it = std::find(node.pools.begin(), node.pools.end(), pool);
        if (it == node.pools.end()) it = node.pools.insert(node.pools.end(), pool);
        route_pool.push_back(static_cast<std::uint32_t>(it - node.pools.begin()));
      }
    }
    node.pool_of_class.assign(m.classes.size(), n.target ? 0 : kNoPool);
    for (ClassId c = 0; c < m.classes.size(); ++c) {
      for (std::size_t r = 0; r < route_pool.size(); ++r) {
        const ast::Route& route = n.routes->value[r];
        if (route.path && !path_matches(route.path->value, m.class_paths[c])) continue;
        if (route.request_class && route.request_class->value != m.classes[c]) continue;
        node.pool_of_class[c] = route_pool[r];
        break;
      }
    }
    if (n.sticky) node.sticky = n.sticky->value;
    if (n.max_connections) node.max_connections = n.max_connections->value;
    if (n.connection_cpu) node.connection_cpu = n.connection_cpu->value;
    if (n.request_cpu) node.request_cpu = n.request_cpu->value;
    if (n.tls) {
      Tls tls;
      if (n.tls->handshake_cpu) tls.handshake_cpu = n.tls->handshake_cpu->value;
      if (n.tls->bulk_bps) tls.bulk_bps = n.tls->bulk_bps->value;
      node.tls = tls;
    }
    if (n.price_per_gb) node.price_per_gb = n.price_per_gb->value;
    if (n.health_check) {
      HealthCheck hc;
      const ast::HealthCheck& a = *n.health_check;
      if (a.interval_ns) hc.interval = SimTime::from_ns(a.interval_ns->value);
      if (a.timeout_ns) hc.timeout = SimTime::from_ns(a.timeout_ns->value);
      if (a.unhealthy_threshold) hc.unhealthy_threshold = a.unhealthy_threshold->value;
      if (a.healthy_threshold) hc.healthy_threshold = a.healthy_threshold->value;
      node.health_check = hc;
    }
  }

  CallStep compile_call(const ast::CallStep& a) const {
    CallStep call;
    call.node = node_id(a.node.value);
    if (a.request_bytes) call.request_bytes = a.request_bytes->value;
    if (a.response_bytes) call.response_bytes = a.response_bytes->value;
    return call;
  }

  // Steps with stream purposes "<prefix><index>".
  Handler compile_steps(const std::vector<ast::Step>& steps, const std::string& prefix) const {
    Handler handler;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      Step step;
      step.stream_purpose = fmt::format("{}{}", prefix, i);
      std::visit(
          [&](const auto& a) {
            using T = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<T, ast::CpuStep>) {
              step.action = CpuStep{a.time.value};
            } else if constexpr (std::is_same_v<T, ast::DelayStep>) {
              step.action = DelayStep{a.time.value};
            } else if constexpr (std::is_same_v<T, ast::FailStep>) {
              step.action = FailStep{a.probability.value};
            } else {
              step.action = compile_call(a);
            }
          },
          steps[i].action);
      handler.push_back(std::move(step));
    }
    return handler;
  }

  static Crowd compile_crowd(const ast::ShapeItem& item) {
    Crowd crowd;
    const std::string& kind = item.kind.value;
    crowd.kind = kind == "step"     ? Crowd::Kind::step
                 : kind == "spike"  ? Crowd::Kind::spike
                 : kind == "ramp"   ? Crowd::Kind::ramp
                 : kind == "bursts" ? Crowd::Kind::bursts
                 : kind == "daily"  ? Crowd::Kind::daily
                                    : Crowd::Kind::deadline;
    if (item.rate) crowd.rate = item.rate->value;
    const auto time = [](const std::optional<ast::Located<std::int64_t>>& v, SimTime& out) {
      if (v) out = SimTime::from_ns(v->value);
    };
    time(item.at_ns, crowd.at);
    time(item.length_ns, crowd.length);
    time(item.from_ns, crowd.from);
    time(item.to_ns, crowd.to);
    time(item.every_ns, crowd.every);
    time(item.first_ns, crowd.first);
    time(item.period_ns, crowd.period);
    time(item.peak_at_ns, crowd.peak_at);
    time(item.half_life_ns, crowd.half_life);
    return crowd;
  }

  // The trace's arrivals; their classes become mix indices in
  // resolve_trace_classes(), once the mix is built.
  static void compile_trace(const ast::ArrivalTrace& t, Client& client) {
    client.replay = true;
    client.trace.reserve(t.rows.size());
    for (const ast::TraceRow& row : t.rows) {
      TraceArrival a;
      a.at = SimTime::from_ns(row.time_ns);
      a.request_bytes = row.request_bytes;
      a.response_bytes = row.response_bytes;
      a.user = row.user;
      a.key = row.key;
      // A trace's users are a population of their own.
      client.population = std::max(client.population, row.user + 1);
      client.trace.push_back(a);
    }
  }

  // The mix index of each trace class (validation made them all known).
  void resolve_trace_classes(const ast::ArrivalTrace& t, Client& client) const {
    if (!t.has_class_column) return;
    std::vector<std::uint32_t> mix_of(t.classes.size(), 0);
    for (std::size_t k = 0; k < t.classes.size(); ++k)
      for (std::uint32_t i = 0; i < client.mix.size(); ++i)
        if (client.mix[i].request_class == class_ids_.at(t.classes[k])) mix_of[k] = i;
    for (std::size_t i = 0; i < t.rows.size(); ++i)
      client.trace[i].mix = mix_of[t.rows[i].request_class];
  }

  Client compile_client(const ast::Client& c) {
    Client client;
    client.name = c.name.value;
    client.closed_loop = c.users.has_value();
    if (c.rate_per_second) client.rate_per_second = c.rate_per_second->value;
    if (c.arrival && c.arrival->value == "constant") client.arrival = Arrival::constant;
    for (const ast::ShapeItem& item : c.shape) client.shape.push_back(compile_crowd(item));
    if (c.users) client.users = c.users->value;
    if (c.think_time) client.think_time = c.think_time->value;
    if (c.target) client.target = node_id(c.target->value);
    if (c.population) client.population = c.population->value;
    if (c.trace) compile_trace(*c.trace, client);
    if (c.connection) {
      if (c.connection->keep_alive_ns)
        client.connection.keep_alive = SimTime::from_ns(c.connection->keep_alive_ns->value);
      if (c.connection->per_user) client.connection.per_user = c.connection->per_user->value;
    }
    if (c.session) {
      if (c.session->length) client.session.length = c.session->length->value;
      if (c.session->idle_timeout_ns)
        client.session.idle_timeout = SimTime::from_ns(c.session->idle_timeout_ns->value);
    }
    if (c.timeout_ns) client.timeout = SimTime::from_ns(c.timeout_ns->value);
    if (c.circuit_breaker) {
      CircuitBreakerPolicy cb;
      if (c.circuit_breaker->failures) cb.failures = c.circuit_breaker->failures->value;
      if (c.circuit_breaker->open_for_ns)
        cb.open_for = SimTime::from_ns(c.circuit_breaker->open_for_ns->value);
      if (c.circuit_breaker->probes) cb.probes = c.circuit_breaker->probes->value;
      client.circuit_breaker = cb;
    }
    if (c.retry) {
      const ast::Retry& r = *c.retry;
      RetryPolicy& p = client.retry;
      if (r.attempts) p.attempts = r.attempts->value;
      if (r.backoff_ns) p.backoff = SimTime::from_ns(r.backoff_ns->value);
      if (r.multiplier) p.multiplier = r.multiplier->value;
      if (r.max_backoff_ns) p.max_backoff = SimTime::from_ns(r.max_backoff_ns->value);
      if (r.jitter)
        p.jitter = r.jitter->value == "full"    ? Jitter::full
                   : r.jitter->value == "equal" ? Jitter::equal
                                                : Jitter::none;
      if (r.budget) p.budget = r.budget->value;
    }
    for (const auto& r : c.requests) {
      RequestMix mix;
      mix.request_class = class_ids_.at(r.name.value);
      if (r.weight) mix.weight = r.weight->value;
      if (r.request_bytes) mix.request_bytes = r.request_bytes->value;
      if (r.response_bytes) mix.response_bytes = r.response_bytes->value;
      if (r.keys && r.keys->count) {
        KeySpace keys;
        keys.count = static_cast<std::uint64_t>(r.keys->count->value);
        if (r.keys->zipf) {
          keys.kind = KeySpace::Kind::zipf;
          keys.exponent = r.keys->zipf->value;
        } else if (r.keys->hot && r.keys->hot_keys && r.keys->hot_share) {
          keys.kind = KeySpace::Kind::hot_set;
          keys.hot_keys = r.keys->hot_keys->value;
          keys.hot_share = r.keys->hot_share->value;
        }
        mix.keys = keys;
      }
      client.mix.push_back(mix);
    }
    if (c.trace) resolve_trace_classes(*c.trace, client);
    return client;
  }

  // In time order; faults at the same time keep their file order.
  void compile_failures(Model& m) {
    for (const auto& f : s_.failures) {
      if (f.slowdown) {
        Slowdown slow;
        slow.node = node_id(f.node->value);
        slow.factor = f.slowdown->value;
        slow.at = SimTime::from_ns(f.at_ns->value);
        if (f.restore_ns) slow.restore = SimTime::from_ns(f.restore_ns->value);
        m.slowdowns.push_back(slow);
        continue;
      }
      InstanceOutage outage;
      outage.node = node_id(f.node->value);
      outage.instance = static_cast<std::uint32_t>(f.instance->value);
      outage.at = SimTime::from_ns(f.at_ns->value);
      if (f.restore_ns) outage.restore = SimTime::from_ns(f.restore_ns->value);
      m.outages.push_back(outage);
    }
    std::stable_sort(m.outages.begin(), m.outages.end(),
                     [](const InstanceOutage& a, const InstanceOutage& b) { return a.at < b.at; });
    std::stable_sort(m.slowdowns.begin(), m.slowdowns.end(),
                     [](const Slowdown& a, const Slowdown& b) { return a.at < b.at; });
  }

  // Vertices: nodes first (vertex id == NodeId), then clients.
  void build_topology(Model& m) {
    for (const auto& n : m.nodes) {
      std::string detail = n.kind;
      if (n.instances > 1) detail += fmt::format(" x{}", n.instances);
      if (!n.machine.instance_type.empty()) detail += ", " + n.machine.instance_type;
      m.topology.add_vertex({Topology::VertexKind::node, n.name, detail});
    }
    for (const auto& c : m.clients) {
      const std::string detail = c.closed_loop ? fmt::format("{} users", c.users)
                                 : c.replay    ? fmt::format("trace of {} arrivals", c.trace.size())
                                 : c.shape.empty()
                                     ? fmt::format("{:g}/s", c.rate_per_second)
                                     : fmt::format("{:g}/s, shaped", c.rate_per_second);
      m.topology.add_vertex({Topology::VertexKind::client, c.name, detail});
    }
    for (std::size_t i = 0; i < m.clients.size(); ++i)
      m.topology.add_edge({m.nodes.size() + i, m.clients[i].target, Topology::EdgeKind::sends, 0});
    // Call edges are tagged with the index of their step mark in call_marks_,
    // so that a cycle can be reported where it closes.
    for (std::size_t ni = 0; ni < s_.nodes.size(); ++ni) {
      const auto& n = s_.nodes[ni];
      std::set<NodeId> seen;  // one edge per callee keeps the graph simple
      auto edge = [&](const ast::Located<std::string>& to_name, Topology::EdgeKind kind) {
        const NodeId to = node_id(to_name.value);
        if (!seen.insert(to).second) return;
        call_marks_.push_back(to_name.mark);
        m.topology.add_edge({ni, to, kind, call_marks_.size() - 1});
      };
      auto calls_of = [&](const std::vector<ast::Step>& steps) {
        for (const auto& step : steps)
          if (const auto* call = std::get_if<ast::CallStep>(&step.action))
            edge(call->node, Topology::EdgeKind::calls);
      };
      if (m.nodes[ni].kind == "queue") {
        // Deliveries are asynchronous: they never make a cycle of waiting.
        if (n.consumers) edge(*n.consumers, Topology::EdgeKind::delivers);
        if (n.dead_letter) edge(*n.dead_letter, Topology::EdgeKind::dead_letters);
        continue;
      }
      if (m.nodes[ni].kind == "load_balancer") {
        if (n.target)
          for (const auto& to : n.target->nodes) edge(to, Topology::EdgeKind::forwards);
        if (n.routes)
          for (const auto& route : n.routes->value)
            if (route.target)
              for (const auto& to : route.target->nodes) edge(to, Topology::EdgeKind::forwards);
        continue;
      }
      if (m.nodes[ni].state == SessionState::external && n.session_store)
        edge(n.session_store->call.node, Topology::EdgeKind::calls);
      for (const auto& h : n.handlers) calls_of(h.steps);
      if (n.session_miss) calls_of(n.session_miss->value);
    }
    const auto cycle = m.topology.find_cycle();
    if (cycle.empty()) return;
    std::string path = m.nodes[cycle.front().from].name;
    for (const auto& e : cycle) path += " -> " + m.nodes[e.to].name;
    const auto through_queue = std::find_if(cycle.begin(), cycle.end(), [](const auto& e) {
      return e.kind == Topology::EdgeKind::delivers || e.kind == Topology::EdgeKind::dead_letters;
    });
    if (through_queue != cycle.end()) {
      diags_.error(call_marks_[cycle.back().tag],
                   fmt::format("cycle through queue '{}': {}; every message would make another "
                               "and they would circle forever",
                               m.nodes[through_queue->from].name, path));
      return;
    }
    diags_.error(call_marks_[cycle.back().tag],
                 fmt::format("cycle of synchronous calls: {}; a request would wait on itself "
                             "forever (use a queue for work that goes back upstream)",
                             path));
  }

  // Walks each client's classes through the nodes they reach: every service
  // on the way needs a handler for the class.
  void check_handlers(const Model& m) {
    for (std::size_t ci = 0; ci < m.clients.size(); ++ci) {
      for (const auto& mix : m.clients[ci].mix) {
        std::vector<bool> visited(m.nodes.size(), false);
        visit(m, m.clients[ci].target, mix.request_class, visited, s_.clients[ci].name.value);
      }
    }
  }

  void visit(const Model& m, NodeId id, ClassId cls, std::vector<bool>& visited,
             const std::string& via) {
    if (visited[id]) return;
    visited[id] = true;
    const Node& n = m.nodes[id];
    if (n.queue) {
      // A message keeps its class: the consumers need a handler for it, and
      // so does a dead-letter queue's consumers.
      visit(m, n.queue->consumers, cls, visited, n.name);
      if (n.queue->dead_letter) visit(m, *n.queue->dead_letter, cls, visited, n.name);
      return;
    }
    if (n.kind == "load_balancer") {
      const std::uint32_t pool = n.pool_of_class[cls];
      if (pool == kNoPool) {
        if (unrouted_.insert({id, cls}).second)
          diags_.error(s_.nodes[id].name.mark,
                       fmt::format("request class '{}' (path {}) matches no route of load "
                                   "balancer '{}' and it has no target",
                                   m.classes[cls], m.class_paths[cls], n.name));
        return;
      }
      for (const NodeId backend : n.pools[pool]) visit(m, backend, cls, visited, n.name);
      return;
    }
    // A miss runs before the handler, whatever the class.
    for (const auto& step : n.session_miss)
      if (const auto* call = std::get_if<CallStep>(&step.action))
        visit(m, call->node, cls, visited, n.name);
    if (!n.handlers[cls]) {
      const auto& an = s_.nodes[id];
      diags_.error(
          an.name.mark,
          fmt::format("service '{}' has no handler for request class '{}', which reaches "
                      "it from '{}' (add a 'handle: {{{}: [...]}}' entry or a '*' handler)",
                      n.name, m.classes[cls], via, m.classes[cls]));
      return;
    }
    for (const auto& step : *n.handlers[cls])
      if (const auto* call = std::get_if<CallStep>(&step.action))
        visit(m, call->node, cls, visited, n.name);
  }

  NodeId node_id(const std::string& name) const {
    auto it = node_ids_.find(name);
    return it == node_ids_.end() ? 0 : it->second;
  }

  const ast::Scenario& s_;
  // The catalog's names, listed once, for did-you-mean hints.
  const std::vector<std::string>& catalog_names() {
    if (catalog_names_.empty()) catalog_names_ = catalog_.names();
    return catalog_names_;
  }

  InstanceCatalog catalog_;
  std::vector<std::string> catalog_names_;
  HintBudget hints_;
  DiagnosticList diags_;
  std::map<std::string, NodeId> node_ids_;
  std::map<std::string, ClassId> class_ids_;
  std::vector<bool> path_given_;  // by ClassId: a client gave the class's path
  std::vector<SourceMark> call_marks_;
  std::set<std::pair<NodeId, ClassId>> unrouted_;  // reported: no pool for the class
};

}  // namespace

CompileOutcome compile(const ast::Scenario& scenario, const InstanceCatalog& catalog) {
  return Compiler(scenario, catalog).run();
}

}  // namespace tiersim::model
