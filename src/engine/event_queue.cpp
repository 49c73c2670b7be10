#include "tiersim/engine/event_queue.hpp"

#include <algorithm>
#include <cassert>

namespace tiersim {

EventId EventQueue::push(SimTime at, Action action) {
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  const std::uint64_t seq = next_sequence_++;
  slots_[slot].action = std::move(action);
  slots_[slot].sequence = seq;
  heap_.push_back(Entry{at, seq, slot});
  std::push_heap(heap_.begin(), heap_.end(), Later{});
  ++live_;
  return EventId{seq, slot};
}

bool EventQueue::cancel(EventId id) {
  if (id.slot >= slots_.size() || slots_[id.slot].sequence != id.sequence || id.sequence == 0)
    return false;
  // The heap entry stays; drop_cancelled_top() discards it when it surfaces.
  slots_[id.slot].action = Action{};
  slots_[id.slot].sequence = 0;
  free_slots_.push_back(id.slot);
  --live_;
  return true;
}

void EventQueue::drop_cancelled_top() {
  while (!heap_.empty() && slots_[heap_.front().slot].sequence != heap_.front().sequence) {
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    heap_.pop_back();
  }
}

std::optional<SimTime> EventQueue::next_time() {
  drop_cancelled_top();
  if (heap_.empty()) return std::nullopt;
  return heap_.front().time;
}

EventQueue::Popped EventQueue::pop() {
  drop_cancelled_top();
  assert(!heap_.empty());
  std::pop_heap(heap_.begin(), heap_.end(), Later{});
  const Entry top = heap_.back();
  heap_.pop_back();
  Slot& s = slots_[top.slot];
  Popped out{top.time, std::move(s.action)};  // leaves s.action empty
  s.sequence = 0;
  free_slots_.push_back(top.slot);
  --live_;
  return out;
}

}  // namespace tiersim
