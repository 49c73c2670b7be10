// Client: what open- and closed-loop clients share. A client picks a request
// class from its weighted mix, creates the request on behalf of one of its
// users, sends it to its target over one of that user's connections and
// finishes it when the reply comes back.
//
// Users, sessions and connections (model::Client):
// - A user is an index in [0, users) (closed loop) or [0, population) (open
//   loop); an open-loop client without a population sends every request as
//   a new anonymous user (Request::user 0) on a connection of its own.
// - A user's session lasts until its sampled `length` has passed since its
//   first request or it has been idle longer than `idle_timeout`; the next
//   request then starts a new one. Without either, one session per user.
// - A user holds `per_user` connection slots and uses them in turn. A slot
//   without an open connection opens one (a new id) to the target instance
//   the target's next_instance() names, and keeps it for the connection's
//   life. A connection closes when it has been idle for keep_alive, or when
//   a request on it fails or times out (a reset: the slot opens a new one
//   next time, and the target learns of the close once the reset
//   connection's last request is back). Requests on one connection may
//   overlap (as with HTTP/2). With keep_alive zero every request opens a
//   connection of its own, closed when its reply arrives.
//
// Timeouts and retries (model::Client::timeout, retry): each attempt is a
// request table entry of its own. The client stops waiting for an attempt
// after `timeout` (the attempt goes on in the system; its late reply is
// dropped); an attempt that timed out, failed or was rejected is retried
// after a backoff while attempts and the retry budget last. The request's
// latency runs from its first attempt; its outcome is its last attempt's.
// With a circuit breaker, an attempt it does not allow fails at once
// without being sent (short-circuited), and may be retried like any other.
//
// Streams: "class" for the mix (one draw per request, even for a single
// class, so that adding a class keeps the arrival stream unchanged);
// "session" for session lengths; "retry" for backoff jitter; arrivals,
// think times and user choice use streams of their own in the subclasses.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "tiersim/components/circuit_breaker.hpp"
#include "tiersim/components/endpoint.hpp"
#include "tiersim/components/world.hpp"
#include "tiersim/core/key_space.hpp"
#include "tiersim/core/random.hpp"
#include "tiersim/engine/slot_pool.hpp"

namespace tiersim {

class Client : public ReplySink {
 public:
  // `users`: how many users keep state (0 for anonymous one-off users).
  Client(World& world, std::uint32_t index, std::int64_t users);
  // Schedules the client's first request(s).
  virtual void start() = 0;
  // Requests created in the measured window and not finished yet, counted
  // by the client itself (for the conservation check).
  std::int64_t measured_in_flight() const { return measured_in_flight_; }
  // Of those, the ones created before `cutoff`.
  std::int64_t measured_in_flight_before(SimTime cutoff) const;

  static constexpr std::int64_t kAnonymous = -1;

 protected:
  // Creates and sends one request of `user` (an index, or kAnonymous);
  // `user` comes back in on_finished. The class is drawn from the mix, or
  // given (with its sizes) by a replayed trace.
  void send_request(std::int64_t user);
  // `key`: the request's key, or 0 to draw one from the class's key space.
  void send_request(std::int64_t user, const model::RequestMix& mix, std::uint64_t key = 0);
  // The request of `user` finished with `outcome`.
  virtual void on_finished(std::int64_t user, Outcome outcome) = 0;

  World& world_;
  std::uint32_t index_;
  const model::Client& spec_;

 private:
  void on_reply(std::uint64_t token, Outcome outcome) final;

  struct Connection {
    std::uint64_t id = 0;  // 0: closed
    std::uint32_t instance = 0;
    std::int64_t in_use = 0;
    SimTime last_used;
    bool idle_timer = false;
  };
  struct User {
    std::uint64_t session = 0;  // 0: none yet
    SimTime session_ends = SimTime::max();
    SimTime last_request;
    std::uint32_t next_slot = 0;
  };
  // A request as its client sees it, across its attempts.
  struct Logical {
    Request base;  // as created; every attempt is a copy
    std::int64_t user = kAnonymous;
    std::int64_t attempts = 0;
    bool live = true;  // false once finished (its slot free)
  };
  // One attempt in flight (or timed out and awaiting its late reply).
  struct Pending {
    RequestHandle request = 0;
    std::uint32_t logical = 0;
    std::size_t slot = 0;  // index into connections_ (unused for its own connection)
    std::uint64_t connection = 0;
    std::uint32_t instance = 0;
    bool own_connection = false;     // opened for this attempt alone, closed with it
    bool timed_out = false;          // the client stopped waiting
    std::int64_t breaker_epoch = 0;  // times the breaker had opened when this was sent
    EventId timer;
    bool has_timer = false;
  };
  // A connection reset while other requests were on it.
  struct Resetting {
    std::int64_t in_flight = 0;
    std::uint32_t instance = 0;
  };

  const model::RequestMix& pick_class();
  void update_session(Request& r, std::int64_t user);
  void send_attempt(std::uint32_t logical);
  void on_timeout(std::uint32_t token);
  void attempt_ended(std::uint32_t logical, Outcome outcome);
  void record_outcome(const Pending& p, Outcome outcome);
  void finish(std::uint32_t logical, Outcome outcome);
  SimTime backoff(std::int64_t retry);
  void release_connection(const Pending& p, Outcome outcome);
  void close(Connection& c);
  void arm_idle_timer(std::size_t slot);
  std::uint64_t address_of(std::int64_t user, std::uint64_t serial) const;

  RandomStream class_stream_;
  RandomStream session_stream_;
  RandomStream key_stream_;
  std::vector<std::optional<KeySampler>> key_samplers_;  // by class; with a key space
  RandomStream retry_stream_;
  double total_weight_ = 0;
  double retry_tokens_ = 0;
  std::int64_t measured_in_flight_ = 0;
  std::vector<User> users_;
  std::vector<Connection> connections_;  // users_.size() * per_user slots
  SlotPool<Logical> logical_;
  SlotPool<Pending> pending_;  // by the reply token given to the target
  std::unordered_map<std::uint64_t, Resetting> resetting_;  // by connection id
  std::optional<CircuitBreaker> breaker_;
};

}  // namespace tiersim
