// Semantic checks over the AST: the top level, clients and failures. Nodes
// are in validate_nodes.cpp.
#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "tiersim/core/key_space.hpp"
#include "tiersim/core/units.hpp"
#include "tiersim/scenario/parser.hpp"
#include "validator.hpp"

namespace tiersim {

namespace scenario_validate {

namespace {

const std::vector<std::string> kArrivals = {"poisson", "constant"};

// A request's path: starts with '/', no white space.
// The connections a client holds at most, over all its users.
constexpr std::int64_t kMaxConnections = 1'000'000;

// A client's per_user, where it is valid (an invalid one is reported apart).
std::int64_t per_user_of(const ast::Client& c) {
  if (c.connection && c.connection->per_user && c.connection->per_user->value >= 1 &&
      c.connection->per_user->value <= 64)
    return c.connection->per_user->value;
  return 1;
}

std::string path_problem(const std::string& path) {
  if (path.empty() || path[0] != '/') return "must start with '/'";
  if (path.find_first_of(" \t\r\n") != std::string::npos) return "must not contain spaces";
  return "";
}

}  // namespace

Validator::Validator(const ast::Scenario& s) : s_(s) {
  for (const auto& n : s.nodes) {
    node_names_.push_back(n.name.value);
    nodes_by_name_.emplace(n.name.value, &n);  // the first of a repeated name
  }
  for (const auto& c : s.clients)
    for (const auto& rc : c.requests)
      if (class_set_.insert(rc.name.value).second) class_names_.push_back(rc.name.value);
}

DiagnosticList Validator::run() {
  check_top_level();
  check_unique_names();
  for (const auto& c : s_.clients) check_client(c);
  check_class_paths();
  for (const auto& n : s_.nodes) check_node(n);
  for (std::size_t i = 0; i < s_.failures.size(); ++i) check_failure(s_.failures[i], i);
  return std::move(d_);
}

void Validator::duration_above_zero(const std::optional<Located<std::int64_t>>& v,
                                    std::string_view key) {
  if (v && v->value <= 0)
    error(v->mark, fmt::format("{} must be above zero, got '{}'", key, format_duration(v->value)));
}

void Validator::duration_not_negative(const std::optional<Located<std::int64_t>>& v,
                                      std::string_view key) {
  if (v && v->value < 0) error(v->mark, fmt::format("{} must not be negative", key));
}

void Validator::not_negative(const std::optional<Located<double>>& v, std::string_view key) {
  if (v && v->value < 0)
    error(v->mark, fmt::format("{} must not be negative, got {}", key, v->value));
}

bool Validator::spoilt(const ast::SpoiltKeys& keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

bool Validator::contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

const ast::Node* Validator::find_node(const std::string& name) const {
  const auto it = nodes_by_name_.find(name);
  return it == nodes_by_name_.end() ? nullptr : it->second;
}

void Validator::check_top_level() {
  if (!s_.name && !spoilt(s_.spoilt_keys, "name")) error(s_.mark, "missing required key 'name'");
  if (s_.clients.empty() && !spoilt(s_.spoilt_keys, "clients"))
    error(s_.mark, "the scenario has no clients; add a 'clients' section");
  if (s_.nodes.empty() && !spoilt(s_.spoilt_keys, "nodes"))
    error(s_.mark, "the scenario has no nodes; add a 'nodes' section");
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
  if (s_.slo) check_slo(*s_.slo);
  at_least<std::int64_t>(s_.limits.max_in_flight, 1, "max_in_flight");
  for (const auto& t : s_.instance_types) check_machine(t.machine);
}

void Validator::check_slo(const ast::Slo& slo) {
  if (!slo.target && !spoilt(s_.spoilt_keys, "slo"))
    error(slo.mark, "slo has no 'target' (the share of requests that must be good, e.g. 99.9%)");
  if (slo.target && !(slo.target->value > 0 && slo.target->value < 1))
    error(slo.target->mark,
          fmt::format("slo target must be above 0% and below 100%, got {}%; a target of 100% "
                      "leaves no error budget",
                      slo.target->value * 100));
  duration_above_zero(slo.latency_ns, "latency");
}

void Validator::check_keys(const ast::Keys& k, const std::string& request_class) {
  if (!k.count)
    error(k.mark, fmt::format("the keys of request class '{}' have no 'count' (how many keys "
                              "there are, e.g. 1000000)",
                              request_class));
  if (k.count && (k.count->value < 1 || static_cast<std::uint64_t>(k.count->value) > kMaxKeys))
    error(k.count->mark,
          fmt::format("count must be between 1 and {}, got {}", kMaxKeys, k.count->value));
  if (k.zipf && !(k.zipf->value > 0 && k.zipf->value <= kMaxZipfExponent))
    error(k.zipf->mark, fmt::format("zipf exponent must be above 0 and at most {:g}, got {:g}",
                                    kMaxZipfExponent, k.zipf->value));
  if (k.zipf && k.hot) error(*k.hot, "keys are either zipf or hot, not both");
  if (k.hot) {
    if (!k.hot_keys || !k.hot_share)
      error(*k.hot,
            "hot needs both 'keys' (the share of keys that are hot, e.g. 20%) and "
            "'share' (the share of requests that go to them, e.g. 80%)");
    for (const auto* v : {&k.hot_keys, &k.hot_share})
      if (*v && !((*v)->value > 0 && (*v)->value < 1))
        error((*v)->mark, fmt::format("a hot share must be above 0% and below 100%, got {:g}%",
                                      (*v)->value * 100));
  }
}

// The parser drops a repeated YAML key; an AST built in C++ may still repeat a name.
void Validator::check_unique_names() {
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

void Validator::check_machine(const ast::Machine& m) {
  at_least<std::int64_t>(m.cores, 1, "cores");
  above_zero(m.memory_bytes, "memory");
  above_zero(m.nic_bps, "nic");
  not_negative(m.price_per_hour, "price_per_hour");
}

// A reference to a node: it must exist and, from a node, not be the node itself.
void Validator::check_reference(const Located<std::string>& ref, const ast::Node* from,
                                std::string_view self_message) {
  if (from && ref.value == from->name.value) {
    error(ref.mark,
          fmt::format("{} '{}' {}", from->kind.value == "load_balancer" ? "load balancer" : "node",
                      from->name.value, self_message));
    return;
  }
  if (nodes_by_name_.count(ref.value)) return;
  std::string hint = did_you_mean(ref.value, node_names_, &hints_);
  if (hint.empty() && !node_names_.empty()) {
    // A short list helps; a long one would repeat the file in every message.
    constexpr std::size_t kListed = 10, kLongest = 200;
    std::string list;
    std::size_t listed = 0;
    for (; listed < node_names_.size() && listed < kListed; ++listed) {
      if (list.size() + node_names_[listed].size() > kLongest) break;
      list += (listed ? ", " : "") + node_names_[listed];
    }
    if (listed > 0) hint = "; the nodes are " + list;
    if (listed > 0 && listed < node_names_.size())
      hint += fmt::format(" and {} more", node_names_.size() - listed);
  }
  error(ref.mark, fmt::format("unknown node '{}'{}", ref.value, hint));
}

void Validator::check_trace(const ast::Client& c) {
  const ast::ArrivalTrace& t = *c.trace;
  const std::string& name = c.name.value;
  std::vector<std::string> own;
  for (const auto& rc : c.requests) own.push_back(rc.name.value);
  if (t.has_class_column) {
    for (std::size_t k = 0; k < t.classes.size(); ++k)
      if (!own.empty() && !contains(own, t.classes[k]))
        error(t.class_marks[k],
              fmt::format("class '{}' is not a request class of client '{}'{}", t.classes[k], name,
                          did_you_mean(t.classes[k], own, &hints_)));
  } else if (own.size() > 1) {
    error(t.file.mark, fmt::format("the trace of client '{}' has no 'class' column, but the client "
                                   "has {} request classes; add a class column",
                                   name, own.size()));
  }
  if (t.max_user >= 0 && c.population && t.max_user >= c.population->value)
    error(t.largest_user,
          fmt::format("user {} is not among the {} users of client '{}' (its population)",
                      t.max_user, c.population->value, name));
  // The users a trace names are kept like a population's (see below).
  if (t.max_user >= kMaxConnections / per_user_of(c))
    error(t.largest_user, fmt::format("user {} is too large: a trace's users times per_user "
                                      "connections must be at most {}",
                                      t.max_user, kMaxConnections));
}

// Each user keeps its state and its per_user connections for the whole run: a
// bound keeps a typo (users: 10000000000) from exhausting memory before the
// run starts.
void Validator::check_user_count(const ast::Client& c) {
  const std::int64_t per_user = per_user_of(c);
  for (const auto& [count, key] :
       {std::pair{&c.users, "users"}, std::pair{&c.population, "population"}}) {
    if (!*count || (*count)->value <= kMaxConnections / per_user) continue;
    if (per_user == 1)
      error((*count)->mark,
            fmt::format("{} must be at most {}, got {}", key, kMaxConnections, (*count)->value));
    else
      error((*count)->mark,
            fmt::format("{} x per_user must be at most {} (the connections a client holds), got "
                        "{} x {}",
                        key, kMaxConnections, (*count)->value, per_user));
  }
}

void Validator::check_retry(const ast::Retry& r) {
  if (r.attempts && (r.attempts->value < 1 || r.attempts->value > 100))
    error(r.attempts->mark,
          fmt::format("attempts must be between 1 and 100, got {}", r.attempts->value));
  duration_not_negative(r.backoff_ns, "backoff");
  duration_above_zero(r.max_backoff_ns, "max_backoff");
  if (r.multiplier && r.multiplier->value < 1)
    error(r.multiplier->mark,
          fmt::format("multiplier must be at least 1, got {}", r.multiplier->value));
  if (r.jitter && r.jitter->value != "none" && r.jitter->value != "full" &&
      r.jitter->value != "equal")
    error(r.jitter->mark,
          fmt::format("unknown jitter '{}'{}; expected none, full or equal", r.jitter->value,
                      did_you_mean(r.jitter->value, {"none", "full", "equal"})));
  not_negative(r.budget, "budget");
}

void Validator::check_client(const ast::Client& c) {
  const std::string& name = c.name.value;
  duration_above_zero(c.timeout_ns, "timeout");
  if (c.retry) check_retry(*c.retry);
  if (c.circuit_breaker) {
    between<std::int64_t>(c.circuit_breaker->failures, 1, 1'000'000, "failures");
    duration_above_zero(c.circuit_breaker->open_for_ns, "open_for");
    between<std::int64_t>(c.circuit_breaker->probes, 1, 1'000'000, "probes");
  }
  const bool replay = c.trace.has_value() || spoilt(c.spoilt_keys, "trace");
  const bool open = c.rate_per_second.has_value();
  const bool closed = c.users.has_value();
  if (open && closed)
    error(c.users->mark, fmt::format("client '{}' has both 'rate' (open loop) and 'users' "
                                     "(closed loop); give one of them",
                                     name));
  if (replay && (open || closed))
    error(open ? c.rate_per_second->mark : c.users->mark,
          fmt::format("client '{}' has a trace and '{}'; a trace gives the arrivals itself", name,
                      open ? "rate" : "users"));
  if (c.trace) check_trace(c);
  if (c.think_time && !closed)
    error(c.think_time->mark,
          fmt::format("closed-loop client '{}' has think_time but no users", name));
  else if (!open && !closed && !replay && !spoilt(c.spoilt_keys, "rate") &&
           !spoilt(c.spoilt_keys, "users"))
    error(c.name.mark, fmt::format("client '{}' has neither 'rate' (open loop) nor 'users' "
                                   "(closed loop) nor a 'trace' to replay",
                                   name));
  above_zero(c.rate_per_second, "rate");
  at_least<std::int64_t>(c.users, 1, "users");
  check_shape(c, open || spoilt(c.spoilt_keys, "rate"));
  if (c.arrival) {
    if (!open && !spoilt(c.spoilt_keys, "rate"))
      error(c.arrival->mark, fmt::format("client '{}' has 'arrival' but no 'rate'; arrival "
                                         "belongs to open-loop clients",
                                         name));
    else if (open && !contains(kArrivals, c.arrival->value))
      error(c.arrival->mark,
            fmt::format("unknown arrival '{}'{}; expected poisson or constant", c.arrival->value,
                        did_you_mean(c.arrival->value, kArrivals, &hints_)));
  }
  if (c.population) {
    if (closed)
      error(c.population->mark,
            fmt::format("client '{}' has 'population' and 'users'; population belongs to "
                        "open-loop clients (a closed loop's users are its population)",
                        name));
    else
      at_least<std::int64_t>(c.population, 1, "population");
  }
  if (c.connection) {
    duration_not_negative(c.connection->keep_alive_ns, "keep_alive");
    between<std::int64_t>(c.connection->per_user, 1, 64, "per_user");
  }
  check_user_count(c);
  if (c.session) duration_above_zero(c.session->idle_timeout_ns, "idle_timeout");
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
    if (rc.path) {
      const std::string problem = path_problem(rc.path->value);
      if (!problem.empty())
        error(rc.path->mark, fmt::format("path '{}' of request class '{}' {}", rc.path->value,
                                         rc.name.value, problem));
    }
    if (rc.keys) check_keys(*rc.keys, rc.name.value);
  }
}

// A class has one path: the first client that gives one sets it, and every
// other client that gives one must agree. A client that gives none takes it.
void Validator::check_class_paths() {
  struct First {
    std::string path;
    std::string client;
  };
  std::map<std::string, First> first;
  for (const auto& c : s_.clients)
    for (const auto& rc : c.requests) {
      if (!rc.path) continue;
      const auto [it, inserted] = first.emplace(rc.name.value, First{rc.path->value, c.name.value});
      if (!inserted && it->second.path != rc.path->value)
        error(rc.path->mark,
              fmt::format("request class '{}' has path '{}' here but '{}' in "
                          "client '{}'; a class has one path",
                          rc.name.value, rc.path->value, it->second.path, it->second.client));
    }
}

void Validator::check_failure(const ast::Failure& f, std::size_t index) {
  const std::size_t number = index + 1;
  auto missing = [&](std::string_view key) {
    if (!spoilt(f.spoilt_keys, key))
      error(f.mark, fmt::format("failure {} has no '{}'", number, key));
  };
  const ast::Node* node = nullptr;
  if (!f.node) {
    missing("node");
  } else {
    check_reference(*f.node, nullptr, "");
    node = find_node(f.node->value);
    if (node && node->kind.value == "load_balancer") {
      error(f.node->mark, fmt::format("failure {} names load balancer '{}'; only the instances of "
                                      "a service can fail",
                                      number, f.node->value));
      node = nullptr;
    }
  }
  if (f.slowdown) {
    // A slowdown applies to every instance of the service.
    if (f.instance)
      error(f.instance->mark,
            fmt::format("failure {} has both 'slowdown' and 'instance'; a slowdown applies to "
                        "every instance of the service (give one or the other)",
                        number));
    if (f.slowdown->value < 1)
      error(f.slowdown->mark,
            fmt::format("slowdown must be at least 1 (1 is normal speed, 3 three times slower), "
                        "got {}",
                        f.slowdown->value));
  } else if (!f.instance) {
    missing("instance");
  } else if (f.instance->value < 0) {
    error(f.instance->mark, fmt::format("instance must be at least 0, got {}", f.instance->value));
  } else if (node && node->kind.value == "service") {
    const std::int64_t count = node->instances ? node->instances->value : 1;
    if (count >= 1 && f.instance->value >= count)
      error(f.instance->mark,
            fmt::format("failure {} names instance {} of service '{}', which has {} instance{} "
                        "(numbered from 0)",
                        number, f.instance->value, node->name.value, count, count == 1 ? "" : "s"));
  }
  if (!f.at_ns) missing("at");
  duration_not_negative(f.at_ns, "at");
  if (f.restore_ns && f.at_ns && f.restore_ns->value <= f.at_ns->value)
    error(f.restore_ns->mark,
          fmt::format("restore ({}) must be after at ({})", format_duration(f.restore_ns->value),
                      format_duration(f.at_ns->value)));
}

}  // namespace scenario_validate

DiagnosticList validate_scenario(const ast::Scenario& scenario) {
  return scenario_validate::Validator(scenario).run();
}

}  // namespace tiersim
