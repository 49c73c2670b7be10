// Semantic checks over the AST: what the parser cannot see key by key.
//
// Validation works on any AST, also one built in C++ or one whose parse had
// errors, so it checks ranges and names again rather than trusting the parser;
// an absent value is skipped, not reported twice.
#include <fmt/core.h>

#include <algorithm>
#include <set>

#include "tiersim/core/units.hpp"
#include "tiersim/scenario/parser.hpp"

namespace tiersim {

namespace {

// Each instance keeps its own queues and NIC: a bound keeps a typo
// (instances: 10000000) from exhausting memory before the run starts.
constexpr std::int64_t kMaxInstances = 100'000;

const std::vector<std::string> kNodeKinds = {"service", "load_balancer"};
const std::vector<std::string> kPolicies = {"random", "round_robin", "least_connections"};
const std::vector<std::string> kArrivals = {"poisson", "constant"};

template <typename T>
using Located = ast::Located<T>;

class Validator {
 public:
  explicit Validator(const ast::Scenario& s) : s_(s) {
    for (const auto& n : s.nodes) node_names_.push_back(n.name.value);
    std::set<std::string> seen;
    for (const auto& c : s.clients)
      for (const auto& rc : c.requests)
        if (seen.insert(rc.name.value).second) class_names_.push_back(rc.name.value);
  }

  DiagnosticList run() {
    check_top_level();
    check_unique_names();
    for (const auto& c : s_.clients) check_client(c);
    for (const auto& n : s_.nodes) check_node(n);
    return std::move(d_);
  }

 private:
  void error(const SourceMark& mark, std::string message) { d_.error(mark, std::move(message)); }

  template <typename T>
  void at_least(const std::optional<Located<T>>& v, T low, std::string_view key) {
    if (v && v->value < low)
      error(v->mark, fmt::format("{} must be at least {}, got {}", key, low, v->value));
  }
  template <typename T>
  void above_zero(const std::optional<Located<T>>& v, std::string_view key) {
    if (v && !(v->value > 0))
      error(v->mark, fmt::format("{} must be above zero, got {}", key, v->value));
  }

  // A key the file gives but that did not parse has been reported already.
  static bool spoilt(const ast::SpoiltKeys& keys, std::string_view key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
  }

  void check_top_level() {
    if (!s_.name && !spoilt(s_.spoilt_keys, "name")) error(s_.mark, "missing required key 'name'");
    if (s_.clients.empty()) error(s_.mark, "the scenario has no clients; add a 'clients' section");
    if (s_.nodes.empty()) error(s_.mark, "the scenario has no nodes; add a 'nodes' section");
    if (s_.duration_ns && s_.duration_ns->value <= 0)
      error(s_.duration_ns->mark, fmt::format("duration must be above zero, got '{}'",
                                              format_duration(s_.duration_ns->value)));
    if (s_.warmup_ns && s_.warmup_ns->value < 0)
      error(s_.warmup_ns->mark, "warmup must not be negative");
    // Integer nanoseconds reach 292 years; a century of simulated time
    // leaves room for every event scheduled beyond the window.
    constexpr std::int64_t kCentury = 100LL * 365 * 24 * 3600 * 1'000'000'000;
    for (const auto* t : {&s_.duration_ns, &s_.warmup_ns})
      if (*t && (*t)->value > kCentury)
        error((*t)->mark, fmt::format("'{}' is more than tiersim simulates (at most 100 years)",
                                      format_duration((*t)->value)));
    above_zero(s_.hours_per_month, "hours_per_month");
    at_least<std::int64_t>(s_.limits.max_in_flight, 1, "max_in_flight");
    for (const auto& t : s_.instance_types) check_machine(t.machine);
  }

