#include "tiersim/engine/request.hpp"

#include <cassert>

namespace tiersim {

RequestHandle RequestTable::create(Request r) {
  r.serial = next_serial_++;
  RequestHandle h;
  if (!free_.empty()) {
    h = free_.back();
    free_.pop_back();
    slots_[h] = r;
    in_use_[h] = true;
  } else {
    h = static_cast<RequestHandle>(slots_.size());
    slots_.push_back(r);
    in_use_.push_back(true);
  }
  ++live_;
  return h;
}

void RequestTable::release(RequestHandle h) {
  assert(in_use_[h]);
  in_use_[h] = false;
  free_.push_back(h);
  --live_;
}

}  // namespace tiersim
