#include "tiersim/components/session_table.hpp"

namespace tiersim {

bool SessionTable::touch(std::uint64_t session, SimTime now) {
  const auto it = index_.find(session);
  if (it == index_.end()) return false;
  it->second->last_access = now;
  by_age_.splice(by_age_.end(), by_age_, it->second);
  return true;
}

void SessionTable::insert(std::uint64_t session, SimTime now) {
  by_age_.push_back(Entry{session, now});
  index_.emplace(session, std::prev(by_age_.end()));
}

std::optional<std::uint64_t> SessionTable::evict_oldest() {
  if (by_age_.empty()) return std::nullopt;
  const std::uint64_t session = by_age_.front().session;
  index_.erase(session);
  by_age_.pop_front();
  return session;
}

std::optional<SimTime> SessionTable::oldest_access() const {
  if (by_age_.empty()) return std::nullopt;
  return by_age_.front().last_access;
}

void SessionTable::clear() {
  by_age_.clear();
  index_.clear();
}

}  // namespace tiersim
