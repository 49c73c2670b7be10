#include "tiersim/model/compile.hpp"

#include <fmt/core.h>

#include <map>

namespace tiersim::model {

namespace {

constexpr std::int64_t kDefaultMaxInFlight = 1'000'000;

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

  void collect_classes(Model& m) {
    for (const auto& c : s_.clients) {
      for (const auto& r : c.requests) {
        if (!class_ids_.count(r.name.value)) {
          class_ids_[r.name.value] = static_cast<ClassId>(m.classes.size());
          m.classes.push_back(r.name.value);
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
                                 did_you_mean(n.instance_type->value, catalog_.names())));
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
    if (n.layer) node.layer = static_cast<int>(n.layer->value);
    if (n.policy) {
      if (n.policy->value == "round_robin")
        node.policy = BalancingPolicy::round_robin;
      else if (n.policy->value == "least_connections")
        node.policy = BalancingPolicy::least_connections;
    }
    if (n.target) node.target = node_id(n.target->value);
    node.handlers.resize(m.classes.size());
    const ast::Handler* fallback = nullptr;
    for (const auto& h : n.handlers)
      if (h.request_class.value == "*") fallback = &h;
    for (ClassId c = 0; c < m.classes.size(); ++c) {
      const ast::Handler* chosen = fallback;
      for (const auto& h : n.handlers)
        if (h.request_class.value == m.classes[c]) chosen = &h;
      if (chosen) node.handlers[c] = compile_handler(*chosen, m.classes[c]);
    }
    return node;
  }

  Handler compile_handler(const ast::Handler& h, const std::string& class_name) {
    Handler handler;
    for (std::size_t i = 0; i < h.steps.size(); ++i) {
      Step step;
      step.stream_purpose = fmt::format("handle/{}/{}", class_name, i);
      std::visit(
          [&](const auto& a) {
            using T = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<T, ast::CpuStep>) {
              step.action = CpuStep{a.time.value};
            } else if constexpr (std::is_same_v<T, ast::DelayStep>) {
              step.action = DelayStep{a.time.value};
            } else {
              CallStep call;
              call.node = node_id(a.node.value);
              if (a.request_bytes) call.request_bytes = a.request_bytes->value;
              if (a.response_bytes) call.response_bytes = a.response_bytes->value;
              step.action = call;
            }
          },
          h.steps[i].action);
      handler.push_back(std::move(step));
    }
    return handler;
  }

  Client compile_client(const ast::Client& c) {
    Client client;
    client.name = c.name.value;
    client.closed_loop = c.users.has_value();
    if (c.rate_per_second) client.rate_per_second = c.rate_per_second->value;
    if (c.arrival && c.arrival->value == "constant") client.arrival = Arrival::constant;
    if (c.users) client.users = c.users->value;
    if (c.think_time) client.think_time = c.think_time->value;
    if (c.target) client.target = node_id(c.target->value);
    for (const auto& r : c.requests) {
      RequestMix mix;
      mix.request_class = class_ids_.at(r.name.value);
      if (r.weight) mix.weight = r.weight->value;
      if (r.request_bytes) mix.request_bytes = r.request_bytes->value;
      if (r.response_bytes) mix.response_bytes = r.response_bytes->value;
      client.mix.push_back(mix);
    }
    return client;
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
                                               : fmt::format("{:g}/s", c.rate_per_second);
      m.topology.add_vertex({Topology::VertexKind::client, c.name, detail});
    }
    for (std::size_t i = 0; i < m.clients.size(); ++i)
      m.topology.add_edge({m.nodes.size() + i, m.clients[i].target, Topology::EdgeKind::sends, 0});
    // Call edges are tagged with the index of their step mark in call_marks_,
    // so that a cycle can be reported where it closes.
    for (std::size_t ni = 0; ni < s_.nodes.size(); ++ni) {
      const auto& n = s_.nodes[ni];
      if (n.target) {
        call_marks_.push_back(n.target->mark);
        m.topology.add_edge(
            {ni, node_id(n.target->value), Topology::EdgeKind::forwards, call_marks_.size() - 1});
      }
      std::map<NodeId, bool> seen;  // one edge per callee keeps the graph simple
      for (const auto& h : n.handlers) {
        for (const auto& step : h.steps) {
          const auto* call = std::get_if<ast::CallStep>(&step.action);
          if (!call) continue;
          const NodeId to = node_id(call->node.value);
          if (seen[to]) continue;
          seen[to] = true;
          call_marks_.push_back(call->node.mark);
          m.topology.add_edge({ni, to, Topology::EdgeKind::calls, call_marks_.size() - 1});
        }
      }
    }
    const auto cycle = m.topology.find_cycle();
    if (cycle.empty()) return;
    std::string path = m.nodes[cycle.front().from].name;
    for (const auto& e : cycle) path += " -> " + m.nodes[e.to].name;
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
    if (n.kind == "load_balancer") {
      visit(m, n.target, cls, visited, n.name);
      return;
    }
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
  InstanceCatalog catalog_;
  DiagnosticList diags_;
  std::map<std::string, NodeId> node_ids_;
  std::map<std::string, ClassId> class_ids_;
  std::vector<SourceMark> call_marks_;
};

}  // namespace

CompileOutcome compile(const ast::Scenario& scenario, const InstanceCatalog& catalog) {
  return Compiler(scenario, catalog).run();
}

}  // namespace tiersim::model
