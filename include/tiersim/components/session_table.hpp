// SessionTable: the sessions one instance keeps in memory, least recently
// used first, so that expiry and eviction take the oldest in O(1).
//
// Invariant: entries are in order of their last access; each session id
// appears at most once.
#pragma once

#include <cstdint>
#include <list>
#include <optional>
#include <unordered_map>

#include "tiersim/core/sim_time.hpp"

namespace tiersim {

class SessionTable {
 public:
  // Whether `session` is stored; if so it becomes the most recently used.
  bool touch(std::uint64_t session, SimTime now);
  // Stores `session`, which must not be stored yet, as the most recent.
  void insert(std::uint64_t session, SimTime now);
  // Drops the least recently used session and returns it; nullopt when
  // there is none.
  std::optional<std::uint64_t> evict_oldest();
  // Drops every session idle for at least `timeout` at `now`, calling
  // dropped(session) for each; returns how many.
  template <typename F>
  std::int64_t expire(SimTime now, SimTime timeout, F&& dropped) {
    std::int64_t n = 0;
    while (!by_age_.empty() && now - by_age_.front().last_access >= timeout) {
      dropped(*evict_oldest());
      ++n;
    }
    return n;
  }
  // Calls f(session) for every stored session.
  template <typename F>
  void for_each(F&& f) const {
    for (const Entry& e : by_age_) f(e.session);
  }
  // The last access of the least recently used session.
  std::optional<SimTime> oldest_access() const;
  std::int64_t size() const { return static_cast<std::int64_t>(index_.size()); }
  void clear();

 private:
  struct Entry {
    std::uint64_t session;
    SimTime last_access;
  };
  std::list<Entry> by_age_;  // front: least recently used
  std::unordered_map<std::uint64_t, std::list<Entry>::iterator> index_;
};

}  // namespace tiersim
