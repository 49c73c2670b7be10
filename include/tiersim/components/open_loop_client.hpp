// OpenLoopClient: requests arrive at a rate, whatever the system does with
// them (a population of users too large to notice its own effect).
//
// Without a shape: poisson gives exponential inter-arrival times of mean
// 1/rate (stream "arrivals"); constant puts the k-th request at exactly
// k/rate after the start, rounded to the nanosecond without accumulating
// rounding error. With a shape the rate varies over time (RateProfile): the
// k-th arrival is at Lambda^-1(E_k), E_k = k (constant) or a sum of k unit
// exponentials from the same stream (poisson: a non-homogeneous Poisson
// process). A replayed trace gives each arrival's time, class, sizes and
// user itself.
// With a population, each arrival comes from a user drawn uniformly from it
// (stream "users"); without one, from a new anonymous user.
#pragma once

#include <cstddef>

#include "tiersim/components/client.hpp"
#include "tiersim/core/rate_profile.hpp"

namespace tiersim {

class OpenLoopClient final : public Client {
 public:
  OpenLoopClient(World& world, std::uint32_t index);
  void start() override;

 private:
  void on_finished(std::int64_t, Outcome) override {}
  void arrive();
  // From the population (stream "users"), or kAnonymous without one.
  std::int64_t pick_user();
  void schedule_next();
  // SimTime::max() when no arrival will come (the rate stays 0).
  SimTime next_arrival_time();

  RandomStream arrival_stream_;
  RandomStream user_stream_;
  RateProfile profile_;
  std::size_t hint_ = 0;
  double operational_ = 0;  // E_k
  std::int64_t arrivals_ = 0;
  SimTime last_ = SimTime::zero();
};

}  // namespace tiersim
