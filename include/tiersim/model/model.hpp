// Model: a compiled scenario, ready to simulate.
//
// Plain data. Names are resolved to indices, units to integers (SimTime in
// nanoseconds, bytes, bits per second), defaults applied, instance types
// looked up. A Model can be built in C++ without any YAML (tests do), and it
// is never modified during a run: all mutable state lives in the simulation.
//
// Invariant (established by compile()): every NodeId and ClassId is a valid
// index; every class that a client sends has a handler on every service it
// can reach; synchronous calls form no cycle.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "tiersim/core/distribution.hpp"
#include "tiersim/core/key_space.hpp"
#include "tiersim/core/sim_time.hpp"
#include "tiersim/model/topology.hpp"

namespace tiersim::model {

using NodeId = std::uint32_t;
using ClassId = std::uint32_t;

// The hardware of one instance. Absent memory or NIC bandwidth means
// unlimited (not modeled).
struct Machine {
  std::int64_t cores = 1;
  std::optional<std::int64_t> memory_bytes;
  std::optional<std::int64_t> nic_bps;
  double price_per_hour = 0;  // USD per instance-hour
  std::string instance_type;  // catalog name, or "" for a custom machine
};

struct CpuStep {
  Distribution time;  // nanoseconds
};
struct DelayStep {
  Distribution time;  // nanoseconds
};
struct CallStep {
  NodeId node = 0;
  std::int64_t request_bytes = 0;
  std::int64_t response_bytes = 0;
};

// The visit ends failed with `probability` (a crash, a bad input, a
// dependency's error the handler gives up on).
struct FailStep {
  double probability = 0;
};

struct Step {
  std::variant<CpuStep, DelayStep, CallStep, FailStep> action;
  // Random-stream purpose of this step, unique within its node
  // ("handle/<class>/<index>"); keeps each step's draws independent.
  std::string stream_purpose;
};

using Handler = std::vector<Step>;

// How a load balancer picks a backend instance. At layer 4 the choice is
// made once per client connection, at layer 7 once per request (see
// docs/models.md#load-balancers).
enum class BalancingPolicy {
  random,
  round_robin,
  least_connections,           // L4: open connections; L7: same as least_outstanding_requests
  least_outstanding_requests,  // L7 only: requests forwarded and not yet answered
  power_of_two_choices,        // two random backends, the one with fewer outstanding
  weighted_random,             // probability proportional to the backend's cores
  hash,                        // hash of the client's address and port (its connection)
  ip_hash,                     // hash of the client's address only
  key_hash,                    // L7 only: hash of the request's key (sharding); no key: as hash
};

// Active health checks of a load balancer's backends: a probe every
// `interval`; a backend that fails `unhealthy_threshold` probes in a row is
// taken out, one that passes `healthy_threshold` in a row is put back.
struct HealthCheck {
  SimTime interval = SimTime::from_seconds(10);
  SimTime timeout = SimTime::from_seconds(5);  // a probe to a down backend fails after this
  std::int64_t unhealthy_threshold = 2;
  std::int64_t healthy_threshold = 2;
};

// A message queue (kind "queue"; components/queue_node.hpp): messages
// published to it wait until an instance of `consumers` has a free slot
// (`concurrency` per instance), are delivered, and are deleted when the
// consumer's handler completes. A delivery that fails, or that is not done
// within `visibility_timeout`, is delivered again later; after
// `max_receives` deliveries a message goes to `dead_letter` (or is dropped).
struct QueueSpec {
  NodeId consumers = 0;
  std::int64_t concurrency = 1;
  std::optional<std::int64_t> capacity;  // messages held at most; nullopt: unbounded
  SimTime visibility_timeout = SimTime::from_seconds(30);
  std::optional<std::int64_t> max_receives;
  std::optional<NodeId> dead_letter;
  SimTime persist = SimTime::zero();  // the durable write before a publish is acknowledged
  // With a capacity: a publish to a full queue is rejected, or waits (its
  // publisher blocked) until a message is done.
  bool block_when_full = false;
  // FIFO: messages of one group (the publishing request's user; all
  // anonymous users are one group) are delivered in order, one at a time:
  // the next waits until the one before is done or dead-lettered.
  bool fifo = false;
  // The broker's CPU per message stored and per message delivered, on one
  // core of the queue's instance (FIFO among them).
  Distribution message_cpu = Distribution::constant(0);
  // How consumers receive (docs/models.md#queues): each slot asks for up
  // to `receive_batch` messages at a time and works through them in turn.
  // A receive waits up to `receive_wait` for a message (long polling); with
  // a zero wait it returns at once (short polling), and a slot that got
  // nothing asks again `poll_interval` later.
  std::int64_t receive_batch = 1;
  SimTime receive_wait = SimTime::from_seconds(20);
  SimTime poll_interval = SimTime::from_seconds(1);
  double price_per_million_requests = 0;  // USD per million API calls
};

// A token bucket in front of a node (the lecture's rate limiting): tokens
// accrue at `rate` a second up to `burst`; each request takes one, and one
// that finds none is turned away at once (HTTP 429). One bucket for the
// node (`global`), per client of the scenario (`client`: each holds one API
// key), or per user (`user`; anonymous one-off users are not limited).
struct RateLimit {
  enum class Per { global, client, user };
  double rate = 1;  // tokens per second, > 0
  std::int64_t burst = 1;
  Per per = Per::global;
};

// TLS terminated at a layer-7 load balancer, paid on its cores.
struct Tls {
  Distribution handshake_cpu;  // ns of one core per new client connection
  // Bytes a core encrypts or decrypts per second, in bits per second; the
  // request and response bytes cost bytes*8/bulk_bps of a core. 0: free.
  std::int64_t bulk_bps = 0;
};

inline constexpr std::uint32_t kNoPool = UINT32_MAX;

// Where a service keeps its users' sessions.
enum class SessionState {
  none,      // no session state: any instance serves any request alike
  local,     // in instance memory: a request whose session is elsewhere is a miss
  external,  // in another node, called on every request (a CallStep compile() prepends)
};

struct Node {
  std::string name;
  std::string kind;  // registered component kind: "service", "load_balancer"
  std::int64_t instances = 1;
  Machine machine;
  // Waiting room per instance; nullopt = unbounded, 0 = no waiting room.
  std::optional<std::int64_t> queue_limit;
  std::int64_t memory_per_request = 0;  // bytes held while a request is on an instance
  // Indexed by ClassId; nullopt where the node has no handler for the class.
  std::vector<std::optional<Handler>> handlers;

