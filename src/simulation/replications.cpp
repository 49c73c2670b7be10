#include "tiersim/simulation/replications.hpp"

#include <atomic>
#include <string>
#include <thread>

#include "tiersim/core/random.hpp"
#include "tiersim/simulation/simulate.hpp"

namespace tiersim {

std::uint64_t replication_seed(std::uint64_t scenario_seed, int replication) {
  return stream_key(scenario_seed, "replication", std::to_string(replication));
}

std::vector<Result> simulate_replications(const model::Model& model, int replications,
                                          int threads) {
  std::vector<Result> results(static_cast<std::size_t>(replications));
  std::atomic<int> next{0};
  auto work = [&] {
    for (int i = next++; i < replications; i = next++) {
      model::Model m = model;
      m.seed = replication_seed(model.seed, i);
      results[static_cast<std::size_t>(i)] = simulate(m);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < std::min(threads, replications); ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return results;
}

}  // namespace tiersim
