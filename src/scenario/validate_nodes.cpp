// Semantic checks of nodes: services (handlers, sessions) and load balancers
// (targets, routes, policies, layer, health checks).
#include <fmt/core.h>

#include <set>

#include "tiersim/core/units.hpp"
#include "validator.hpp"

namespace tiersim::scenario_validate {

namespace {

// Each instance keeps its own queues and NIC: a bound keeps a typo
// (instances: 10000000) from exhausting memory before the run starts.
constexpr std::int64_t kMaxInstances = 100'000;
// A consumer slot holds at most this many received messages (SQS allows 10).
constexpr std::int64_t kMaxReceiveBatch = 10'000;
// Each consumer slot of a queue is kept in memory from the start.
constexpr std::int64_t kMaxConsumerSlots = 1'000'000;

const std::vector<std::string> kNodeKinds = {"service", "load_balancer", "queue"};
const std::vector<std::string> kPolicies = {"random",
                                            "round_robin",
                                            "least_connections",
                                            "least_outstanding_requests",
                                            "power_of_two_choices",
                                            "weighted_random",
                                            "hash",
                                            "ip_hash",
                                            "key_hash"};
const std::vector<std::string> kStates = {"none", "local", "external"};

constexpr std::string_view kOnlyLayer7 =
    "applies only to a layer-7 load balancer: a layer-4 balancer sees only connections, not "
    "requests";

// A route's path pattern: an exact path, or a prefix ending in '*'.
std::string pattern_problem(const std::string& pattern) {
  if (pattern.empty() || pattern[0] != '/') return "must start with '/'";
  if (pattern.find_first_of(" \t\r\n") != std::string::npos) return "must not contain spaces";
  const auto star = pattern.find('*');
  if (star != std::string::npos && star + 1 != pattern.size())
    return "may have '*' only at its end (a prefix, as in /static/*)";
  return "";
}

}  // namespace

void Validator::not_for_kind(const SourceMark& mark, std::string_view key, const ast::Node& n) {
  error(mark, fmt::format("key '{}' does not apply to a node of kind '{}'", key, n.kind.value));
}

// Keys that belong to some kinds of node only: one table, so that a new key
// or kind is one line here.
void Validator::check_kind_keys(const ast::Node& n) {
  enum : unsigned { kService = 1, kBalancer = 2, kQueue = 4 };
  const auto at = [](const auto& v) -> std::optional<SourceMark> {
    if (v) return v->mark;
    return std::nullopt;
  };
  // The handlers' own marks are those of their class names, under `handle`.
  const std::optional<SourceMark> handle =
      n.handlers.empty() ? std::nullopt
                         : std::optional<SourceMark>(n.handlers.front().request_class.mark);
  const struct {
    const char* key;
    std::optional<SourceMark> mark;
    unsigned kinds;
  } keys[] = {
      {"queue_limit", at(n.queue_limit), kService},
      {"memory_per_request", at(n.memory_per_request), kService},
      {"handle", handle, kService},
      {"state", at(n.state), kService},
      {"session_size", at(n.session_bytes), kService},
      {"session_timeout", at(n.session_timeout_ns), kService},
      {"session_miss", at(n.session_miss), kService},
      {"session_store", at(n.session_store), kService},
      {"rate_limit", at(n.rate_limit), kService | kBalancer},
      {"layer", at(n.layer), kBalancer},
      {"policy", at(n.policy), kBalancer},
      {"target", at(n.target), kBalancer},
      {"routes", at(n.routes), kBalancer},
      {"sticky", at(n.sticky), kBalancer},
      {"max_connections", at(n.max_connections), kBalancer},
      {"connection_cpu", at(n.connection_cpu), kBalancer},
      {"request_cpu", at(n.request_cpu), kBalancer},
      {"tls", at(n.tls), kBalancer},
      {"price_per_gb", at(n.price_per_gb), kBalancer},
      {"health_check", at(n.health_check), kBalancer},
      {"consumers", at(n.consumers), kQueue},
      {"concurrency", at(n.concurrency), kQueue},
      {"capacity", at(n.capacity), kQueue},
      {"visibility_timeout", at(n.visibility_timeout_ns), kQueue},
      {"max_receives", at(n.max_receives), kQueue},
      {"dead_letter", at(n.dead_letter), kQueue},
      {"persist", at(n.persist_ns), kQueue},
      {"when_full", at(n.when_full), kQueue},
      {"ordering", at(n.ordering), kQueue},
      {"message_cpu", at(n.message_cpu), kQueue},
      {"receive_batch", at(n.receive_batch), kQueue},
      {"receive_wait", at(n.receive_wait_ns), kQueue},
      {"poll_interval", at(n.poll_interval_ns), kQueue},
      {"price_per_million_requests", at(n.price_per_million_requests), kQueue},
  };
  const unsigned kind = n.kind.value == "service"         ? kService
                        : n.kind.value == "load_balancer" ? kBalancer
                                                          : kQueue;
  for (const auto& k : keys)
    if (k.mark && !(k.kinds & kind)) not_for_kind(*k.mark, k.key, n);
}

void Validator::check_node(const ast::Node& n) {
  at_least<std::int64_t>(n.instances, 1, "instances");
  if (n.instances && n.instances->value > kMaxInstances)
    error(n.instances->mark,
          fmt::format("instances must be at most {}, got {}", kMaxInstances, n.instances->value));
  if (n.machine) check_machine(*n.machine);
  if (n.rate_limit) check_rate_limit(*n.rate_limit, n);
  if (n.machine && n.instance_type)
    error(n.instance_type->mark,
          fmt::format("node '{}' has both 'machine' and 'instance_type'; give one of them",
                      n.name.value));
  if (n.kind.value.empty()) {
    if (spoilt(n.spoilt_keys, "kind")) return;
    error(n.name.mark,
          fmt::format("node '{}' has no 'kind'; expected service, load_balancer or queue",
                      n.name.value));
  } else if (n.kind.value == "service") {
    check_kind_keys(n);
    check_service(n);
  } else if (n.kind.value == "queue") {
    check_kind_keys(n);
    check_queue(n);
  } else if (n.kind.value == "load_balancer") {
    check_kind_keys(n);
    check_load_balancer(n);
  } else {
    error(n.kind.mark, fmt::format("unknown node kind '{}'{}; expected service, load_balancer or "
                                   "queue",
                                   n.kind.value, did_you_mean(n.kind.value, kNodeKinds, &hints_)));
  }
}

void Validator::check_call(const ast::CallStep& call, const ast::Node& n,
                           std::string_view self_message) {
  check_reference(call.node, &n, self_message);
  at_least<std::int64_t>(call.request_bytes, 0, call.publish ? "message_size" : "request_size");
  at_least<std::int64_t>(call.response_bytes, 0, "response_size");
  const ast::Node* to = find_node(call.node.value);
  if (!to) return;
  const bool queue = to->kind.value == "queue";
  if (call.publish && !queue && !to->kind.value.empty())
    error(call.node.mark, fmt::format("'publish' needs a queue, but '{}' is a {}; call it instead",
                                      call.node.value, to->kind.value));
  if (!call.publish && queue)
    error(call.node.mark, fmt::format("'{}' is a queue: publish to it ('- publish: {}') instead "
                                      "of calling it",
                                      call.node.value, call.node.value));
}

void Validator::check_steps(const std::vector<ast::Step>& steps, const ast::Node& n) {
  for (const auto& step : steps) {
    if (const auto* call = std::get_if<ast::CallStep>(&step.action))
      check_call(*call, n, "calls itself");
    if (const auto* fail = std::get_if<ast::FailStep>(&step.action))
      between(std::optional<Located<double>>(fail->probability), 0.0, 1.0, "fail");
  }
}

void Validator::check_queue(const ast::Node& n) {
  if (!n.consumers) {
    if (!spoilt(n.spoilt_keys, "consumers"))
      error(n.name.mark, fmt::format("queue '{}' has no 'consumers' (the service whose instances "
                                     "receive its messages)",
                                     n.name.value));
  } else {
    check_reference(*n.consumers, &n, "consumes its own messages");
    const ast::Node* c = find_node(n.consumers->value);
    if (c && !c->kind.value.empty() && c->kind.value != "service")
      error(n.consumers->mark, fmt::format("the consumers of queue '{}' must be a service, but "
                                           "'{}' is a {}",
                                           n.name.value, c->name.value, c->kind.value));
    const std::int64_t instances = c && c->instances ? c->instances->value : 1;
    if (n.concurrency && n.concurrency->value >= 1 && instances >= 1 &&
        n.concurrency->value > kMaxConsumerSlots / instances)
      error(n.concurrency->mark,
            fmt::format("queue '{}' would have more than {} consumer slots (concurrency {} x "
                        "{} instances of '{}'), the most allowed",
                        n.name.value, kMaxConsumerSlots, n.concurrency->value, instances,
                        n.consumers->value));
  }
  if (n.dead_letter) {
    check_reference(*n.dead_letter, &n, "is its own dead-letter queue");
    const ast::Node* d = find_node(n.dead_letter->value);
    if (d && d != &n && !d->kind.value.empty() && d->kind.value != "queue")
      error(n.dead_letter->mark, fmt::format("the dead_letter of queue '{}' must be a queue, but "
                                             "'{}' is a {}",
                                             n.name.value, d->name.value, d->kind.value));
  }
  at_least<std::int64_t>(n.concurrency, 1, "concurrency");
  at_least<std::int64_t>(n.capacity, 1, "capacity");
  duration_above_zero(n.visibility_timeout_ns, "visibility_timeout");
  at_least<std::int64_t>(n.max_receives, 1, "max_receives");
  duration_not_negative(n.persist_ns, "persist");
  if (n.when_full && n.when_full->value != "reject" && n.when_full->value != "block")
    error(n.when_full->mark,
          fmt::format("unknown when_full '{}'{}; expected reject or block", n.when_full->value,
                      did_you_mean(n.when_full->value, {"reject", "block"}, &hints_)));
  if (n.ordering && n.ordering->value != "standard" && n.ordering->value != "fifo")
    error(n.ordering->mark,
          fmt::format("unknown ordering '{}'{}; expected standard or fifo", n.ordering->value,
                      did_you_mean(n.ordering->value, {"standard", "fifo"}, &hints_)));
  between<std::int64_t>(n.receive_batch, 1, kMaxReceiveBatch, "receive_batch");
  duration_not_negative(n.receive_wait_ns, "receive_wait");
  duration_above_zero(n.poll_interval_ns, "poll_interval");
  if (n.poll_interval_ns && !(n.receive_wait_ns && n.receive_wait_ns->value == 0))
    error(n.poll_interval_ns->mark,
          fmt::format("queue '{}' has a poll_interval but long polling (receive_wait {}); "
                      "poll_interval is the pause between short polls: give 'receive_wait: 0s' "
                      "or drop it",
                      n.name.value, n.receive_wait_ns ? "as given" : "20s by default"));
  not_negative(n.price_per_million_requests, "price_per_million_requests");
  if (n.when_full && n.when_full->value == "block" && !n.capacity)
    error(n.when_full->mark,
          fmt::format("queue '{}' blocks when full but has no 'capacity'", n.name.value));
}

void Validator::check_service(const ast::Node& n) {
  at_least<std::int64_t>(n.queue_limit, 0, "queue_limit");
  at_least<std::int64_t>(n.memory_per_request, 0, "memory_per_request");
  if (n.handlers.empty() && !spoilt(n.spoilt_keys, "handle"))
    error(n.name.mark, fmt::format("service '{}' has no handlers; give it a 'handle' section "
                                   "with steps for each request class (or '*')",
                                   n.name.value));
  for (const auto& h : n.handlers) {
    const std::string& cls = h.request_class.value;
    if (cls != "*" && !class_names_.empty() && !class_set_.count(cls))
      error(h.request_class.mark,
            fmt::format("node '{}' handles request class '{}', which no client sends{}",
                        n.name.value, cls, did_you_mean(cls, class_names_, &hints_)));
    check_steps(h.steps, n);
  }
  check_sessions(n);
}

void Validator::check_sessions(const ast::Node& n) {
  if (n.state && !contains(kStates, n.state->value)) {
    error(n.state->mark,
          fmt::format("unknown state '{}'{}; expected none, local or external", n.state->value,
                      did_you_mean(n.state->value, kStates, &hints_)));
    return;  // which session keys belong is unknown
  }
  if (!n.state && spoilt(n.spoilt_keys, "state")) return;
  const std::string state = n.state ? n.state->value : "none";
  auto only_for = [&](const SourceMark& mark, std::string_view key, std::string_view wanted) {
    error(mark, fmt::format("key '{}' applies only to a service with state: {}", key, wanted));
  };
  if (state != "local") {
    if (n.session_bytes) only_for(n.session_bytes->mark, "session_size", "local");
    if (n.session_timeout_ns) only_for(n.session_timeout_ns->mark, "session_timeout", "local");
    if (n.session_miss) only_for(n.session_miss->mark, "session_miss", "local");
  }
  if (state != "external" && n.session_store)
    only_for(n.session_store->mark, "session_store", "external");
  if (state == "external" && !n.session_store && !spoilt(n.spoilt_keys, "session_store"))
    error(n.state->mark,
          fmt::format("service '{}' has state: external but no 'session_store'; name the node "
                      "that keeps its sessions",
                      n.name.value));
  at_least<std::int64_t>(n.session_bytes, 0, "session_size");
  duration_above_zero(n.session_timeout_ns, "session_timeout");
  if (n.session_miss) check_steps(n.session_miss->value, n);
  if (n.session_store) check_call(n.session_store->call, n, "keeps its sessions in itself");
}

void Validator::check_load_balancer(const ast::Node& n) {
  if (n.target) check_targets(*n.target, n);
  const bool has_routes = n.routes && !n.routes->value.empty();
  if (!n.target && !has_routes && !spoilt(n.spoilt_keys, "target") &&
      !spoilt(n.spoilt_keys, "routes"))
    error(n.name.mark,
          fmt::format("load balancer '{}' has no 'target' and no 'routes'", n.name.value));
  if (n.routes)
    for (std::size_t i = 0; i < n.routes->value.size(); ++i) check_route(n.routes->value[i], i, n);
  if (n.policy && !contains(kPolicies, n.policy->value))
    error(n.policy->mark,
          fmt::format("unknown policy '{}'{}; expected random, round_robin, least_connections, "
                      "least_outstanding_requests, power_of_two_choices, weighted_random, hash, "
                      "ip_hash or key_hash",
                      n.policy->value, did_you_mean(n.policy->value, kPolicies, &hints_)));
  if (n.layer && n.layer->value != 4 && n.layer->value != 7)
    error(n.layer->mark, fmt::format("layer must be 4 or 7, got {}", n.layer->value));
  else if (n.layer && n.layer->value == 4)
    check_layer_4(n);
  at_least<std::int64_t>(n.max_connections, 1, "max_connections");
  not_negative(n.price_per_gb, "price_per_gb");
  if (n.tls && n.tls->bulk_bps && n.tls->bulk_bps->value < 0)
    error(n.tls->bulk_bps->mark, "bulk must not be negative");
  if (n.health_check) check_health_check(*n.health_check);
}

// One pool: at least one node, none twice, not the balancer itself; services,
// or a single load balancer.
void Validator::check_targets(const ast::Targets& t, const ast::Node& n) {
  if (t.nodes.empty()) {
    error(t.mark, fmt::format("the target of load balancer '{}' is an empty list; name at least "
                              "one node",
                              n.name.value));
    return;
  }
  std::set<std::string> seen;
  for (const auto& ref : t.nodes) {
    if (!seen.insert(ref.value).second) {
      error(ref.mark, fmt::format("node '{}' is named twice in a target of load balancer '{}'",
                                  ref.value, n.name.value));
      continue;
    }
    check_reference(ref, &n, "targets itself");
    const ast::Node* to = find_node(ref.value);
    if (t.nodes.size() > 1 && to && to != &n && to->kind.value == "load_balancer")
      error(ref.mark, fmt::format("a target of load balancer '{}' lists load balancer '{}' with "
                                  "other nodes; a pool is services, or a single load balancer",
                                  n.name.value, ref.value));
  }
}

void Validator::check_route(const ast::Route& route, std::size_t index, const ast::Node& n) {
  const std::size_t number = index + 1;
  if (route.target)
    check_targets(*route.target, n);
  else if (!spoilt(route.spoilt_keys, "target"))
    error(route.mark,
          fmt::format("route {} of load balancer '{}' has no 'target'", number, n.name.value));
  if (!route.path && !route.request_class && !spoilt(route.spoilt_keys, "path") &&
      !spoilt(route.spoilt_keys, "class"))
    error(route.mark, fmt::format("route {} of load balancer '{}' has neither 'path' nor 'class'; "
                                  "give at least one",
                                  number, n.name.value));
  if (route.path) {
    const std::string problem = pattern_problem(route.path->value);
    if (!problem.empty())
      error(route.path->mark, fmt::format("route path '{}' {}", route.path->value, problem));
  }
  if (route.request_class && !class_names_.empty() && !class_set_.count(route.request_class->value))
    error(route.request_class->mark,
          fmt::format("unknown request class '{}' in route {} of load balancer '{}'{}",
                      route.request_class->value, number, n.name.value,
                      did_you_mean(route.request_class->value, class_names_, &hints_)));
}

void Validator::check_layer_4(const ast::Node& n) {
  auto layer_7_key = [&](const SourceMark& mark, std::string_view key) {
    error(mark, fmt::format("key '{}' {}", key, kOnlyLayer7));
  };
  if (n.routes) layer_7_key(n.routes->mark, "routes");
  if (n.sticky) layer_7_key(n.sticky->mark, "sticky");
  if (n.request_cpu) layer_7_key(n.request_cpu->mark, "request_cpu");
  if (n.tls) layer_7_key(n.tls->mark, "tls");
  if (n.policy && n.policy->value == "least_outstanding_requests")
    error(n.policy->mark, fmt::format("policy 'least_outstanding_requests' {}", kOnlyLayer7));
  if (n.policy && n.policy->value == "key_hash")
    error(n.policy->mark, fmt::format("policy 'key_hash' {} and their keys", kOnlyLayer7));
}

void Validator::check_rate_limit(const ast::RateLimit& rl, const ast::Node& n) {
  if (!rl.rate)
    error(rl.mark, fmt::format("the rate_limit of node '{}' has no 'rate'", n.name.value));
  at_least<std::int64_t>(rl.burst, 1, "burst");
  static const std::vector<std::string> kPer = {"global", "client", "user"};
  if (rl.per && !contains(kPer, rl.per->value))
    error(rl.per->mark,
          fmt::format("unknown rate_limit per '{}'{}; expected global, client or user",
                      rl.per->value, did_you_mean(rl.per->value, kPer, &hints_)));
}

void Validator::check_health_check(const ast::HealthCheck& hc) {
  duration_above_zero(hc.interval_ns, "interval");
  duration_above_zero(hc.timeout_ns, "timeout");
  between<std::int64_t>(hc.unhealthy_threshold, 1, 100, "unhealthy_threshold");
  between<std::int64_t>(hc.healthy_threshold, 1, 100, "healthy_threshold");
  // The defaults of the model (10s, 5s) stand in for a key left out.
  const std::int64_t interval = hc.interval_ns ? hc.interval_ns->value : 10'000'000'000;
  const std::int64_t timeout = hc.timeout_ns ? hc.timeout_ns->value : 5'000'000'000;
  if (interval > 0 && timeout > 0 && timeout > interval)
    error(hc.timeout_ns ? hc.timeout_ns->mark : hc.interval_ns->mark,
          fmt::format("the health_check timeout ({}) is longer than its interval ({}); a probe "
                      "must end before the next one starts",
                      format_duration(timeout), format_duration(interval)));
}

}  // namespace tiersim::scenario_validate
