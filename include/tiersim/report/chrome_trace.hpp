// A run's request trace (--trace) in the Chrome trace-event format, which
// Perfetto (ui.perfetto.dev) and chrome://tracing open: each client is a
// process, each request (and each retry or queue job working for it) a
// track, and each span a complete event ("ph": "X") in microseconds of
// simulated time. Nesting shows the path: a load balancer's visit holds the
// service's, which holds the database's. docs/results.md#trace.
#pragma once

#include <string>

#include "tiersim/metrics/result.hpp"

namespace tiersim {

// Requires: result.trace.
std::string chrome_trace(const Result& result);

}  // namespace tiersim
