#include "tiersim/components/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace tiersim {

RateLimiter::RateLimiter(const model::RateLimit& spec, std::size_t clients)
    // A rate so small that the interval passes 4e18 ns (a century is 3e18)
    // admits the burst and then nothing more in any run.
    : interval_ns_(std::max<std::int64_t>(1, std::llround(std::min(4e18, 1e9 / spec.rate)))),
      tolerance_ns_(0),
      per_(spec.per),
      client_tat_(clients, 0) {
  // Saturate: a burst of billions at a slow rate must not overflow.
  const double tolerance = static_cast<double>(spec.burst - 1) * static_cast<double>(interval_ns_);
  tolerance_ns_ = tolerance < 4e18 ? static_cast<std::int64_t>(tolerance)
                                   : std::int64_t{4'000'000'000'000'000'000};
}

bool RateLimiter::admit(const Request& r, SimTime now) {
  std::int64_t* tat = &global_tat_;
  if (per_ == model::RateLimit::Per::client) {
    tat = &client_tat_[r.client];
  } else if (per_ == model::RateLimit::Per::user) {
    if (r.user == 0) return true;
    tat = &user_tat_.try_emplace(r.user, 0).first->second;
  }
  const std::int64_t t = now.ns();
  if (t < *tat - tolerance_ns_) return false;
  *tat = std::max(*tat, t) + interval_ns_;
  return true;
}

}  // namespace tiersim