  // service: sessions (see SessionState).
  SessionState state = SessionState::none;
  std::int64_t session_bytes = 0;  // local: instance memory one stored session holds
  SimTime session_timeout = SimTime::from_seconds(1800);  // local: idle sessions dropped
  // local: steps run before the class's handler when the request's session
  // is not on the instance (stream purposes "session_miss/<index>").
  Handler session_miss;
  std::optional<NodeId> session_store;  // external: the node called first

  // load_balancer
  int layer = 7;
  BalancingPolicy policy = BalancingPolicy::random;
  // Backend pools: each is a list of nodes whose instances form one pool
  // (in list order, each node's instances in index order). Pool 0 is the
  // `target`, empty when routes alone say where requests go; routes add
  // more (pools 1 and up).
  std::vector<std::vector<NodeId>> pools;
  // Indexed by ClassId: the pool that requests of the class go to
  // (resolved from routes at compile time), kNoPool for a class that no
  // route and no target takes.
  std::vector<std::uint32_t> pool_of_class;
  bool sticky = false;  // L7: a cookie binds a user to the backend that served it
  std::optional<std::int64_t> max_connections;  // open client connections per instance
  Distribution connection_cpu;                  // ns of one core per new client connection
  Distribution request_cpu;                     // L7: ns of one core per request
  std::optional<Tls> tls;                       // L7 only
  double price_per_gb = 0;  // USD per 10^9 bytes of requests and responses through it
  std::optional<HealthCheck> health_check;
  // Both kinds.
  std::optional<RateLimit> rate_limit;
  // queue
  std::optional<QueueSpec> queue;
};

struct RequestMix {
  ClassId request_class = 0;
  double weight = 1;
  std::int64_t request_bytes = 0;
  std::int64_t response_bytes = 0;
  std::optional<KeySpace> keys = std::nullopt;  // each request draws a key from it; nullopt: no key
};

enum class Arrival { poisson, constant };

// One arrival of a replayed trace. `mix` indexes the client's mix; sizes
// and user of -1 take the class's sizes and a user as without a trace.
struct TraceArrival {
  SimTime at;
  std::uint32_t mix = 0;
  std::int64_t request_bytes = -1, response_bytes = -1, user = -1;
  std::int64_t key = -1;  // -1: drawn from the class's key space, if it has one
};

// A crowd that adds `rate` to an open-loop client's base rate over time (see
// core/rate_profile.hpp for the shapes). Times count from the start of the
// run, warm-up included.
struct Crowd {
  enum class Kind { step, spike, ramp, bursts, daily, deadline };
  Kind kind = Kind::step;
  double rate = 0;                                     // per second, > 0
  SimTime at;                                          // step, spike, deadline
  SimTime length;                                      // spike, bursts
  SimTime from, to;                                    // ramp
  SimTime every, first;                                // bursts
  SimTime period = SimTime::from_seconds(24 * 3600);   // daily
  SimTime peak_at = SimTime::from_seconds(14 * 3600);  // daily: time of the peak in each period
  SimTime half_life;                                   // deadline
};

// How a client's users hold connections to its target.
struct ConnectionPolicy {
  // How long a connection may stay idle and still be reused; zero: every
  // request opens a connection of its own, closed when its reply arrives.
  SimTime keep_alive = SimTime::zero();
  std::int64_t per_user = 1;  // connections a user spreads its requests over, in turn
};

// What a client does when an attempt fails, is rejected or times out: it
// tries again, up to `attempts` attempts in all, after a backoff of
// backoff * multiplier^(retry - 1), capped at max_backoff, with jitter.
enum class Jitter {
  none,   // exactly the backoff
  full,   // uniform in [0, backoff]
  equal,  // backoff/2 + uniform in [0, backoff/2]
};
struct RetryPolicy {
  std::int64_t attempts = 1;  // 1: no retries
  SimTime backoff = SimTime::zero();
  double multiplier = 2;
  SimTime max_backoff = SimTime::from_seconds(60);
  Jitter jitter = Jitter::none;
  // Retry budget: each first attempt earns `budget` retry tokens, at most
  // kMaxRetryTokens banked; a retry spends one, and without one the request
  // fails instead of retrying. nullopt: no budget.
  std::optional<double> budget;
};
inline constexpr double kMaxRetryTokens = 100;

// A client's circuit breaker (see components/circuit_breaker.hpp): after
// `failures` attempts in a row fail (failed, rejected or timed out), it opens
// and fails every attempt at once, without sending it, for `open_for`; then
// it lets `probes` attempts through, and closes if they all succeed.
struct CircuitBreakerPolicy {
  std::int64_t failures = 5;
  SimTime open_for = SimTime::from_seconds(30);
  std::int64_t probes = 1;
};

// A user's session: an id the application keys state on. Without a length
// or an idle timeout a session lasts as long as its user.
struct SessionPolicy {
  std::optional<Distribution> length;  // ns from the session's first request
  std::optional<SimTime> idle_timeout;
};

struct Client {
  std::string name;
  bool closed_loop = false;
  // Open loop.
  double rate_per_second = 0;
  Arrival arrival = Arrival::poisson;
  // Open loop: crowds on top of rate_per_second (empty: a constant rate).
  std::vector<Crowd> shape;
  // Open loop, replayed: the arrivals in time order, instead of a rate.
  bool replay = false;
  std::vector<TraceArrival> trace;
  // Closed loop.
  std::int64_t users = 0;
  Distribution think_time;  // nanoseconds
  NodeId target = 0;
  std::vector<RequestMix> mix;
  // Open loop: the number of users arrivals come from, each arrival picking
  // one uniformly; 0: every request comes from a new user. Closed loop: the
  // users are `users`.
  std::int64_t population = 0;
  ConnectionPolicy connection;
  SessionPolicy session;
  // How long the client waits for an attempt's reply before giving up on it
  // (the server is not told and goes on working); nullopt: forever.
  std::optional<SimTime> timeout;
  RetryPolicy retry;
  std::optional<CircuitBreakerPolicy> circuit_breaker;
};

// An instance that goes down at `at` (its requests fail, its local state is
// lost) and comes back, empty, at `restore`. Times count from the start of
// the run, warm-up included.
struct InstanceOutage {
  NodeId node = 0;
  std::uint32_t instance = 0;
  SimTime at;
  std::optional<SimTime> restore;
};

// Every instance of a service runs its cpu steps `factor` times slower from
// `at` until `restore` (a noisy neighbour, a GC storm, a degraded disk).
// Times count from the start of the run, warm-up included.
struct Slowdown {
  NodeId node = 0;
  double factor = 1;
  SimTime at;
  std::optional<SimTime> restore;
};

// A service level objective over the measured window: at least `target`
// of the requests finished in it must be good, that is completed (within
// `latency`, when given). Its error budget is the 1 - target allowed bad.
struct Slo {
  double target = 0.999;
  std::optional<SimTime> latency;
};

struct Model {
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  SimTime duration = SimTime::from_seconds(60);  // measured window
  SimTime warmup = SimTime::zero();              // simulated before the window
  double hours_per_month = 730;
  std::optional<Slo> slo;
  // A run stops with exit code 3 when more requests than this are in flight.
  std::int64_t max_in_flight = 1'000'000;
  // Limits of the run itself, from the command line (nullopt: none); each
  // stops the run with exit code 3 and a partial result. Wall-clock time and
  // memory depend on the machine, so a run they stop is not reproducible.
  std::optional<std::uint64_t> max_events;
  std::optional<double> max_wall_seconds;
  std::optional<std::int64_t> max_memory_bytes;  // resident memory of the process
  // From the command line (--series): record the run in intervals of this
  // length (Result::series); nullopt: no series.
  std::optional<SimTime> series_interval;
  // From the command line (--trace): trace the first this many client
  // requests of the measured window (Result::trace); nullopt: no trace.
  std::optional<std::int64_t> trace_requests;
  // Where catalog prices come from ("us-east-1 ... on 2026-12-03"), for the
  // cost report; empty when no node uses a catalog type.
  std::string price_source;
  std::vector<std::string> classes;      // indexed by ClassId
  std::vector<std::string> class_paths;  // indexed by ClassId: "/<class>" unless given
  std::vector<Client> clients;
  std::vector<Node> nodes;              // indexed by NodeId
  std::vector<InstanceOutage> outages;  // in time order
  std::vector<Slowdown> slowdowns;      // in time order
  Topology topology;

  std::optional<NodeId> find_node(std::string_view name) const;
};

}  // namespace tiersim::model
