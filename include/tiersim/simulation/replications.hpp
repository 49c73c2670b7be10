// Independent replications of one model: the same scenario run with N seeds
// derived from its own, on several threads, for confidence intervals.
//
// Replication i uses seed stream_key(model.seed, "replication", i) (see
// core/random.hpp), so the seeds, and every result, are the same whatever
// the number of threads: results are stored by index, not by finishing
// order. Each replication is a separate Simulator value; nothing is shared
// but the const model.
#pragma once

#include <cstdint>
#include <vector>

#include "tiersim/metrics/result.hpp"
#include "tiersim/model/model.hpp"

namespace tiersim {

std::uint64_t replication_seed(std::uint64_t scenario_seed, int replication);

// Requires: replications >= 1, threads >= 1.
std::vector<Result> simulate_replications(const model::Model& model, int replications, int threads);

}  // namespace tiersim
