// The scenario AST: what a scenario file says, as plain structs.
//
// The parser fills these from YAML; every value keeps the SourceMark of the
// text it came from so that later stages (validation, compilation) can point
// at it. Units are already resolved to integers (nanoseconds, bytes, bits per
// second) and distributions to Distribution values; names are not yet
// resolved to nodes. Optional fields are absent when the file does not give
// them: defaults are applied by the compiler, not here, so that the AST says
// exactly what the user wrote.
//
// Order: clients, nodes, request classes, handlers, routes and failures are
// kept in file order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "tiersim/core/diagnostic.hpp"
#include "tiersim/core/distribution.hpp"

namespace tiersim::ast {

template <typename T>
struct Located {
  T value{};
  SourceMark mark;
};

// `machine: {cores: 8, memory: 16GiB, nic: 1Gbps, price_per_hour: 0.384}`
struct Machine {
  SourceMark mark;
  std::optional<Located<std::int64_t>> cores;
  std::optional<Located<std::int64_t>> memory_bytes;
  std::optional<Located<std::int64_t>> nic_bps;
  std::optional<Located<double>> price_per_hour;  // USD per instance-hour
};

// `instance_types: {name: {cores, memory, nic, price_per_hour}}`: a
// scenario's own additions to (or replacements of) the shipped catalog.
struct InstanceType {
  Located<std::string> name;
  Machine machine;
};

// `- cpu: exp(10ms)`: hold one core of the instance for a sampled time.
struct CpuStep {
  Located<Distribution> time;
};
// `- delay: 5ms`: wait without holding a core (an external dependency, a sleep).
struct DelayStep {
  Located<Distribution> time;
};
// `- call: db` or `- call: {node: db, request_size: 1KB, response_size: 4KB}`:
// a synchronous call; the handler continues when the reply arrives.
struct CallStep {
  Located<std::string> node;
  std::optional<Located<std::int64_t>> request_bytes;
  std::optional<Located<std::int64_t>> response_bytes;
  // `- publish: jobs` or `- publish: {queue: jobs, message_size: 2KB}`: a
  // call to a queue, which answers once the message is stored.
  bool publish = false;
};

// `- fail: 0.05`: the visit ends failed with this probability.
struct FailStep {
  Located<double> probability;
};

struct Step {
  SourceMark mark;
  std::variant<CpuStep, DelayStep, CallStep, FailStep> action;
};

// `handle: {page: [steps...]}`; the class name "*" handles every class that
// has no handler of its own.
struct Handler {
  Located<std::string> request_class;
  std::vector<Step> steps;
};

// Keys of a map that the file gives but that did not parse (already
// reported), and keys the user evidently meant (a misspelt key's closest
// match). Validation does not report these as missing a second time.
using SpoiltKeys = std::vector<std::string>;

// `target: web` or `target: [web-a, web-b]`: the nodes whose instances form
// one pool of a load balancer, in file order.
struct Targets {
  SourceMark mark;  // the value: the name, or the list
  std::vector<Located<std::string>> nodes;
};

// `- {path: /api/*, class: api, target: app}`: one route of a layer-7 load
// balancer. A path is an exact path or a prefix ending in '*'.
struct Route {
  SourceMark mark;  // the route's map
  SpoiltKeys spoilt_keys;
  std::optional<Located<std::string>> path;
  std::optional<Located<std::string>> request_class;
  std::optional<Targets> target;
};

// `tls: {handshake_cpu: DIST, bulk: BANDWIDTH}`.
struct Tls {
  SourceMark mark;
  std::optional<Located<Distribution>> handshake_cpu;
  std::optional<Located<std::int64_t>> bulk_bps;
};

// `health_check: {interval, timeout, unhealthy_threshold, healthy_threshold}`.
struct HealthCheck {
  SourceMark mark;
  std::optional<Located<std::int64_t>> interval_ns;
  std::optional<Located<std::int64_t>> timeout_ns;
  std::optional<Located<std::int64_t>> unhealthy_threshold;
  std::optional<Located<std::int64_t>> healthy_threshold;
};

// `session_store: db` or `session_store: {node: db, request_size: SIZE,
// response_size: SIZE}`: the call an external-state service makes first.
// `rate_limit: {rate: 100/s, burst: 20, per: user}`.
struct RateLimit {
  SourceMark mark;
  std::optional<Located<double>> rate;
  std::optional<Located<std::int64_t>> burst;
  std::optional<Located<std::string>> per;
};

struct SessionStore {
  SourceMark mark;  // the value
  CallStep call;
};

struct Node {
  Located<std::string> name;
  SpoiltKeys spoilt_keys;
  Located<std::string> kind;  // "service" | "load_balancer" (checked by validate)
  std::optional<Located<std::int64_t>> instances;
  std::optional<Machine> machine;
  std::optional<Located<std::string>> instance_type;
  std::optional<Located<std::int64_t>> queue_limit;         // waiting requests per instance
  std::optional<Located<std::int64_t>> memory_per_request;  // bytes held while on an instance
  std::vector<Handler> handlers;                            // service
  // service: sessions.
  std::optional<Located<std::string>> state;                // "none" | "local" | "external"
  std::optional<Located<std::int64_t>> session_bytes;       // local
  std::optional<Located<std::int64_t>> session_timeout_ns;  // local
  std::optional<Located<std::vector<Step>>> session_miss;   // local; mark of the value
  std::optional<SessionStore> session_store;                // external
  // load_balancer.
  std::optional<Located<std::int64_t>> layer;  // 4 | 7
  std::optional<Located<std::string>> policy;
  std::optional<Targets> target;
  std::optional<Located<std::vector<Route>>> routes;  // mark of the value
  std::optional<Located<bool>> sticky;
  std::optional<Located<std::int64_t>> max_connections;
  std::optional<Located<Distribution>> connection_cpu;
  std::optional<Located<Distribution>> request_cpu;
  std::optional<Tls> tls;
  std::optional<Located<double>> price_per_gb;
  std::optional<HealthCheck> health_check;
  std::optional<RateLimit> rate_limit;
  // queue.
  std::optional<Located<std::string>> consumers;
  std::optional<Located<std::int64_t>> concurrency;
  std::optional<Located<std::int64_t>> capacity;
  std::optional<Located<std::int64_t>> visibility_timeout_ns;
  std::optional<Located<std::int64_t>> max_receives;
  std::optional<Located<std::string>> dead_letter;
  std::optional<Located<std::int64_t>> persist_ns;
  std::optional<Located<std::string>> when_full;  // "reject" | "block"
  std::optional<Located<std::string>> ordering;   // "standard" | "fifo"
  std::optional<Located<Distribution>> message_cpu;
  std::optional<Located<std::int64_t>> receive_batch;
  std::optional<Located<std::int64_t>> receive_wait_ns;
  std::optional<Located<std::int64_t>> poll_interval_ns;
  std::optional<Located<double>> price_per_million_requests;
};

// One request class of a client's mix: `page: {weight: 1, request_size: 1KB, response_size:
// 100KB}`.
// `keys: {count: 1000000, zipf: 0.99}`, `{count: N, hot: {keys: 20%, share:
// 80%}}` or `{count: N}` (uniform).
struct Keys {
  SourceMark mark;
  std::optional<Located<std::int64_t>> count;
  std::optional<Located<double>> zipf;
  std::optional<SourceMark> hot;  // where `hot` is given
  std::optional<Located<double>> hot_keys, hot_share;
};

struct RequestClass {
  Located<std::string> name;
  std::optional<Located<double>> weight;
  std::optional<Located<std::int64_t>> request_bytes;
  std::optional<Located<std::int64_t>> response_bytes;
  std::optional<Located<std::string>> path;  // "/<name>" unless given
  std::optional<Keys> keys = std::nullopt;
};

// `connection: {keep_alive: DURATION, per_user: N}`.
struct Connection {
  SourceMark mark;
  std::optional<Located<std::int64_t>> keep_alive_ns;
  std::optional<Located<std::int64_t>> per_user;
};

// `session: {length: DIST, idle_timeout: DURATION}`.
struct Session {
  SourceMark mark;
  std::optional<Located<Distribution>> length;
  std::optional<Located<std::int64_t>> idle_timeout_ns;
};

// `retry: {attempts: N, backoff: DURATION, multiplier: NUMBER, max_backoff:
// DURATION, jitter: none|full|equal, budget: NUMBER}`.
struct Retry {
  SourceMark mark;
  std::optional<Located<std::int64_t>> attempts;
  std::optional<Located<std::int64_t>> backoff_ns;
  std::optional<Located<double>> multiplier;
  std::optional<Located<std::int64_t>> max_backoff_ns;
  std::optional<Located<std::string>> jitter;
  std::optional<Located<double>> budget;
};

// `circuit_breaker: {failures: 5, open_for: 30s, probes: 1}`.
struct CircuitBreaker {
  SourceMark mark;
  std::optional<Located<std::int64_t>> failures;
  std::optional<Located<std::int64_t>> open_for_ns;
  std::optional<Located<std::int64_t>> probes;
};

// One crowd of a client's `shape`, a rate added on top of its base `rate`:
// `- spike: {at: 10m, length: 2m, rate: 2000/s}`. Which keys apply depends on
// the kind (see docs/scenario-format.md#workload-shapes).
struct ShapeItem {
  Located<std::string> kind;  // step, spike, ramp, bursts, daily, deadline
  SourceMark mark;            // the item's parameters
  SpoiltKeys spoilt_keys;
  std::optional<Located<double>> rate;
  std::optional<Located<std::int64_t>> at_ns, length_ns, from_ns, to_ns, every_ns, first_ns,
      period_ns, peak_at_ns, half_life_ns;
};

// `trace: arrivals.csv`: an open-loop client's arrivals, read from a CSV
// file (see docs/scenario-format.md#arrival-traces). Sizes, users and keys
// of -1 were not given.
struct TraceRow {
  std::int64_t time_ns = 0;
  std::uint32_t request_class = 0;  // index into ArrivalTrace::classes
  std::int64_t request_bytes = -1, response_bytes = -1, user = -1, key = -1;
};
struct ArrivalTrace {
  Located<std::string> file;            // as written in the scenario
  std::vector<std::string> classes;     // the class names the file uses, first-seen order
  std::vector<SourceMark> class_marks;  // where each first appears, in the CSV
  bool has_class_column = false;
  std::vector<TraceRow> rows;
  SourceMark largest_user;  // where the largest user index is, if any
  std::int64_t max_user = -1;
};

struct Client {
  Located<std::string> name;
  SpoiltKeys spoilt_keys;
  // Open loop.
  std::optional<Located<double>> rate_per_second;
  std::optional<Located<std::string>> arrival;  // "poisson" | "constant"
  std::vector<ShapeItem> shape;
  std::optional<ArrivalTrace> trace;
  // Closed loop.
  std::optional<Located<std::int64_t>> users;
  std::optional<Located<Distribution>> think_time;
  std::optional<Located<std::string>> target;
  std::vector<RequestClass> requests;
  SourceMark requests_mark;                         // the `requests:` key, for "no request classes"
  std::optional<Located<std::int64_t>> population;  // open loop
  std::optional<Connection> connection;
  std::optional<Session> session;
  std::optional<Located<std::int64_t>> timeout_ns;
  std::optional<Retry> retry;
  std::optional<CircuitBreaker> circuit_breaker;
};

// `- {node: web, instance: 1, at: 2m, restore: 4m}`: an instance outage;
// `- {node: db, slowdown: 3, at: 1m, restore: 2m}`: a slowdown of a service.
struct Failure {
  SourceMark mark;  // the item's map
  SpoiltKeys spoilt_keys;
  std::optional<Located<std::string>> node;
  std::optional<Located<std::int64_t>> instance;
  std::optional<Located<double>> slowdown;
  std::optional<Located<std::int64_t>> at_ns;
  std::optional<Located<std::int64_t>> restore_ns;
};

struct Limits {
  std::optional<Located<std::int64_t>> max_in_flight;
};

// `slo: {target: 99.9%, latency: 300ms}`.
struct Slo {
  SourceMark mark;
  std::optional<Located<double>> target;  // a share, 0.999 for 99.9%
  std::optional<Located<std::int64_t>> latency_ns;
};

struct Scenario {
  std::string file;        // as given on the command line
  SourceMark mark;         // the document itself
  SpoiltKeys spoilt_keys;  // of the top level
  std::optional<Located<std::string>> name;
  std::optional<Located<std::string>> description;
  std::optional<Located<std::uint64_t>> seed;
  std::optional<Located<std::int64_t>> duration_ns;
  std::optional<Located<std::int64_t>> warmup_ns;
  std::optional<Located<double>> hours_per_month;
  Limits limits;
  std::optional<Slo> slo;
  std::vector<InstanceType> instance_types;
  std::vector<Client> clients;
  std::vector<Node> nodes;
  std::vector<Failure> failures;
};

}  // namespace tiersim::ast
