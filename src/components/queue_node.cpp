#include "tiersim/components/queue_node.hpp"

namespace tiersim {

QueueNode::QueueNode(World& world, model::NodeId id)
    : world_(world),
      id_(id),
      node_(world.model.nodes[id]),
      spec_(*node_.queue),
      cpu_stream_(world.sim.stream(world.model.nodes[id].name, "message_cpu")) {
  for (std::int64_t i = 0; i < node_.instances; ++i) {
    nics_.push_back(node_.machine.nic_bps ? std::make_unique<Nic>(id, *node_.machine.nic_bps)
                                          : nullptr);
    // The queue's waiting gauge is its depth, not work waiting for a core.
    brokers_.push_back(std::make_unique<CorePool>(world, id, static_cast<std::uint32_t>(i),
                                                  node_.machine.cores, false));
  }
  // Every slot of every consumer instance, the instances interleaved so
  // that the first messages spread over them.
  // From the model: the consumers' component may not be built yet.
  const auto consumers = static_cast<std::uint32_t>(world.model.nodes[spec_.consumers].instances);
  for (std::int64_t c = 0; c < spec_.concurrency; ++c)
    for (std::uint32_t i = 0; i < consumers; ++i) free_slots_.push_back(i);
}

std::uint32_t QueueNode::next_instance() {
  const std::uint32_t i = round_robin_;
  round_robin_ = (round_robin_ + 1) % instance_count();
  return i;
}

void QueueNode::receive(RequestHandle request, std::uint32_t instance, std::int64_t bytes,
                        ReplyTo reply_to) {
  const Request& r = world_.requests.get(request);
  const SimTime now = world_.sim.now();
  world_.observer.visit_started(id_, instance, r, now);
  const Publish p{r, instance, bytes, reply_to, now};
  if (spec_.capacity && (held_ >= *spec_.capacity || !blocked_.empty())) {
    if (spec_.block_when_full) {
      // Backpressure: the publisher waits, behind any that already do.
      blocked_.push_back(p);
      return;
    }
    world_.observer.queue_event(id_, QueueEvent::rejected, now, SimTime::zero());
    world_.observer.rejected_at(id_, r, now);
    const SimTime left = world_.reply(reply_to, nic(instance), 0, Outcome::rejected);
    world_.observer.visit_finished(id_, instance, r, now, now, left, Outcome::rejected);
    return;
  }
  accept(p);
}

void QueueNode::accept(const Publish& p) {
  // Held from now: a publish in the middle of its durable write counts
  // against the capacity.
  ++held_;
  auto stored = [this, p] {
    --held_;  // store() counts it again
    store(p.request, p.bytes);
    const SimTime at = world_.sim.now();
    const SimTime left = world_.reply(p.reply_to, nic(p.instance), 0, Outcome::completed);
    world_.observer.visit_finished(id_, p.instance, p.request, p.arrived, at, left,
                                   Outcome::completed);
    dispatch();
  };
  on_core(p.instance, [this, stored = std::move(stored)]() mutable {
    if (spec_.persist == SimTime::zero())
      stored();
    else
      world_.sim.schedule_in(spec_.persist, std::move(stored));
  });
}

void QueueNode::admit_blocked() {
  while (!blocked_.empty() && held_ < *spec_.capacity) {
    const Publish p = blocked_.front();
    blocked_.pop_front();
    accept(p);
  }
}

void QueueNode::on_core(std::uint32_t instance, Action then) {
  const auto& cost = spec_.message_cpu;
  if (cost.is_constant() && cost.mean() == 0) {
    then();
    return;
  }
  brokers_[instance]->run(SimTime::from_ns(cost.sample_integer(cpu_stream_)), std::move(then));
}

void QueueNode::accept_dead_letter(const Request& job, std::int64_t bytes) {
  store(job, bytes);
  dispatch();
}

void QueueNode::store(const Request& job, std::int64_t bytes) {
  const SimTime now = world_.sim.now();
  // The queue's own copy: the publisher's request goes on (and is released
  // by its client) while the message waits.
  const RequestHandle copy = world_.requests.create(job);
  Message m;
  m.job = copy;
  m.published = now;
  m.bytes = bytes;
  m.group = job.user;
  const std::uint32_t id = messages_.acquire(m);
  ++held_;
  world_.observer.queue_event(id_, QueueEvent::published, now, SimTime::zero());
  make_visible(id);
}

void QueueNode::make_visible(std::uint32_t m, bool front) {
  messages_[m].visible = true;
  ++messages_[m].in_line;
  if (spec_.fifo) {
    Group& g = groups_[messages_[m].group];
    if (front)
      g.line.push_front(m);
    else
      g.line.push_back(m);
    mark_ready(messages_[m].group);
  } else {
    visible_.push_back(m);
  }
  world_.observer.level_changed(id_, 0, Gauge::waiting, world_.sim.now(), +1);
}

void QueueNode::mark_ready(std::uint64_t group) {
  Group& g = groups_[group];
  if (g.busy || g.ready || g.line.empty()) return;
  g.ready = true;
  ready_.push_back(group);
}

void QueueNode::group_free(std::uint32_t m) {
  const std::uint64_t group = messages_[m].group;
  Group& g = groups_[group];
  if (!g.busy || g.out != m) return;
  g.busy = false;
  mark_ready(group);
  if (g.line.empty() && !g.ready) groups_.erase(group);  // memory: O(groups with messages)
}

void QueueNode::hide(std::uint32_t m) {
  messages_[m].visible = false;
  world_.observer.level_changed(id_, 0, Gauge::waiting, world_.sim.now(), -1);
}

void QueueNode::dispatch() {
  while (spec_.fifo && !free_slots_.empty() && !ready_.empty()) {
    const std::uint64_t group = ready_.front();
    ready_.pop_front();
    Group& g = groups_[group];
    g.ready = false;
    const std::uint32_t m = g.line.front();
    g.line.pop_front();
    --messages_[m].in_line;
    if (!messages_[m].visible) {  // completed late while it waited
      mark_ready(group);
      release_if_finished(m);
      continue;
    }
    g.busy = true;
    g.out = m;
    const std::uint32_t consumer = free_slots_.front();
    free_slots_.pop_front();
    deliver(m, consumer);
  }
  while (!spec_.fifo && !free_slots_.empty() && !visible_.empty()) {
    const std::uint32_t m = visible_.front();
    visible_.pop_front();
    --messages_[m].in_line;
    if (!messages_[m].visible) {  // completed late while it waited
      release_if_finished(m);
      continue;
    }
    const std::uint32_t consumer = free_slots_.front();
    free_slots_.pop_front();
    deliver(m, consumer);
  }
}

void QueueNode::deliver(std::uint32_t id, std::uint32_t consumer) {
  hide(id);
  Message& m = messages_[id];
  const SimTime now = world_.sim.now();
  ++m.receives;
  ++m.in_flight;
  m.receipt = next_receipt_++;
  world_.observer.queue_event(id_, m.receives > 1 ? QueueEvent::redelivered : QueueEvent::delivered,
                              now, now - m.published);
  const std::uint64_t receipt = m.receipt;
  const std::uint32_t d = deliveries_.acquire(Delivery{id, consumer, now});
  // Handed out by broker 0, after its CPU; consumers answer with no body.
  // The visibility timeout runs from the moment the message goes out.
  on_core(0, [this, id, consumer, d, receipt] {
    world_.sim.schedule_in(spec_.visibility_timeout,
                           [this, id, receipt] { visibility_timeout(id, receipt); });
    deliveries_[d].sent = world_.sim.now();
    Nic* from = nic(0);
    world_.send(messages_[id].job, from, spec_.consumers, consumer, messages_[id].bytes,
                ReplyTo{this, d, from, 0, Flow{}});
  });
}

void QueueNode::on_reply(std::uint64_t token, Outcome outcome) {
  const auto d = static_cast<std::uint32_t>(token);
  const Delivery delivery = deliveries_[d];
  deliveries_.release(d);
  if (outcome != Outcome::completed && world_.sim.now() == delivery.sent) {
    // Refused at once (the instance is down, full or rate-limited): a real
    // consumer there would not be taking messages. Its slot rests before it
    // receives again, rather than burn through the backlog.
    world_.sim.schedule_in(kRefusedSlotRest, [this, consumer = delivery.consumer] {
      free_slots_.push_back(consumer);
      dispatch();
    });
  } else {
    free_slots_.push_back(delivery.consumer);
  }
  Message& m = messages_[delivery.message];
  --m.in_flight;
  const SimTime now = world_.sim.now();
  if (outcome == Outcome::completed) {
    if (m.dead) {
      // Its job got done after all, by a delivery that outlived the last
      // visibility timeout; the message has moved on. Neither counts again.
    } else if (m.done) {
      world_.observer.queue_event(id_, QueueEvent::duplicate, now, SimTime::zero());
    } else {
      m.done = true;
      --held_;
      if (m.visible) hide(delivery.message);  // back in line after a timeout: not needed now
      world_.observer.queue_event(id_, QueueEvent::completed, now, now - m.published);
    }
  }
  // A failure leaves the message hidden until its visibility timeout.
  if (spec_.fifo && m.done && m.in_flight == 0) group_free(delivery.message);
  release_if_finished(delivery.message);
  // Last: admitting a blocked publish may store a message, which may move
  // the slots that `m` refers to.
  if (spec_.block_when_full) admit_blocked();
  dispatch();
}

void QueueNode::visibility_timeout(std::uint32_t id, std::uint64_t receipt) {
  // A later delivery, or a new message in a reused slot, has its own timer.
  Message& m = messages_[id];
  if (m.receipt != receipt || m.done) return;
  if (spec_.max_receives && m.receives >= *spec_.max_receives) {
    dead_letter(id);
    return;
  }
  if (spec_.fifo) {
    // Back to the front of its group, which may send it again.
    Group& g = groups_[m.group];
    if (g.busy && g.out == id) g.busy = false;
  }
  make_visible(id, /*front=*/true);
  dispatch();
}

void QueueNode::dead_letter(std::uint32_t id) {
  Message& m = messages_[id];
  m.done = true;
  m.dead = true;
  --held_;
  world_.observer.queue_event(id_, QueueEvent::dead_lettered, world_.sim.now(), SimTime::zero());
  if (spec_.dead_letter) {
    // compile() admits only queues as dead-letter targets.
    auto& dlq = static_cast<QueueNode&>(world_.node(*spec_.dead_letter));
    dlq.accept_dead_letter(world_.requests.get(m.job), m.bytes);
  }
  if (spec_.fifo && m.in_flight == 0) group_free(id);
  release_if_finished(id);
  if (spec_.block_when_full) admit_blocked();
  dispatch();
}

void QueueNode::release_if_finished(std::uint32_t id) {
  const Message& m = messages_[id];
  // A done message may still be with a consumer (a redelivery raced it):
  // its request lives until the last delivery is answered.
  if (!m.done || m.in_flight > 0 || m.visible || m.in_line > 0) return;
  world_.requests.release(m.job);
  messages_[id].receipt = 0;
  messages_.release(id);
}

}  // namespace tiersim
