// The final metrics of a run in the Prometheus text exposition format
// (`tiersim run --prometheus FILE`): names in base units (seconds, bytes,
// ratios) with the unit as a suffix, counters ending in _total, one family
// per concept with labels for the node, class, client, outcome or resource,
// each preceded by its # HELP and # TYPE lines. Documented in
// docs/results.md#prometheus.
#pragma once

#include <string>

#include "tiersim/metrics/result.hpp"

namespace tiersim {

std::string to_prometheus(const Result& r);

}  // namespace tiersim
