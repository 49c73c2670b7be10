// OpenLoopClient: requests arrive at a rate, whatever the system does with
// them (a population of users too large to notice its own effect).
//
// poisson: exponential inter-arrival times of mean 1/rate (stream
// "arrivals"). constant: the k-th request at exactly k/rate after the start,
// rounded to the nanosecond without accumulating rounding error.
// With a population, each arrival comes from a user drawn uniformly from it
// (stream "users"); without one, from a new anonymous user.
#pragma once

#include "tiersim/components/client.hpp"

namespace tiersim {

class OpenLoopClient final : public Client {
 public:
  OpenLoopClient(World& world, std::uint32_t index);
  void start() override;

 private:
  void on_finished(std::int64_t, Outcome) override {}
  void arrive();
  SimTime next_arrival_time();

  RandomStream arrival_stream_;
  RandomStream user_stream_;
  std::int64_t arrivals_ = 0;
  SimTime last_ = SimTime::zero();
};

}  // namespace tiersim
