// Workload: the arrival rate of an open-loop client over a run, from its
// base rate and its shape (model::Crowd), as a RateProfile.
#pragma once

#include <optional>

#include "tiersim/core/rate_profile.hpp"
#include "tiersim/core/sim_time.hpp"
#include "tiersim/model/model.hpp"

namespace tiersim::model {

// Bursts start up to `horizon` (the end of the run: warm-up + duration).
RateProfile rate_profile(const Client& client, SimTime horizon);

// Bursts a client's shape holds over a run ending at `horizon`, for the
// command line's check against kMaxBursts.
std::int64_t burst_count(const Client& client, SimTime horizon);

// What an open-loop client offers over [from, to): its mean rate (the
// expected arrivals over the length; for a replayed trace, the arrivals it
// holds there) and, for a shaped client, its peak.
struct OfferedLoad {
  double mean_per_second = 0;
  std::optional<RateProfile::Peak> peak;
};
OfferedLoad offered_load(const Client& client, SimTime from, SimTime to);

}  // namespace tiersim::model
