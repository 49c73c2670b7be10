#include "tiersim/components/service.hpp"

#include <algorithm>
#include <cmath>

namespace tiersim {

Service::Service(World& world, model::NodeId id)
    : world_(world), id_(id), node_(world.model.nodes[id]) {
  instances_.resize(static_cast<std::size_t>(node_.instances));
  for (auto& inst : instances_) {
    inst.free_cores = node_.machine.cores;
    inst.free_memory = node_.machine.memory_bytes.value_or(0);
    if (node_.machine.nic_bps) inst.nic = std::make_unique<Nic>(id, *node_.machine.nic_bps);
  }
  step_streams_.resize(node_.handlers.size());
  for (std::size_t c = 0; c < node_.handlers.size(); ++c)
    if (node_.handlers[c]) step_streams_[c].resize(node_.handlers[c]->size());
  miss_streams_.resize(node_.session_miss.size());
  if (node_.rate_limit) limiter_.emplace(*node_.rate_limit, world.model.clients.size());
}

std::uint32_t Service::next_instance() {
  const std::uint32_t i = round_robin_;
  round_robin_ = (round_robin_ + 1) % instance_count();
  return i;
}

RandomStream& Service::step_stream(const Visit& v) {
  const auto cls = world_.requests.get(v.request).request_class;
  auto& slot = v.in_session_miss ? miss_streams_[v.step] : step_streams_[cls][v.step];
  if (!slot)
    slot = std::make_unique<RandomStream>(
        world_.sim.stream(node_.name, (*v.handler)[v.step].stream_purpose));
  return *slot;
}

bool Service::memory_available(const Instance& inst) const {
  return !memory_modeled() || inst.free_memory >= node_.memory_per_request;
}

bool Service::waiting_room_full(const Instance& inst) const {
  if (!node_.queue_limit) return false;
  const auto waiting = static_cast<std::int64_t>(inst.memory_queue.size() + inst.core_queue.size());
  return waiting >= *node_.queue_limit;
}

void Service::set_waiting(std::uint32_t instance, std::int64_t delta) {
  world_.observer.level_changed(id_, instance, Gauge::waiting, world_.sim.now(), delta);
}

void Service::receive(RequestHandle request, std::uint32_t instance, std::int64_t /*bytes*/,
                      ReplyTo reply_to) {
  const Request& r = world_.requests.get(request);
  Instance& inst = instances_[instance];
  const SimTime now = world_.sim.now();
  world_.observer.visit_started(id_, instance, r, now);
  if (!inst.up) {
    // Nobody answers: the caller learns of the failure at once (a refused
    // connection).
    world_.reply(reply_to, nullptr, 0, Outcome::failed);
    world_.observer.visit_finished(id_, instance, r, now, now, now, Outcome::failed);
    return;
  }
  if (limiter_ && !limiter_->admit(r, now)) {
    // 429 at once: no memory, no core, no handler step.
    world_.observer.rate_limited(id_, r, now);
    world_.observer.rejected_at(id_, r, now);
    const SimTime left = world_.reply(reply_to, inst.nic.get(), 0, Outcome::rejected);
    world_.observer.visit_finished(id_, instance, r, now, now, left, Outcome::rejected);
    return;
  }
  const model::Handler* handler = &*node_.handlers[r.request_class];
  Visit visit{request, instance, reply_to, now, handler};
  visit.alive = true;
  visit.epoch = inst.epoch;
  const VisitId v = visits_.acquire(visit);
  // Stored sessions give way to requests: a request never waits for memory
  // that sessions hold.
  const bool sessions_make_room =
      node_.session_bytes > 0 &&
      inst.free_memory + inst.sessions.size() * node_.session_bytes >= node_.memory_per_request;
  while (sessions_make_room && inst.memory_queue.empty() && !memory_available(inst)) {
    const auto evicted = inst.sessions.evict_oldest();
    if (!evicted) break;
    forget_session(instance, *evicted);
    inst.free_memory += node_.session_bytes;
    world_.observer.level_changed(id_, instance, Gauge::memory_bytes, now, -node_.session_bytes);
    world_.observer.session_event(id_, SessionEvent::evicted, now, 1);
  }
  // Memory is granted FIFO: a newcomer does not overtake requests already
  // waiting for it.
  if (inst.memory_queue.empty() && memory_available(inst)) {
    admit(v);
    return;
  }
  if (waiting_room_full(inst)) {
    reject(v);
    return;
  }
  visits_[v].entered = true;
  visits_[v].queued = true;
  visits_[v].queued_since = world_.sim.now();
  inst.memory_queue.push_back(v);
  set_waiting(instance, +1);
}

void Service::end_wait(VisitId v) {
  Visit& visit = visits_[v];
  visit.queued = false;
  world_.observer.visit_waited(id_, visit.instance, world_.requests.get(visit.request),
                               visit.queued_since, world_.sim.now());
}

void Service::reject(VisitId v) {
  world_.observer.rejected_at(id_, world_.requests.get(visits_[v].request), world_.sim.now());
  finish(v, Outcome::rejected);
}

void Service::admit(VisitId v) {
  const std::uint32_t instance = visits_[v].instance;
  if (memory_modeled() && node_.memory_per_request > 0) {
    visits_[v].holds_memory = true;
    instances_[instance].free_memory -= node_.memory_per_request;
    world_.observer.level_changed(id_, instance, Gauge::memory_bytes, world_.sim.now(),
                                  node_.memory_per_request);
  }
  if (node_.state == model::SessionState::local) check_session(v);
  advance(v);
}

void Service::check_session(VisitId v) {
  Visit& visit = visits_[v];
  const Request& r = world_.requests.get(visit.request);
  Instance& inst = instances_[visit.instance];
  const SimTime now = world_.sim.now();
  expire_sessions(visit.instance);
  const auto owner = session_owner_.find(r.session);
  if (r.new_session) {
    world_.observer.session_event(id_, SessionEvent::created, now, 1);
    take_session(visit.instance, r.session);
  } else if (owner != session_owner_.end() && owner->second == visit.instance &&
             inst.sessions.touch(r.session, now)) {
    world_.observer.session_event(id_, SessionEvent::found, now, 1);
  } else {
    world_.observer.session_event(id_, SessionEvent::miss, now, 1);
    take_session(visit.instance, r.session);
    if (!node_.session_miss.empty()) {
      visit.in_session_miss = true;
      visit.handler = &node_.session_miss;
    }
  }
}

void Service::take_session(std::uint32_t instance, std::uint64_t session) {
  // A stale copy left from an earlier visit is refreshed in place.
  if (instances_[instance].sessions.touch(session, world_.sim.now()) ||
      store_session(instance, session)) {
    session_owner_[session] = instance;
  } else {
    session_owner_.erase(session);
  }
}

void Service::forget_session(std::uint32_t instance, std::uint64_t session) {
  const auto it = session_owner_.find(session);
  if (it != session_owner_.end() && it->second == instance) session_owner_.erase(it);
}

bool Service::store_session(std::uint32_t instance, std::uint64_t session) {
  Instance& inst = instances_[instance];
  const SimTime now = world_.sim.now();
  if (memory_modeled() && node_.session_bytes > 0) {
    std::int64_t evicted = 0;
    while (inst.free_memory < node_.session_bytes) {
      const auto dropped = inst.sessions.evict_oldest();
      if (!dropped) break;
      forget_session(instance, *dropped);
      inst.free_memory += node_.session_bytes;
      world_.observer.level_changed(id_, instance, Gauge::memory_bytes, now, -node_.session_bytes);
      ++evicted;
    }
    if (inst.free_memory < node_.session_bytes) {
      // No room even with every session gone (requests hold the memory):
      // the session is dropped as soon as it is made.
      world_.observer.session_event(id_, SessionEvent::evicted, now, evicted + 1);
      return false;
    }
    if (evicted > 0) world_.observer.session_event(id_, SessionEvent::evicted, now, evicted);
    inst.free_memory -= node_.session_bytes;
    world_.observer.level_changed(id_, instance, Gauge::memory_bytes, now, node_.session_bytes);
  }
  inst.sessions.insert(session, now);
  arm_expiry_timer(instance);
  return true;
}

void Service::expire_sessions(std::uint32_t instance) {
  Instance& inst = instances_[instance];
  const std::int64_t n =
      inst.sessions.expire(world_.sim.now(), node_.session_timeout,
                           [this, instance](std::uint64_t s) { forget_session(instance, s); });
  if (n == 0) return;
  world_.observer.session_event(id_, SessionEvent::expired, world_.sim.now(), n);
  if (memory_modeled() && node_.session_bytes > 0)
    release_memory(instance, n * node_.session_bytes);
}

void Service::arm_expiry_timer(std::uint32_t instance) {
  Instance& inst = instances_[instance];
  const auto oldest = inst.sessions.oldest_access();
  if (inst.expiry_timer || !oldest) return;
  inst.expiry_timer = true;
  world_.sim.schedule_at(*oldest + node_.session_timeout, [this, instance] {
    instances_[instance].expiry_timer = false;
    expire_sessions(instance);
    arm_expiry_timer(instance);
  });
}

void Service::advance(VisitId v) {
  Visit& visit = visits_[v];
  if (visit.step == visit.handler->size() && visit.in_session_miss) {
    // The session is restored: on to the class's own handler.
    visit.in_session_miss = false;
    visit.handler = &*node_.handlers[world_.requests.get(visit.request).request_class];
    visit.step = 0;
  }
  if (visit.step == visit.handler->size()) {
    finish(v, Outcome::completed);
    return;
  }
  const model::Step& step = (*visit.handler)[visit.step];
  if (std::holds_alternative<model::CpuStep>(step.action)) {
    Instance& inst = instances_[visit.instance];
    if (inst.free_cores > 0 && inst.core_queue.empty()) {
      start_cpu(v);
    } else if (!visit.entered && waiting_room_full(inst)) {
      reject(v);
    } else {
      visit.entered = true;
      visit.queued = true;
      visit.queued_since = world_.sim.now();
      inst.core_queue.push_back(v);
      set_waiting(visit.instance, +1);
    }
  } else if (const auto* fail = std::get_if<model::FailStep>(&step.action)) {
    // One draw per visit of the step, so the stream does not depend on p.
    if (step_stream(visit).next_unit() < fail->probability) {
      finish(v, Outcome::failed);
      return;
    }
    ++visit.step;
    advance(v);
  } else if (const auto* delay = std::get_if<model::DelayStep>(&step.action)) {
    const SimTime d = SimTime::from_ns(delay->time.sample_integer(step_stream(visit)));
    world_.sim.schedule_in(d, [this, v] {
      if (void_visit(v)) return;
      ++visits_[v].step;
      advance(v);
    });
  } else {
    const auto& call = std::get<model::CallStep>(step.action);
    Endpoint& callee = world_.node(call.node);
    const std::uint32_t target_instance = callee.next_instance();
    Nic* my_nic = instances_[visit.instance].nic.get();
    // Calls between tiers go over pooled connections (Flow::connection 0),
    // from this instance's address.
    const Flow flow{(std::uint64_t{id_} << 32) | visit.instance, 0};
    world_.send(visit.request, my_nic, call.node, target_instance, call.request_bytes,
                ReplyTo{this, v, my_nic, call.response_bytes, flow});
  }
}

void Service::on_reply(std::uint64_t token, Outcome outcome) {
  const auto v = static_cast<VisitId>(token);
  if (void_visit(v)) return;
  if (outcome != Outcome::completed) {
    finish(v, outcome);
    return;
  }
  ++visits_[v].step;
  advance(v);
}

void Service::start_cpu(VisitId v) {
  Visit& visit = visits_[v];
  visit.entered = true;
  --instances_[visit.instance].free_cores;
  world_.observer.level_changed(id_, visit.instance, Gauge::cores_busy, world_.sim.now(), +1);
  const auto& cpu = std::get<model::CpuStep>((*visit.handler)[visit.step].action);
  std::int64_t ns = cpu.time.sample_integer(step_stream(visit));
  if (slowdown_ != 1) ns = std::llround(static_cast<double>(ns) * slowdown_);
  world_.sim.schedule_in(SimTime::from_ns(ns), [this, v] { finish_cpu(v); });
}

void Service::finish_cpu(VisitId v) {
  if (void_visit(v)) return;
  const std::uint32_t instance = visits_[v].instance;
  Instance& inst = instances_[instance];
  ++inst.free_cores;
  world_.observer.level_changed(id_, instance, Gauge::cores_busy, world_.sim.now(), -1);
  // The freed core goes to the longest waiter before this request moves on,
  // so a request that needs the CPU again queues behind it (FIFO).
  if (!inst.core_queue.empty()) {
    const VisitId next = inst.core_queue.front();
    inst.core_queue.pop_front();
    end_wait(next);
    set_waiting(instance, -1);
    start_cpu(next);
  }
  ++visits_[v].step;
  advance(v);
}

void Service::release_visit(VisitId v) {
  visits_[v].alive = false;
  visits_.release(v);
}

bool Service::void_visit(VisitId v) {
  if (visits_[v].epoch == instances_[visits_[v].instance].epoch) return false;
  // The instance went down since this visit began; its failure was reported
  // then, and this was the last event that referred to it.
  release_visit(v);
  return true;
}

void Service::finish(VisitId v, Outcome outcome) {
  const Visit visit = visits_[v];
  release_visit(v);
  const std::int64_t bytes = outcome == Outcome::completed ? visit.reply_to.response_bytes : 0;
  const SimTime left =
      world_.reply(visit.reply_to, instances_[visit.instance].nic.get(), bytes, outcome);
  world_.observer.visit_finished(id_, visit.instance, world_.requests.get(visit.request),
                                 visit.arrived, world_.sim.now(), left, outcome);
  if (!visit.holds_memory) return;
  // Memory is held until the reply has left the instance (its send buffers).
  const std::uint32_t instance = visit.instance;
  if (left == world_.sim.now()) {
    release_memory(instance, node_.memory_per_request);
  } else {
    world_.sim.schedule_at(left, [this, instance, epoch = visit.epoch] {
      if (instances_[instance].epoch == epoch) release_memory(instance, node_.memory_per_request);
    });
  }
}

void Service::release_memory(std::uint32_t instance, std::int64_t bytes) {
  Instance& inst = instances_[instance];
  inst.free_memory += bytes;
  world_.observer.level_changed(id_, instance, Gauge::memory_bytes, world_.sim.now(), -bytes);
  // An admitted request whose handler takes no time releases its memory
  // within admit(); the outer loop then admits the next waiter, so the stack
  // stays flat however long the memory queue is.
  if (inst.draining_memory_queue) return;
  inst.draining_memory_queue = true;
  while (!inst.memory_queue.empty() && memory_available(inst)) {
    const VisitId next = inst.memory_queue.front();
    inst.memory_queue.pop_front();
    end_wait(next);
    set_waiting(instance, -1);
    admit(next);
  }
  inst.draining_memory_queue = false;
}

void Service::fail(std::uint32_t instance) {
  Instance& inst = instances_[instance];
  // Overlapping outages merge: the instance is down while any of them lasts.
  if (inst.outages++ > 0) return;
  const SimTime now = world_.sim.now();
  inst.up = false;
  const std::uint64_t dying = inst.epoch++;
  world_.observer.instance_changed(id_, instance, false, now);

  // Lost: the sessions whose current state was here (not stale copies).
  std::int64_t lost = 0;
  inst.sessions.for_each([&](std::uint64_t s) {
    const auto it = session_owner_.find(s);
    if (it == session_owner_.end() || it->second != instance) return;
    session_owner_.erase(it);
    ++lost;
  });
  if (lost > 0) world_.observer.session_event(id_, SessionEvent::lost, now, lost);
  inst.sessions.clear();

  // The instance's gauges fall to zero with it.
  const std::int64_t busy = node_.machine.cores - inst.free_cores;
  if (busy > 0) world_.observer.level_changed(id_, instance, Gauge::cores_busy, now, -busy);
  if (memory_modeled()) {
    const std::int64_t held = *node_.machine.memory_bytes - inst.free_memory;
    if (held > 0) world_.observer.level_changed(id_, instance, Gauge::memory_bytes, now, -held);
  }
  const auto waiting = static_cast<std::int64_t>(inst.memory_queue.size() + inst.core_queue.size());
  if (waiting > 0) set_waiting(instance, -waiting);

  // Every request on the instance fails now. A queued one has no event
  // pending and goes at once; the others go when their event fires.
  for (VisitId v = 0; v < visits_.capacity(); ++v) {
    const Visit visit = visits_[v];
    // Visits of an earlier outage, still waiting for their event, were
    // failed then.
    if (!visit.alive || visit.instance != instance || visit.epoch != dying) continue;
    world_.reply(visit.reply_to, nullptr, 0, Outcome::failed);
    world_.observer.visit_finished(id_, instance, world_.requests.get(visit.request), visit.arrived,
                                   now, now, Outcome::failed);
    if (visit.queued) release_visit(v);
  }
  inst.memory_queue.clear();
  inst.core_queue.clear();
  inst.free_cores = node_.machine.cores;
  inst.free_memory = node_.machine.memory_bytes.value_or(0);
}

void Service::restore(std::uint32_t instance) {
  Instance& inst = instances_[instance];
  if (inst.outages == 0 || --inst.outages > 0) return;
  inst.up = true;
  world_.observer.instance_changed(id_, instance, true, world_.sim.now());
}

}  // namespace tiersim

namespace tiersim {

void Service::slow_down(double factor) {
  slowdowns_.push_back(factor);
  slowdown_ *= factor;
}

void Service::speed_up(double factor) {
  const auto it = std::find(slowdowns_.begin(), slowdowns_.end(), factor);
  if (it == slowdowns_.end()) return;
  slowdowns_.erase(it);
  // Recomputed, not divided, so that the speed returns to exactly 1.
  slowdown_ = 1;
  for (const double f : slowdowns_) slowdown_ *= f;
}

}  // namespace tiersim
