// SlotPool: objects addressed by a small integer id, whose ids are reused
// after release, so that memory is O(objects alive), never O(objects ever
// made). Models keep their per-request state here (visits, forwards,
// pending replies) and pass the id as the token of a reply.
//
// Invariant: a reference into the pool is valid only until the next
// acquire(), which may grow the storage.
#pragma once

#include <cstdint>
#include <vector>

namespace tiersim {

template <typename T>
class SlotPool {
 public:
  std::uint32_t acquire(T value) {
    if (!free_.empty()) {
      const std::uint32_t id = free_.back();
      free_.pop_back();
      slots_[id] = std::move(value);
      return id;
    }
    slots_.push_back(std::move(value));
    return static_cast<std::uint32_t>(slots_.size() - 1);
  }
  // Requires: `id` is alive. Its slot is reused by a later acquire().
  void release(std::uint32_t id) { free_.push_back(id); }

  // Slots ever made, alive or free: ids are below this.
  std::uint32_t capacity() const { return static_cast<std::uint32_t>(slots_.size()); }

  T& operator[](std::uint32_t id) { return slots_[id]; }
  const T& operator[](std::uint32_t id) const { return slots_[id]; }

 private:
  std::vector<T> slots_;
  std::vector<std::uint32_t> free_;
};

}  // namespace tiersim
