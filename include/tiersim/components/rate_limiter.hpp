// RateLimiter: the token buckets of a node's rate_limit, as the generic cell
// rate algorithm (GCRA), which is a token bucket kept as one timestamp.
//
// A bucket holds at most `burst` tokens and gains one every I = 1/rate
// (rounded to whole nanoseconds). It is kept as its theoretical arrival
// time TAT: a request at t is admitted when t >= TAT - (burst - 1) I, and
// then TAT = max(TAT, t) + I; otherwise it is turned away and TAT stays.
// A bucket starts full. Under overload it admits `burst` requests at once
// and then one every I: burst + rate x T over a window of T from a full
// bucket (to within one at the window's edge).
//
// Buckets are shared by the node's instances (the limiter's state lives in
// one place, as in a gateway or a shared store). Per-user buckets are made
// when a user first comes; anonymous one-off users (Request::user 0) have no
// identity to limit and pass.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "tiersim/core/sim_time.hpp"
#include "tiersim/engine/request.hpp"
#include "tiersim/model/model.hpp"

namespace tiersim {

class RateLimiter {
 public:
  RateLimiter(const model::RateLimit& spec, std::size_t clients);
  // True when `r` may pass at `now` (and its token is taken).
  bool admit(const Request& r, SimTime now);

 private:
  std::int64_t interval_ns_;
  std::int64_t tolerance_ns_;  // (burst - 1) x interval
  model::RateLimit::Per per_;
  std::int64_t global_tat_ = 0;
  std::vector<std::int64_t> client_tat_;
  std::unordered_map<std::uint64_t, std::int64_t> user_tat_;
};

}  // namespace tiersim
