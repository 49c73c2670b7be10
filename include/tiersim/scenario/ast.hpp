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
// Order: clients, nodes, request classes and handlers are kept in file order.
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
};

struct Step {
  SourceMark mark;
  std::variant<CpuStep, DelayStep, CallStep> action;
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
  std::optional<Located<std::int64_t>> layer;               // load_balancer: 4 | 7
  std::optional<Located<std::string>> policy;               // load_balancer
  std::optional<Located<std::string>> target;               // load_balancer
};

// One request class of a client's mix: `page: {weight: 1, request_size: 1KB, response_size:
// 100KB}`.
struct RequestClass {
  Located<std::string> name;
  std::optional<Located<double>> weight;
  std::optional<Located<std::int64_t>> request_bytes;
  std::optional<Located<std::int64_t>> response_bytes;
};

struct Client {
  Located<std::string> name;
  SpoiltKeys spoilt_keys;
  // Open loop.
  std::optional<Located<double>> rate_per_second;
  std::optional<Located<std::string>> arrival;  // "poisson" | "constant"
  // Closed loop.
  std::optional<Located<std::int64_t>> users;
  std::optional<Located<Distribution>> think_time;
  std::optional<Located<std::string>> target;
  std::vector<RequestClass> requests;
  SourceMark requests_mark;  // the `requests:` key, for "no request classes"
};

struct Limits {
  std::optional<Located<std::int64_t>> max_in_flight;
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
  std::vector<InstanceType> instance_types;
  std::vector<Client> clients;
  std::vector<Node> nodes;
};

}  // namespace tiersim::ast
