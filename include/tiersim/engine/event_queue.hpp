// EventQueue: the pending events of a simulation, in a total order.
//
// Events are ordered by (time, sequence number), where the sequence number is
// given at scheduling and strictly increases: two events at the same time run
// in the order they were scheduled. Nothing else (pointers, hashes) takes
// part in the order, so a run is reproducible.
//
// A binary heap of small (time, sequence, slot) entries; the actions live in
// a slot table with a free list so that the heap moves 24-byte entries, not
// closures. push, pop and cancel are O(log n), O(log n) and O(1).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "tiersim/core/sim_time.hpp"
#include "tiersim/engine/action.hpp"

namespace tiersim {

struct EventId {
  std::uint64_t sequence = 0;
  std::uint32_t slot = 0;
};

class EventQueue {
 public:
  EventId push(SimTime at, Action action);
  // Cancels a pending event. Returns false if it already ran or was cancelled.
  bool cancel(EventId id);

  bool empty() const { return live_ == 0; }
  std::size_t size() const { return live_; }
  // Time of the earliest pending event.
  std::optional<SimTime> next_time();

  struct Popped {
    SimTime time;
    Action action;
  };
  // Removes and returns the earliest pending event. Requires: !empty().
  Popped pop();

 private:
  struct Entry {
    SimTime time;
    std::uint64_t sequence;
    std::uint32_t slot;
  };
  struct Slot {
    Action action;
    std::uint64_t sequence = 0;  // of the event occupying the slot; 0 = free
  };
  // A function object (not a function pointer) so that the heap
  // operations inline the comparison.
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.time != b.time ? a.time > b.time : a.sequence > b.sequence;
    }
  };
  void drop_cancelled_top();

  std::vector<Entry> heap_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_sequence_ = 1;
  std::size_t live_ = 0;
};

}  // namespace tiersim
