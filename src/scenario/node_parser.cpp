#include "node_parser.hpp"

#include <fmt/core.h>

#include <optional>

namespace tiersim::scenario_parse {

namespace {

const KeySet kNodeKeys = {"kind",
                          "instances",
                          "machine",
                          "instance_type",
                          "queue_limit",
                          "memory_per_request",
                          "handle",
                          "state",
                          "session_size",
                          "session_timeout",
                          "session_miss",
                          "session_store",
                          "layer",
                          "policy",
                          "target",
                          "routes",
                          "sticky",
                          "max_connections",
                          "connection_cpu",
                          "request_cpu",
                          "tls",
                          "price_per_gb",
                          "health_check",
                          "rate_limit",
                          "consumers",
                          "concurrency",
                          "capacity",
                          "visibility_timeout",
                          "max_receives",
                          "dead_letter",
                          "persist",
                          "when_full",
                          "ordering",
                          "message_cpu",
                          "receive_batch",
                          "receive_wait",
                          "poll_interval",
                          "price_per_million_requests"};
const KeySet kMachineKeys = {"cores", "memory", "nic", "price_per_hour"};
const KeySet kStepKinds = {"cpu", "delay", "call", "publish", "fail"};
const KeySet kPublishKeys = {"queue", "message_size"};
const KeySet kCallKeys = {"node", "request_size", "response_size"};
const KeySet kRouteKeys = {"path", "class", "target"};
const KeySet kTlsKeys = {"handshake_cpu", "bulk"};
const KeySet kHealthCheckKeys = {"interval", "timeout", "unhealthy_threshold", "healthy_threshold"};
const KeySet kRateLimitKeys = {"rate", "burst", "per"};

constexpr std::string_view kStepForms =
    "a step (cpu: DURATION, delay: DURATION, call: NODE, publish: QUEUE or fail: PROBABILITY)";

std::optional<ast::CallStep> parse_call(YamlReader& r, const Entry& e, std::string_view where) {
  if (e.value.IsScalar()) {
    auto node = r.text(e, "a node name", where);
    if (!node) return std::nullopt;
    return ast::CallStep{*node, std::nullopt, std::nullopt};
  }
  if (!e.value.IsMap()) {
    r.error(r.mark(e), fmt::format("expected a node name or {{node: NAME, request_size: SIZE, "
                                   "response_size: SIZE}} for '{}'{}, got {}",
                                   e.key, where, describe(e.value)));
    return std::nullopt;
  }
  ast::CallStep call;
  bool has_node = false;
  bool valid = true;
  for (const Entry& f : r.entries(e.value)) {
    if (f.key == "node") {
      auto node = r.text(f, "a node name", where);
      has_node = node.has_value();
      if (node) call.node = *node;
      valid = valid && node;
    } else if (f.key == "request_size") {
      call.request_bytes = r.size(f, where);
      valid = valid && call.request_bytes;
    } else if (f.key == "response_size") {
      call.response_bytes = r.size(f, where);
      valid = valid && call.response_bytes;
    } else {
      // A misspelt 'node' has been reported with its did-you-mean; saying
      // that 'node' is missing as well would only repeat it.
      if (r.unknown_key(f, kCallKeys, where) == "node") valid = false;
    }
  }
  if (!has_node) {
    // A wrongly typed `node:` has been reported already.
    if (valid) r.error(r.mark(e.value), fmt::format("'{}'{} has no 'node'", e.key, where));
    return std::nullopt;
  }
  if (!valid) return std::nullopt;
  return call;
}

// `publish: jobs` or `publish: {queue: jobs, message_size: 2KB}`.
std::optional<ast::CallStep> parse_publish(YamlReader& r, const Entry& e, std::string_view where) {
  ast::CallStep publish;
  publish.publish = true;
  if (e.value.IsScalar()) {
    auto queue = r.text(e, "a queue's name", where);
    if (!queue) return std::nullopt;
    publish.node = *queue;
    return publish;
  }
  if (!e.value.IsMap()) {
    r.error(r.mark(e), fmt::format("expected a queue's name or {{queue: NAME, message_size: SIZE}} "
                                   "for 'publish'{}, got {}",
                                   where, describe(e.value)));
    return std::nullopt;
  }
  bool has_queue = false;
  for (const Entry& f : r.entries(e.value)) {
    if (f.key == "queue") {
      auto queue = r.text(f, "a queue's name", where);
      if (!queue) return std::nullopt;
      publish.node = *queue;
      has_queue = true;
    } else if (f.key == "message_size") {
      publish.request_bytes = r.size(f, where);
      if (!publish.request_bytes) return std::nullopt;
    } else if (r.unknown_key(f, kPublishKeys, where) == "queue") {
      return std::nullopt;
    }
  }
  if (!has_queue) {
    r.error(r.mark(e.value), fmt::format("'publish'{} has no 'queue'", where));
    return std::nullopt;
  }
  return publish;
}

std::optional<ast::Step> parse_step(YamlReader& r, const YAML::Node& item, std::string_view where) {
  if (!item.IsMap()) {
    r.error(r.mark(item), fmt::format("expected {}{}, got {}", kStepForms, where, describe(item)));
    return std::nullopt;
  }
  const std::vector<Entry> keys = r.entries(item);
  if (keys.size() != 1) {
    if (keys.size() > 1)
      r.error(r.mark(item), fmt::format("a step has one key, but this step{} has '{}' and '{}'; "
                                        "start each step with its own '-'",
                                        where, keys[0].key, keys[1].key));
    else if (item.size() == 0)
      r.error(r.mark(item), fmt::format("expected {}{}, got an empty map", kStepForms, where));
    return std::nullopt;
  }
  const Entry& e = keys.front();
  ast::Step step;
  step.mark = r.mark(item);
  if (e.key == "cpu" || e.key == "delay") {
    auto time = r.distribution(e, where);
    if (!time) return std::nullopt;
    if (e.key == "cpu")
      step.action = ast::CpuStep{*time};
    else
      step.action = ast::DelayStep{*time};
  } else if (e.key == "call") {
    auto call = parse_call(r, e, where);
    if (!call) return std::nullopt;
    step.action = *call;
  } else if (e.key == "publish") {
    auto publish = parse_publish(r, e, where);
    if (!publish) return std::nullopt;
    step.action = *publish;
  } else if (e.key == "fail") {
    auto p = r.number(e, where);
    if (!p) return std::nullopt;
    step.action = ast::FailStep{*p};
  } else {
    r.error(r.mark(e.key_node),
            fmt::format("unknown step '{}'{}{}; a step is cpu, delay, call, publish or fail", e.key,
                        where, did_you_mean(e.key, kStepKinds, &r.hints())));
    return std::nullopt;
  }
  return step;
}

std::vector<ast::Step> parse_steps(YamlReader& r, const YAML::Node& list, std::string_view where) {
  std::vector<ast::Step> steps;
  for (const YAML::Node& item : list)
    if (auto step = parse_step(r, item, where)) steps.push_back(std::move(*step));
  return steps;
}

std::vector<ast::Handler> parse_handlers(YamlReader& r, const Entry& handle,
                                         std::string_view node) {
  std::vector<ast::Handler> handlers;
  const std::string node_where = in("node", node);
  for (const Entry& e : r.map_entries(handle, "a map of request classes to steps", node_where)) {
    ast::Handler h;
    h.request_class = {e.key, r.mark(e.key_node)};
    const std::string where = fmt::format(" in handler '{}' of node '{}'", e.key, node);
    if (e.value.IsSequence()) {
      h.steps = parse_steps(r, e.value, where);
    } else if (!e.value.IsNull()) {
      r.error(r.mark(e), fmt::format("expected a list of steps for '{}'{}, got {}", e.key,
                                     node_where, describe(e.value)));
    }
    handlers.push_back(std::move(h));
  }
  return handlers;
}

// `session_miss: [steps]`; an empty value is an empty list.
std::optional<Located<std::vector<ast::Step>>> parse_session_miss(YamlReader& r, const Entry& e,
                                                                  std::string_view node) {
  if (!e.value.IsSequence() && !e.value.IsNull()) {
    r.error(r.mark(e), fmt::format("expected a list of steps for 'session_miss'{}, got {}",
                                   in("node", node), describe(e.value)));
    return std::nullopt;
  }
  Located<std::vector<ast::Step>> miss{{}, r.mark(e)};
  if (e.value.IsSequence())
    miss.value = parse_steps(r, e.value, fmt::format(" in 'session_miss' of node '{}'", node));
  return miss;
}

std::optional<ast::SessionStore> parse_session_store(YamlReader& r, const Entry& e,
                                                     std::string_view where) {
  auto call = parse_call(r, e, where);
  if (!call) return std::nullopt;
  return ast::SessionStore{r.mark(e), std::move(*call)};
}

// `target: web` or `target: [a, b]`.
std::optional<ast::Targets> parse_targets(YamlReader& r, const Entry& e, std::string_view where) {
  if (e.value.IsScalar()) {
    auto name = r.text(e, "a node name", where);
    if (!name) return std::nullopt;
    return ast::Targets{name->mark, {*name}};
  }
  if (!e.value.IsSequence()) {
    r.error(r.mark(e), fmt::format("expected a node name or a list of node names for '{}'{}, "
                                   "got {}",
                                   e.key, where, describe(e.value)));
    return std::nullopt;
  }
  ast::Targets targets;
  targets.mark = r.mark(e);
  bool valid = true;
  for (const YAML::Node& item : e.value) {
    if (!item.IsScalar()) {
      r.error(r.mark(item), fmt::format("expected a node name in the list of '{}'{}, got {}", e.key,
                                        where, describe(item)));
      valid = false;
      continue;
    }
    targets.nodes.push_back({item.Scalar(), r.mark(item)});
  }
  if (!valid) return std::nullopt;
  return targets;
}

// `routes: [{path, class, target}, ...]`.
std::optional<Located<std::vector<ast::Route>>> parse_routes(YamlReader& r, const Entry& entry,
                                                             std::string_view node) {
  const std::size_t errors_before = r.error_count();
  const std::vector<YAML::Node> items =
      r.list_items(entry, "a list of routes ({path, class, target})", in("node", node));
  if (r.error_count() > errors_before) return std::nullopt;
  Located<std::vector<ast::Route>> routes{{}, r.mark(entry)};
  for (std::size_t i = 0; i < items.size(); ++i) {
    const YAML::Node& item = items[i];
    const std::string where = fmt::format(" in route {} of node '{}'", i + 1, node);
    if (!item.IsMap()) {
      r.error(r.mark(item), fmt::format("expected a map {{path, class, target}} for route {} of "
                                        "node '{}', got {}",
                                        i + 1, node, describe(item)));
      continue;
    }
    ast::Route route;
    route.mark = r.mark(item);
    for (const Entry& e : r.entries(item)) {
      const SpoiltKeyWatch watch(r, e, route.spoilt_keys);
      if (e.key == "path")
        route.path = r.text(e, "a path (e.g. /api/* or /login)", where);
      else if (e.key == "class")
        route.request_class = r.text(e, "a request class name", where);
      else if (e.key == "target")
        route.target = parse_targets(r, e, where);
      else
        watch.meant(r.unknown_key(e, kRouteKeys, where));
    }
    routes.value.push_back(std::move(route));
  }
  return routes;
}

ast::Tls parse_tls(YamlReader& r, const Entry& entry, std::string_view node) {
  ast::Tls tls;
  tls.mark = r.mark(entry);
  const std::string inside = fmt::format(" in the tls of node '{}'", node);
  for (const Entry& e : r.map_entries(entry, "a map of handshake_cpu and bulk", in("node", node))) {
    if (e.key == "handshake_cpu")
      tls.handshake_cpu = r.distribution(e, inside);
    else if (e.key == "bulk")
      tls.bulk_bps = r.bandwidth(e, inside);
    else
      r.unknown_key(e, kTlsKeys, inside);
  }
  return tls;
}

ast::HealthCheck parse_health_check(YamlReader& r, const Entry& entry, std::string_view node) {
  ast::HealthCheck hc;
  hc.mark = r.mark(entry);
  const std::string inside = fmt::format(" in the health_check of node '{}'", node);
  for (const Entry& e :
       r.map_entries(entry, "a map of interval, timeout, unhealthy_threshold and healthy_threshold",
                     in("node", node))) {
    if (e.key == "interval")
      hc.interval_ns = r.duration(e, inside);
    else if (e.key == "timeout")
      hc.timeout_ns = r.duration(e, inside);
    else if (e.key == "unhealthy_threshold")
      hc.unhealthy_threshold = r.whole_number(e, inside);
    else if (e.key == "healthy_threshold")
      hc.healthy_threshold = r.whole_number(e, inside);
    else
      r.unknown_key(e, kHealthCheckKeys, inside);
  }
  return hc;
}

ast::RateLimit parse_rate_limit(YamlReader& r, const Entry& entry, std::string_view node) {
  ast::RateLimit rl;
  rl.mark = r.mark(entry);
  const std::string inside = fmt::format(" in the rate_limit of node '{}'", node);
  for (const Entry& e : r.map_entries(entry, "a map of rate, burst and per", in("node", node))) {
    if (e.key == "rate")
      rl.rate = r.rate(e, inside);
    else if (e.key == "burst")
      rl.burst = r.whole_number(e, inside);
    else if (e.key == "per")
      rl.per = r.text(e, "global, client or user", inside);
    else
      r.unknown_key(e, kRateLimitKeys, inside);
  }
  return rl;
}

}  // namespace

ast::Machine parse_machine(YamlReader& r, const Entry& entry, std::string_view where,
                           std::string_view inside) {
  ast::Machine m;
  m.mark = r.mark(entry);
  const std::string_view expected = "a map of cores, memory, nic and price_per_hour";
  for (const Entry& e : r.map_entries(entry, expected, where)) {
    if (e.key == "cores")
      m.cores = r.whole_number(e, inside);
    else if (e.key == "memory")
      m.memory_bytes = r.size(e, inside);
    else if (e.key == "nic")
      m.nic_bps = r.bandwidth(e, inside);
    else if (e.key == "price_per_hour")
      m.price_per_hour = r.number(e, inside);
    else
      r.unknown_key(e, kMachineKeys, inside);
  }
  return m;
}

ast::Node parse_node(YamlReader& r, const Entry& entry) {
  ast::Node n;
  n.name = {entry.key, r.mark(entry.key_node)};
  n.kind.mark = n.name.mark;
  const std::string where = in("node", entry.key);
  for (const Entry& e : r.map_entries(entry, "a map of the node's keys (kind, ...)", "")) {
    const SpoiltKeyWatch watch(r, e, n.spoilt_keys);
    if (e.key == "kind") {
      if (auto kind = r.text(e, "a node kind (service or load_balancer)", where)) n.kind = *kind;
    } else if (e.key == "instances") {
      n.instances = r.whole_number(e, where);
    } else if (e.key == "machine") {
      n.machine =
          parse_machine(r, e, where, fmt::format(" in the machine of node '{}'", entry.key));
    } else if (e.key == "instance_type") {
      n.instance_type = r.text(e, "an instance type name", where);
    } else if (e.key == "queue_limit") {
      n.queue_limit = r.whole_number(e, where);
    } else if (e.key == "memory_per_request") {
      n.memory_per_request = r.size(e, where);
    } else if (e.key == "handle") {
      n.handlers = parse_handlers(r, e, entry.key);
    } else if (e.key == "layer") {
      n.layer = r.whole_number(e, where);
    } else if (e.key == "policy") {
      n.policy = r.text(e, "a policy name", where);
    } else if (e.key == "target") {
      n.target = parse_targets(r, e, where);
    } else if (e.key == "state") {
      n.state = r.text(e, "a state (none, local or external)", where);
    } else if (e.key == "session_size") {
      n.session_bytes = r.size(e, where);
    } else if (e.key == "session_timeout") {
      n.session_timeout_ns = r.duration(e, where);
    } else if (e.key == "session_miss") {
      n.session_miss = parse_session_miss(r, e, entry.key);
    } else if (e.key == "session_store") {
      n.session_store = parse_session_store(r, e, where);
    } else if (e.key == "routes") {
      n.routes = parse_routes(r, e, entry.key);
    } else if (e.key == "sticky") {
      n.sticky = r.boolean(e, where);
    } else if (e.key == "max_connections") {
      n.max_connections = r.whole_number(e, where);
    } else if (e.key == "connection_cpu") {
      n.connection_cpu = r.distribution(e, where);
    } else if (e.key == "request_cpu") {
      n.request_cpu = r.distribution(e, where);
    } else if (e.key == "tls") {
      n.tls = parse_tls(r, e, entry.key);
    } else if (e.key == "price_per_gb") {
      n.price_per_gb = r.number(e, where);
    } else if (e.key == "health_check") {
      n.health_check = parse_health_check(r, e, entry.key);
    } else if (e.key == "rate_limit") {
      n.rate_limit = parse_rate_limit(r, e, entry.key);
    } else if (e.key == "consumers") {
      n.consumers = r.text(e, "a service's name", where);
    } else if (e.key == "concurrency") {
      n.concurrency = r.whole_number(e, where);
    } else if (e.key == "capacity") {
      n.capacity = r.whole_number(e, where);
    } else if (e.key == "visibility_timeout") {
      n.visibility_timeout_ns = r.duration(e, where);
    } else if (e.key == "max_receives") {
      n.max_receives = r.whole_number(e, where);
    } else if (e.key == "dead_letter") {
      n.dead_letter = r.text(e, "a queue's name", where);
    } else if (e.key == "persist") {
      n.persist_ns = r.duration(e, where);
    } else if (e.key == "ordering") {
      n.ordering = r.text(e, "standard or fifo", where);
    } else if (e.key == "when_full") {
      n.when_full = r.text(e, "reject or block", where);
    } else if (e.key == "message_cpu") {
      n.message_cpu = r.distribution(e, where);
    } else if (e.key == "receive_batch") {
      n.receive_batch = r.whole_number(e, where);
    } else if (e.key == "receive_wait") {
      n.receive_wait_ns = r.duration(e, where);
    } else if (e.key == "poll_interval") {
      n.poll_interval_ns = r.duration(e, where);
    } else if (e.key == "price_per_million_requests") {
      n.price_per_million_requests = r.number(e, where);
    } else {
      watch.meant(r.unknown_key(e, kNodeKeys, where));
    }
  }
  return n;
}

}  // namespace tiersim::scenario_parse
