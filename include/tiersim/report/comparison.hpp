// Side-by-side comparison of several runs (`tiersim compare`): the numbers
// an instructor puts next to each other for vertical against horizontal
// scaling: throughput, latency percentiles, the bottleneck and its
// utilization, and cost per hour, per month and per million requests, with
// each variant's difference from the first.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tiersim/metrics/result.hpp"

namespace tiersim {

struct Variant {
  std::string file;  // as given on the command line
  Result result;
};

// The busiest resource of a run: the node and resource with the highest
// utilization (ties: the first node in scenario order, then cpu, memory,
// nic_tx, nic_rx). Empty when no resource is modeled.
struct Bottleneck {
  std::string node;
  std::string resource;
  double utilization = 0;
};
std::optional<Bottleneck> find_bottleneck(const Result& result);

std::string comparison_text(const std::vector<Variant>& variants);
std::string comparison_json(const std::vector<Variant>& variants);
std::string comparison_csv(const std::vector<Variant>& variants);

}  // namespace tiersim
