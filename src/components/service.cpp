#include "tiersim/components/service.hpp"

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
}

std::uint32_t Service::next_instance() {
  const std::uint32_t i = round_robin_;
  round_robin_ = (round_robin_ + 1) % instance_count();
  return i;
}

RandomStream& Service::step_stream(const Visit& v) {
  const auto cls = world_.requests.get(v.request).request_class;
  auto& slot = step_streams_[cls][v.step];
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

void Service::set_waiting(std::int64_t delta) {
  world_.observer.level_changed(id_, Gauge::waiting, world_.sim.now(), delta);
}

void Service::receive(RequestHandle request, std::uint32_t instance, std::int64_t /*bytes*/,
                      ReplyTo reply_to) {
  const Request& r = world_.requests.get(request);
  Instance& inst = instances_[instance];
  const model::Handler* handler = &*node_.handlers[r.request_class];
  const VisitId v = visits_.acquire(Visit{request, instance, reply_to, world_.sim.now(), handler});
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
  inst.memory_queue.push_back(v);
  set_waiting(+1);
}

void Service::reject(VisitId v) {
  world_.observer.rejected_at(id_, world_.requests.get(visits_[v].request), world_.sim.now());
  finish(v, Outcome::rejected);
}

void Service::admit(VisitId v) {
  if (memory_modeled() && node_.memory_per_request > 0) {
    visits_[v].holds_memory = true;
    instances_[visits_[v].instance].free_memory -= node_.memory_per_request;
    world_.observer.level_changed(id_, Gauge::memory_bytes, world_.sim.now(),
                                  node_.memory_per_request);
  }
  advance(v);
}

void Service::advance(VisitId v) {
  Visit& visit = visits_[v];
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
      inst.core_queue.push_back(v);
      set_waiting(+1);
    }
  } else if (const auto* delay = std::get_if<model::DelayStep>(&step.action)) {
    const SimTime d = SimTime::from_ns(delay->time.sample_integer(step_stream(visit)));
    world_.sim.schedule_in(d, [this, v] {
      ++visits_[v].step;
      advance(v);
    });
  } else {
    const auto& call = std::get<model::CallStep>(step.action);
    Endpoint& callee = world_.node(call.node);
    const std::uint32_t target_instance = callee.next_instance();
    Nic* my_nic = instances_[visit.instance].nic.get();
    world_.send(visit.request, my_nic, call.node, target_instance, call.request_bytes,
                ReplyTo{this, v, my_nic, call.response_bytes});
  }
}

void Service::on_reply(std::uint64_t token, Outcome outcome) {
  const auto v = static_cast<VisitId>(token);
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
  world_.observer.level_changed(id_, Gauge::cores_busy, world_.sim.now(), +1);
  const auto& cpu = std::get<model::CpuStep>((*visit.handler)[visit.step].action);
  const SimTime d = SimTime::from_ns(cpu.time.sample_integer(step_stream(visit)));
  world_.sim.schedule_in(d, [this, v] { finish_cpu(v); });
}

void Service::finish_cpu(VisitId v) {
  Instance& inst = instances_[visits_[v].instance];
  ++inst.free_cores;
  world_.observer.level_changed(id_, Gauge::cores_busy, world_.sim.now(), -1);
  // The freed core goes to the longest waiter before this request moves on,
  // so a request that needs the CPU again queues behind it (FIFO).
  if (!inst.core_queue.empty()) {
    const VisitId next = inst.core_queue.front();
    inst.core_queue.pop_front();
    set_waiting(-1);
    start_cpu(next);
  }
  ++visits_[v].step;
  advance(v);
}

void Service::finish(VisitId v, Outcome outcome) {
  const Visit visit = visits_[v];
  visits_.release(v);
  const std::int64_t bytes = outcome == Outcome::completed ? visit.reply_to.response_bytes : 0;
  const SimTime left =
      world_.reply(visit.reply_to, instances_[visit.instance].nic.get(), bytes, outcome);
  world_.observer.visit_finished(id_, world_.requests.get(visit.request), visit.arrived, left,
                                 outcome);
  if (!visit.holds_memory) return;
  // Memory is held until the reply has left the instance (its send buffers).
  const std::uint32_t instance = visit.instance;
  if (left == world_.sim.now()) {
    release_memory(instance);
  } else {
    world_.sim.schedule_at(left, [this, instance] { release_memory(instance); });
  }
}

void Service::release_memory(std::uint32_t instance) {
  Instance& inst = instances_[instance];
  inst.free_memory += node_.memory_per_request;
  world_.observer.level_changed(id_, Gauge::memory_bytes, world_.sim.now(),
                                -node_.memory_per_request);
  // An admitted request whose handler takes no time releases its memory
  // within admit(); the outer loop then admits the next waiter, so the stack
  // stays flat however long the memory queue is.
  if (inst.draining_memory_queue) return;
  inst.draining_memory_queue = true;
  while (!inst.memory_queue.empty() && memory_available(inst)) {
    const VisitId next = inst.memory_queue.front();
    inst.memory_queue.pop_front();
    set_waiting(-1);
    admit(next);
  }
  inst.draining_memory_queue = false;
}

}  // namespace tiersim
