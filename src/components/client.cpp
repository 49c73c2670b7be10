#include "tiersim/components/client.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

namespace tiersim {

Client::Client(World& world, std::uint32_t index, std::int64_t users)
    : world_(world),
      index_(index),
      spec_(world.model.clients[index]),
      class_stream_(world.sim.stream(world.model.clients[index].name, "class")),
      session_stream_(world.sim.stream(world.model.clients[index].name, "session")),
      key_stream_(world.sim.stream(world.model.clients[index].name, "keys")),
      retry_stream_(world.sim.stream(world.model.clients[index].name, "retry")) {
  for (const auto& m : spec_.mix) total_weight_ += m.weight;
  key_samplers_.resize(world.model.classes.size());
  for (const auto& m : spec_.mix)
    if (m.keys) key_samplers_[m.request_class].emplace(*m.keys);
  users_.resize(static_cast<std::size_t>(users));
  connections_.resize(users_.size() * static_cast<std::size_t>(spec_.connection.per_user));
  if (spec_.circuit_breaker) breaker_.emplace(*spec_.circuit_breaker);
}

const model::RequestMix& Client::pick_class() {
  // Cumulative weights in file order; the last class takes any rounding rest.
  const double u = class_stream_.next_unit() * total_weight_;
  double acc = 0;
  for (const auto& m : spec_.mix) {
    acc += m.weight;
    if (u < acc) return m;
  }
  return spec_.mix.back();
}

std::uint64_t Client::address_of(std::int64_t user, std::uint64_t serial) const {
  // Distinct for every user of every client, and for every anonymous request.
  if (user == kAnonymous) return (std::uint64_t{1} << 63) | serial;
  return (std::uint64_t{index_ + 1} << 40) | static_cast<std::uint64_t>(user + 1);
}

void Client::update_session(Request& r, std::int64_t user) {
  const SimTime now = r.created;
  if (user == kAnonymous) {
    r.session = world_.next_session_id++;
    r.new_session = true;
    return;
  }
  User& u = users_[static_cast<std::size_t>(user)];
  const auto& policy = spec_.session;
  const bool idle_too_long =
      policy.idle_timeout && u.session != 0 && now - u.last_request > *policy.idle_timeout;
  if (u.session == 0 || now >= u.session_ends || idle_too_long) {
    u.session = world_.next_session_id++;
    r.new_session = true;
    u.session_ends = SimTime::max();
    if (policy.length) {
      const std::int64_t length = policy.length->sample_integer(session_stream_);
      if (length < (SimTime::max() - now).ns()) u.session_ends = now + SimTime::from_ns(length);
    }
  }
  u.last_request = now;
  r.session = u.session;
}

std::int64_t Client::measured_in_flight_before(SimTime cutoff) const {
  std::int64_t n = 0;
  for (std::uint32_t i = 0; i < logical_.capacity(); ++i) {
    const Logical& l = logical_[i];
    n += l.live && l.base.measured && l.base.created < cutoff;
  }
  return n;
}

void Client::send_request(std::int64_t user) {
  send_request(user, pick_class());
}

void Client::send_request(std::int64_t user, const model::RequestMix& mix, std::uint64_t key) {
  const model::Model& model = world_.model;
  const SimTime now = world_.sim.now();
  Request r;
  r.request_class = mix.request_class;
  r.client = index_;
  r.created = now;
  r.request_bytes = mix.request_bytes;
  r.response_bytes = mix.response_bytes;
  const auto& sampler = key_samplers_[mix.request_class];
  r.key = key != 0 ? key : sampler ? sampler->sample(key_stream_) : 0;
  r.measured = now >= model.warmup && now < model.warmup + model.duration;
  r.user = user == kAnonymous ? 0 : address_of(user, 0);
  update_session(r, user);
  if (r.measured) ++measured_in_flight_;
  if (spec_.retry.budget)
    retry_tokens_ = std::min(model::kMaxRetryTokens, retry_tokens_ + *spec_.retry.budget);
  const std::uint32_t logical = logical_.acquire(Logical{r, user, 0});
  send_attempt(logical);
}

void Client::send_attempt(std::uint32_t logical) {
  const model::Model& model = world_.model;
  const std::int64_t user = logical_[logical].user;
  const bool first = logical_[logical].attempts++ == 0;
  const RequestHandle h = world_.requests.create(logical_[logical].base);
  Request& created = world_.requests.get(h);
  if (!first) created.origin = logical_[logical].base.serial;
  if (first) {
    // The request is known by its first attempt's serial from now on.
    logical_[logical].base.serial = created.serial;
    world_.observer.request_created(created);
  }
  if (static_cast<std::int64_t>(world_.requests.live()) > model.max_in_flight) {
    world_.sim.halt(fmt::format(
        "more than {} requests in flight at t={:.3f}s: the system does not keep up with its "
        "load (raise limits.max_in_flight to simulate further)",
        model.max_in_flight, world_.sim.now().seconds()));
  }

  if (breaker_ && !breaker_->allow(world_.sim.now())) {
    // Short-circuited: never sent, so no connection and no load on the target.
    world_.observer.short_circuited(created, world_.sim.now());
    world_.requests.release(h);
    attempt_ended(logical, Outcome::failed);
    return;
  }
  Endpoint& target = world_.node(spec_.target);
  Pending p;
  p.request = h;
  p.logical = logical;
  if (breaker_) p.breaker_epoch = breaker_->times_opened();
  if (user == kAnonymous || spec_.connection.keep_alive == SimTime::zero()) {
    p.own_connection = true;
    p.connection = world_.next_connection_id++;
    p.instance = target.next_instance();
  } else {
    User& u = users_[static_cast<std::size_t>(user)];
    const auto per_user = static_cast<std::size_t>(spec_.connection.per_user);
    p.slot = static_cast<std::size_t>(user) * per_user + u.next_slot;
    u.next_slot = static_cast<std::uint32_t>((u.next_slot + 1) % per_user);
    Connection& c = connections_[p.slot];
    if (c.id == 0) {
      c.id = world_.next_connection_id++;
      c.instance = target.next_instance();
    }
    ++c.in_use;
    p.connection = c.id;
    p.instance = c.instance;
  }
  const Flow flow{address_of(user, created.serial), p.connection};
  const std::uint32_t token = pending_.acquire(p);
  if (spec_.timeout) {
    pending_[token].timer =
        world_.sim.schedule_in(*spec_.timeout, [this, token] { on_timeout(token); });
    pending_[token].has_timer = true;
  }
  world_.send(h, nullptr, spec_.target, p.instance, created.request_bytes,
              ReplyTo{this, token, nullptr, created.response_bytes, flow});
}

void Client::on_timeout(std::uint32_t token) {
  Pending& p = pending_[token];
  p.timed_out = true;
  p.has_timer = false;
  // Giving up resets the connection, as a failure does; the attempt goes on
  // in the system and its late reply is dropped in on_reply.
  release_connection(p, Outcome::timed_out);
  const std::uint32_t logical = p.logical;
  record_outcome(p, Outcome::timed_out);
  world_.observer.attempt_timed_out(logical_[logical].base, world_.sim.now());
  attempt_ended(logical, Outcome::timed_out);
}

void Client::on_reply(std::uint64_t token, Outcome outcome) {
  const auto slot = static_cast<std::uint32_t>(token);
  const Pending p = pending_[slot];
  pending_.release(slot);
  world_.requests.release(p.request);
  if (p.timed_out) return;  // the client stopped waiting for this one
  if (p.has_timer) world_.sim.cancel(p.timer);
  release_connection(p, outcome);
  record_outcome(p, outcome);
  attempt_ended(p.logical, outcome);
}

void Client::record_outcome(const Pending& p, Outcome outcome) {
  // An attempt sent before the breaker last opened says nothing about the
  // target now: it is not a probe, nor a failure in the current count.
  if (!breaker_ || p.breaker_epoch != breaker_->times_opened()) return;
  if (breaker_->record(outcome, world_.sim.now()))
    world_.observer.breaker_opened(index_, world_.sim.now());
}

SimTime Client::backoff(std::int64_t retry) {
  const model::RetryPolicy& policy = spec_.retry;
  double b = static_cast<double>(policy.backoff.ns());
  const double cap = static_cast<double>(policy.max_backoff.ns());
  for (std::int64_t k = 1; k < retry && b < cap; ++k) b *= policy.multiplier;
  b = std::min(b, cap);
  switch (policy.jitter) {
    case model::Jitter::none:
      break;
    case model::Jitter::full:
      b *= retry_stream_.next_unit();
      break;
    case model::Jitter::equal:
      b = b / 2 + b / 2 * retry_stream_.next_unit();
      break;
  }
  return SimTime::from_ns(std::llround(b));
}

void Client::attempt_ended(std::uint32_t logical, Outcome outcome) {
  const Logical& l = logical_[logical];
  const model::RetryPolicy& policy = spec_.retry;
  if (outcome == Outcome::completed || l.attempts >= policy.attempts) {
    finish(logical, outcome);
    return;
  }
  if (policy.budget) {
    // No token: the request fails now rather than add load.
    if (retry_tokens_ < 1) {
      finish(logical, outcome);
      return;
    }
    retry_tokens_ -= 1;
  }
  world_.observer.retried(l.base, world_.sim.now());
  const SimTime wait = backoff(l.attempts);
  if (wait == SimTime::zero()) {
    send_attempt(logical);
  } else {
    world_.sim.schedule_in(wait, [this, logical] { send_attempt(logical); });
  }
}

void Client::finish(std::uint32_t logical, Outcome outcome) {
  const Logical l = logical_[logical];
  logical_[logical].live = false;
  logical_.release(logical);
  if (l.base.measured) --measured_in_flight_;
  world_.observer.request_finished(l.base, outcome, world_.sim.now());
  on_finished(l.user, outcome);
}

void Client::close(Connection& c) {
  world_.node(spec_.target).connection_closed(c.id, c.instance);
  c.id = 0;
}

void Client::arm_idle_timer(std::size_t slot) {
  Connection& c = connections_[slot];
  if (c.idle_timer) return;
  c.idle_timer = true;
  world_.sim.schedule_at(c.last_used + spec_.connection.keep_alive, [this, slot] {
    Connection& conn = connections_[slot];
    conn.idle_timer = false;
    if (conn.id == 0 || conn.in_use > 0) return;  // closed already, or the next reply re-arms
    if (world_.sim.now() - conn.last_used >= spec_.connection.keep_alive) {
      close(conn);
    } else {
      arm_idle_timer(slot);
    }
  });
}

void Client::release_connection(const Pending& p, Outcome outcome) {
  Endpoint& target = world_.node(spec_.target);
  if (p.own_connection) {
    target.connection_closed(p.connection, p.instance);
    return;
  }
  Connection& c = connections_[p.slot];
  if (c.id != p.connection) {
    // The connection was reset under this request: the last request of it
    // to come back closes it, so that nothing still on its way to the target
    // arrives on a connection the target has forgotten.
    const auto it = resetting_.find(p.connection);
    if (it != resetting_.end() && --it->second.in_flight == 0) {
      target.connection_closed(p.connection, it->second.instance);
      resetting_.erase(it);
    }
    return;
  }
  --c.in_use;
  c.last_used = world_.sim.now();
  if (outcome == Outcome::failed || outcome == Outcome::timed_out) {
    // A failure resets the connection; the slot opens a new one next time.
    if (c.in_use > 0) {
      resetting_[c.id] = Resetting{c.in_use, c.instance};
    } else {
      target.connection_closed(c.id, c.instance);
    }
    c.id = 0;
    c.in_use = 0;
  } else if (c.in_use == 0) {
    arm_idle_timer(p.slot);
  }
}

}  // namespace tiersim
