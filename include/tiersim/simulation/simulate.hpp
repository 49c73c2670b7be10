// simulate(): the simulate arrow of the pipeline, Model -> Result.
//
// Builds one engine (a Simulator value), the node models named by each
// node's kind, the clients and a metrics Collector; runs warm-up plus the
// measured window; and checks that every request is accounted for.
// Deterministic: the same model (seed included) gives the same Result.
#pragma once

#include <cstdint>
#include <functional>

#include "tiersim/metrics/result.hpp"
#include "tiersim/model/model.hpp"

namespace tiersim {

// Called now and then while a run goes on (about every 16,384 events), and
// once at its end: simulated time so far, the time the run ends at, and
// the events executed. It only watches: what it does cannot change the run.
using ProgressCallback = std::function<void(SimTime now, SimTime end, std::uint64_t events)>;

// The result; result.stopped is set when the run hit a limit
// (limits.max_in_flight) or broke an invariant (conservation of requests).
Result simulate(const model::Model& model, const ProgressCallback& progress = {});

}  // namespace tiersim
