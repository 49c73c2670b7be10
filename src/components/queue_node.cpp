#include "tiersim/components/queue_node.hpp"

#include <algorithm>
#include <cstdint>

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
    for (std::uint32_t i = 0; i < consumers; ++i)
      pollers_.push_back(Poller{i, {}, 0, {}, false, false});
  const auto slots = static_cast<std::int64_t>(pollers_.size());
  for (std::uint32_t p = 0; p < pollers_.size(); ++p) {
    if (spec_.receive_wait > SimTime::zero()) {
      poll(p);
      continue;
    }
    // Short polling: the slots' first receives spread over one interval,
    // as consumers that have run a while would be.
    const std::int64_t interval = spec_.poll_interval.ns();
    const std::int64_t offset = interval / slots * p + interval % slots * p / slots;
    world_.sim.schedule_in(SimTime::from_ns(offset), [this, p] { poll(p); });
  }
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
  bill(bytes);
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
  on_core(p.instance, 1, [this, stored = std::move(stored)]() mutable {
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

void QueueNode::on_core(std::uint32_t instance, std::size_t messages, Action then) {
  const auto& cost = spec_.message_cpu;
  if (cost.is_constant() && cost.mean() == 0) {
    then();
    return;
  }
  std::int64_t ns = 0;
  for (std::size_t i = 0; i < messages; ++i) {
    const std::int64_t one = cost.sample_integer(cpu_stream_);
    ns = one > INT64_MAX - ns ? INT64_MAX : ns + one;
  }
  brokers_[instance]->run(SimTime::from_ns(ns), std::move(then));
}

void QueueNode::accept_dead_letter(const Request& job, std::int64_t bytes) {
  store(job, bytes);
  dispatch();
}

void QueueNode::store(const Request& job, std::int64_t bytes) {
  const SimTime now = world_.sim.now();
  // The queue's own copy: the publisher's request goes on (and is released
  // by its client) while the message waits.
  Request message = job;
  message.origin = job.origin ? job.origin : job.serial;
  const RequestHandle copy = world_.requests.create(message);
  Message m;
  m.job = copy;
  m.published = now;
  m.bytes = bytes;
  // Not job.user: `job` may live in the request table, which create() may
  // just have moved.
  m.group = message.user;
  m.seq = next_seq_++;
  const std::uint32_t id = messages_.acquire(m);
  ++held_;
  world_.observer.queue_event(id_, QueueEvent::published, now, SimTime::zero());
  make_visible(id);
}

void QueueNode::make_visible(std::uint32_t m, bool front) {
  messages_[m].visible = true;
  messages_[m].visible_since = world_.sim.now();
  ++messages_[m].in_line;
  if (spec_.fifo) {
    Group& g = groups_[messages_[m].group];
    if (front) {
      // Back into its group in publish order: a batch whose visibility
      // timeouts pass together comes back in the order it went out.
      const std::uint64_t seq = messages_[m].seq;
      const auto later = std::find_if(g.line.begin(), g.line.end(),
                                      [&](std::uint32_t x) { return messages_[x].seq > seq; });
      g.line.insert(later, m);
    } else {
      g.line.push_back(m);
    }
    mark_ready(messages_[m].group);
  } else {
    visible_.push_back(m);
  }
  world_.observer.level_changed(id_, 0, Gauge::waiting, world_.sim.now(), +1);
}

void QueueNode::mark_ready(std::uint64_t group) {
  Group& g = groups_[group];
  if (g.out > 0 || g.ready || g.line.empty()) return;
  g.ready = true;
  ready_.push_back(group);
}

void QueueNode::group_free(std::uint32_t id) {
  Message& m = messages_[id];
  if (!m.out_of_group) return;
  m.out_of_group = false;
  const std::uint64_t group = m.group;
  Group& g = groups_[group];
  if (--g.out > 0) return;
  mark_ready(group);
  if (g.line.empty() && !g.ready) groups_.erase(group);  // memory: O(groups with messages)
}

void QueueNode::hide(std::uint32_t m) {
  messages_[m].visible = false;
  world_.observer.level_changed(id_, 0, Gauge::waiting, world_.sim.now(), -1);
}

void QueueNode::dispatch() {
  while (!idle_.empty()) {
    const std::uint32_t p = idle_.front();
    idle_.pop_front();
    pollers_[p].idle = false;
    if (take(p)) continue;
    idle_.push_front(p);
    pollers_[p].idle = true;
    return;
  }
}

void QueueNode::poll(std::uint32_t p) {
  Poller& pl = pollers_[p];
  pl.batch.clear();
  pl.next = 0;
  const SimTime now = world_.sim.now();
  if (spec_.receive_wait > SimTime::zero()) {
    // Long polling: wait in turn with the other idle slots; the caller
    // dispatches.
    pl.idle = true;
    pl.polling_since = now;
    idle_.push_back(p);
    arm_wait(p);
    return;
  }
  if (take(p)) return;
  world_.observer.queue_event(id_, QueueEvent::empty_receive, now, SimTime::zero());
  bill(0);
  world_.sim.schedule_in(spec_.poll_interval, [this, p] { poll(p); });
}

void QueueNode::arm_wait(std::uint32_t p) {
  // At most one pending event a slot: a slot that went busy and idle again
  // before it fires finds it early, and sets it again for its new wait.
  Poller& pl = pollers_[p];
  if (pl.timer || spec_.receive_wait > SimTime::max() - pl.polling_since) return;
  pl.timer = true;
  world_.sim.schedule_at(pl.polling_since + spec_.receive_wait, [this, p] { wait_over(p); });
}

void QueueNode::wait_over(std::uint32_t p) {
  Poller& pl = pollers_[p];
  pl.timer = false;
  if (!pl.idle) return;
  const SimTime now = world_.sim.now();
  if (now - pl.polling_since >= spec_.receive_wait) {
    // The receive comes back empty, and the slot asks again at once,
    // keeping its turn among the idle slots.
    world_.observer.queue_event(id_, QueueEvent::empty_receive, now, SimTime::zero());
    bill(0);
    pl.polling_since = now;
  }
  arm_wait(p);
}

bool QueueNode::take(std::uint32_t p) {
  std::vector<std::uint32_t>& batch = pollers_[p].batch;
  batch.clear();
  pollers_[p].next = 0;
  const auto limit = static_cast<std::size_t>(spec_.receive_batch);
  if (spec_.fifo) {
    take_fifo(batch);
  } else {
    while (batch.size() < limit && !visible_.empty()) {
      const std::uint32_t m = visible_.front();
      visible_.pop_front();
      --messages_[m].in_line;
      if (!messages_[m].visible) {  // completed late while it waited
        release_if_finished(m);
        continue;
      }
      batch.push_back(m);
    }
  }
  if (batch.empty()) return false;
  hand_out(p);
  return true;
}

void QueueNode::take_fifo(std::vector<std::uint32_t>& batch) {
  const auto limit = static_cast<std::size_t>(spec_.receive_batch);
  while (batch.size() < limit && !ready_.empty()) {
    const std::uint64_t group = ready_.front();
    ready_.pop_front();
    Group& g = groups_[group];
    g.ready = false;
    while (batch.size() < limit && !g.line.empty()) {
      const std::uint32_t m = g.line.front();
      g.line.pop_front();
      --messages_[m].in_line;
      if (!messages_[m].visible) {  // completed late while it waited
        release_if_finished(m);
        continue;
      }
      messages_[m].out_of_group = true;
      ++g.out;
      batch.push_back(m);
    }
    // Nothing taken: only stale entries were left, and the line is empty.
    if (g.out == 0) groups_.erase(group);
  }
}

void QueueNode::hand_out(std::uint32_t p) {
  const SimTime now = world_.sim.now();
  world_.observer.queue_event(id_, QueueEvent::received, now, SimTime::zero());
  std::int64_t bytes = 0;
  for (const std::uint32_t id : pollers_[p].batch) {
    hide(id);
    Message& m = messages_[id];
    bytes = m.bytes > INT64_MAX - bytes ? INT64_MAX : bytes + m.bytes;
    ++m.receives;
    ++m.in_flight;
    m.receipt = next_receipt_++;
    world_.observer.visit_waited(id_, 0, world_.requests.get(m.job), m.visible_since, now);
    world_.observer.queue_event(id_,
                                m.receives > 1 ? QueueEvent::redelivered : QueueEvent::delivered,
                                now, now - m.published);
  }
  bill(bytes);
  // Handed out by broker 0, after its CPU for each message. The visibility
  // timeouts run from the moment the batch goes out. The messages stay
  // hidden and in flight until then, so their receipts hold.
  on_core(0, pollers_[p].batch.size(), [this, p] {
    for (const std::uint32_t id : pollers_[p].batch)
      world_.sim.schedule_in(spec_.visibility_timeout, [this, id, receipt = messages_[id].receipt] {
        visibility_timeout(id, receipt);
      });
    work_on(p);
  });
}

void QueueNode::work_on(std::uint32_t p) {
  Poller& pl = pollers_[p];
  if (pl.next == pl.batch.size()) {
    poll(p);
    return;
  }
  // Consumers answer with no body. A message another delivery has done
  // meanwhile is worked on all the same: the slot cannot know.
  const std::uint32_t id = pl.batch[pl.next++];
  const std::uint32_t d = deliveries_.acquire(Delivery{id, p, world_.sim.now()});
  Nic* from = nic(0);
  world_.send(messages_[id].job, from, spec_.consumers, pl.consumer, messages_[id].bytes,
              ReplyTo{this, d, from, 0, Flow{}});
}

void QueueNode::on_reply(std::uint64_t token, Outcome outcome) {
  const auto d = static_cast<std::uint32_t>(token);
  const Delivery delivery = deliveries_[d];
  deliveries_.release(d);
  const SimTime now = world_.sim.now();
  if (outcome == Outcome::completed) {
    Message& m = messages_[delivery.message];
    // The consumer deletes the message it has done: one more call.
    world_.observer.queue_event(id_, QueueEvent::deleted, now, SimTime::zero());
    bill(0);
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
  const std::uint64_t group = messages_[delivery.message].group;
  delivery_ended(delivery.message);
  if (outcome != Outcome::completed && spec_.fifo) {
    // FIFO: the later messages of its group in the batch must not overtake
    // it. They are left unstarted, and come back after their timeouts, in
    // order, behind it.
    Poller& pl = pollers_[delivery.poller];
    std::size_t kept = pl.next;
    for (std::size_t i = pl.next; i < pl.batch.size(); ++i) {
      if (messages_[pl.batch[i]].group == group)
        delivery_ended(pl.batch[i]);
      else
        pl.batch[kept++] = pl.batch[i];
    }
    pl.batch.resize(kept);
  }
  if (outcome != Outcome::completed && now == delivery.sent) {
    // Refused at once (the instance is down, full or rate-limited): a real
    // consumer there would not be taking messages. The rest of its batch is
    // never started (each message comes back after its visibility timeout),
    // and the slot rests before it receives again, rather than burn
    // through the backlog.
    Poller& pl = pollers_[delivery.poller];
    while (pl.next < pl.batch.size()) delivery_ended(pl.batch[pl.next++]);
    world_.sim.schedule_in(kRefusedSlotRest, [this, p = delivery.poller] {
      poll(p);
      dispatch();
    });
  } else {
    work_on(delivery.poller);
  }
  // Last: admitting a blocked publish may store a message, which may move
  // the slots that messages_ refers to.
  if (spec_.block_when_full) admit_blocked();
  dispatch();
}

void QueueNode::delivery_ended(std::uint32_t id) {
  Message& m = messages_[id];
  --m.in_flight;
  if (spec_.fifo && m.done && m.in_flight == 0) group_free(id);
  release_if_finished(id);
}

void QueueNode::visibility_timeout(std::uint32_t id, std::uint64_t receipt) {
  // A later delivery, or a new message in a reused slot, has its own timer.
  Message& m = messages_[id];
  if (m.receipt != receipt || m.done) return;
  if (spec_.max_receives && m.receives >= *spec_.max_receives) {
    dead_letter(id);
    return;
  }
  // Back into its group, which may send it again once no other message of
  // the group is out.
  if (spec_.fifo) group_free(id);
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

void QueueNode::bill(std::int64_t bytes) {
  constexpr std::int64_t kChunk = 64 * 1024;
  const std::int64_t requests = bytes <= kChunk ? 1 : bytes / kChunk + (bytes % kChunk != 0);
  world_.observer.queue_requests(id_, requests, world_.sim.now());
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