  // The parser drops a repeated YAML key; an AST built in C++ may still repeat a name.
  void check_unique_names() {
    auto check = [this](std::string_view what, const auto& items, auto name_of) {
      std::set<std::string> seen;
      for (const auto& item : items) {
        const Located<std::string>& name = name_of(item);
        if (!seen.insert(name.value).second)
          error(name.mark, fmt::format("duplicate {} '{}'", what, name.value));
      }
    };
    check(
        "node", s_.nodes, [](const ast::Node& n) -> const auto& { return n.name; });
    check(
        "client", s_.clients, [](const ast::Client& c) -> const auto& { return c.name; });
    check(
        "instance type", s_.instance_types,
        [](const ast::InstanceType& t) -> const auto& { return t.name; });
    for (const auto& c : s_.clients)
      check(
          "request class", c.requests,
          [](const ast::RequestClass& rc) -> const auto& { return rc.name; });
    for (const auto& n : s_.nodes)
      check(
          "handler", n.handlers,
          [](const ast::Handler& h) -> const auto& { return h.request_class; });
  }

  void check_machine(const ast::Machine& m) {
    at_least<std::int64_t>(m.cores, 1, "cores");
    above_zero(m.memory_bytes, "memory");
    above_zero(m.nic_bps, "nic");
    if (m.price_per_hour && m.price_per_hour->value < 0)
      error(m.price_per_hour->mark,
            fmt::format("price_per_hour must not be negative, got {}", m.price_per_hour->value));
  }

  // A reference to a node: it must exist and, from a node, not be the node itself.
  void check_reference(const Located<std::string>& ref, const ast::Node* from,
                       std::string_view self_message) {
    if (from && ref.value == from->name.value) {
      error(ref.mark, fmt::format("{} '{}' {}",
                                  from->kind.value == "load_balancer" ? "load balancer" : "node",
                                  from->name.value, self_message));
      return;
    }
    for (const auto& name : node_names_)
      if (name == ref.value) return;
    std::string hint = did_you_mean(ref.value, node_names_);
    if (hint.empty() && !node_names_.empty()) {
      hint = "; the nodes are ";
      for (std::size_t i = 0; i < node_names_.size(); ++i) hint += (i ? ", " : "") + node_names_[i];
    }
    error(ref.mark, fmt::format("unknown node '{}'{}", ref.value, hint));
  }

  void check_client(const ast::Client& c) {
    const std::string& name = c.name.value;
    const bool open = c.rate_per_second.has_value();
    const bool closed = c.users.has_value();
    if (open && closed)
      error(c.users->mark, fmt::format("client '{}' has both 'rate' (open loop) and 'users' "
                                       "(closed loop); give one of them",
                                       name));
    if (c.think_time && !closed)
      error(c.think_time->mark,
            fmt::format("closed-loop client '{}' has think_time but no users", name));
    else if (!open && !closed && !spoilt(c.spoilt_keys, "rate") && !spoilt(c.spoilt_keys, "users"))
      error(c.name.mark, fmt::format("client '{}' has neither 'rate' (open loop) nor 'users' "
                                     "(closed loop)",
                                     name));
    above_zero(c.rate_per_second, "rate");
    at_least<std::int64_t>(c.users, 1, "users");
    if (c.arrival) {
      if (!open && !spoilt(c.spoilt_keys, "rate"))
        error(c.arrival->mark, fmt::format("client '{}' has 'arrival' but no 'rate'; arrival "
                                           "belongs to open-loop clients",
                                           name));
      else if (open && !contains(kArrivals, c.arrival->value))
        error(c.arrival->mark,
              fmt::format("unknown arrival '{}'{}; expected poisson or constant", c.arrival->value,
                          did_you_mean(c.arrival->value, kArrivals)));
    }
    if (c.target)
      check_reference(*c.target, nullptr, "");
    else if (!spoilt(c.spoilt_keys, "target"))
      error(c.name.mark, fmt::format("client '{}' has no 'target'", name));
    if (c.requests.empty() && !spoilt(c.spoilt_keys, "requests"))
      error(c.requests_mark, fmt::format("client '{}' has no request classes; add at least one "
                                         "under 'requests'",
                                         name));
    for (const auto& rc : c.requests) {
      above_zero(rc.weight, "weight");
      at_least<std::int64_t>(rc.request_bytes, 0, "request_size");
      at_least<std::int64_t>(rc.response_bytes, 0, "response_size");
    }
  }

  void not_for_kind(const SourceMark& mark, std::string_view key, const ast::Node& n) {
    error(mark, fmt::format("key '{}' does not apply to a node of kind '{}'", key, n.kind.value));
  }

  void check_node(const ast::Node& n) {
    at_least<std::int64_t>(n.instances, 1, "instances");
    if (n.instances && n.instances->value > kMaxInstances)
      error(n.instances->mark,
            fmt::format("instances must be at most {}, got {}", kMaxInstances, n.instances->value));
    if (n.machine) check_machine(*n.machine);
    if (n.machine && n.instance_type)
      error(n.instance_type->mark,
            fmt::format("node '{}' has both 'machine' and 'instance_type'; give one of them",
                        n.name.value));
    if (n.kind.value.empty()) {
      if (spoilt(n.spoilt_keys, "kind")) return;
      error(n.name.mark, fmt::format("node '{}' has no 'kind'; expected service or load_balancer",
                                     n.name.value));
    } else if (n.kind.value == "service") {
      check_service(n);
    } else if (n.kind.value == "load_balancer") {
      check_load_balancer(n);
    } else {
      error(n.kind.mark, fmt::format("unknown node kind '{}'{}; expected service or load_balancer",
                                     n.kind.value, did_you_mean(n.kind.value, kNodeKinds)));
    }
  }

  void check_service(const ast::Node& n) {
    if (n.layer) not_for_kind(n.layer->mark, "layer", n);
    if (n.policy) not_for_kind(n.policy->mark, "policy", n);
    if (n.target) not_for_kind(n.target->mark, "target", n);
    at_least<std::int64_t>(n.queue_limit, 0, "queue_limit");
    at_least<std::int64_t>(n.memory_per_request, 0, "memory_per_request");
    if (n.handlers.empty() && !spoilt(n.spoilt_keys, "handle"))
      error(n.name.mark, fmt::format("service '{}' has no handlers; give it a 'handle' section "
                                     "with steps for each request class (or '*')",
                                     n.name.value));
    for (const auto& h : n.handlers) {
      const std::string& cls = h.request_class.value;
      if (cls != "*" && !class_names_.empty() && !contains(class_names_, cls))
        error(h.request_class.mark,
              fmt::format("node '{}' handles request class '{}', which no client sends{}",
                          n.name.value, cls, did_you_mean(cls, class_names_)));
      for (const auto& step : h.steps)
        if (const auto* call = std::get_if<ast::CallStep>(&step.action)) {
          check_reference(call->node, &n, "calls itself");
          at_least<std::int64_t>(call->request_bytes, 0, "request_size");
          at_least<std::int64_t>(call->response_bytes, 0, "response_size");
        }
    }
  }

  void check_load_balancer(const ast::Node& n) {
    if (n.queue_limit) not_for_kind(n.queue_limit->mark, "queue_limit", n);
    if (n.memory_per_request) not_for_kind(n.memory_per_request->mark, "memory_per_request", n);
    // The handlers' own marks are those of their class names, under `handle`.
    if (!n.handlers.empty()) not_for_kind(n.handlers.front().request_class.mark, "handle", n);
    if (n.target)
      check_reference(*n.target, &n, "targets itself");
    else if (!spoilt(n.spoilt_keys, "target"))
      error(n.name.mark, fmt::format("load balancer '{}' has no 'target'", n.name.value));
    if (n.policy && !contains(kPolicies, n.policy->value))
      error(n.policy->mark, fmt::format("unknown policy '{}'{}; expected random, round_robin or "
                                        "least_connections",
                                        n.policy->value, did_you_mean(n.policy->value, kPolicies)));
    if (n.layer && n.layer->value != 4 && n.layer->value != 7)
      error(n.layer->mark, fmt::format("layer must be 4 or 7, got {}", n.layer->value));
  }

  static bool contains(const std::vector<std::string>& v, const std::string& s) {
    for (const auto& x : v)
      if (x == s) return true;
    return false;
  }

  const ast::Scenario& s_;
  std::vector<std::string> node_names_;
  std::vector<std::string> class_names_;  // every class some client sends, in file order
  DiagnosticList d_;
};

}  // namespace

DiagnosticList validate_scenario(const ast::Scenario& scenario) {
  return Validator(scenario).run();
}

}  // namespace tiersim
