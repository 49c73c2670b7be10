// ResourceLimits: the watchdog that stops a run on wall-clock time or on
// memory (model::Model::max_wall_seconds, max_memory_bytes).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace tiersim {

// Resident memory of this process in bytes, or nullopt where it cannot be
// read (Linux: /proc/self/statm).
std::optional<std::int64_t> resident_memory_bytes();

class ResourceLimits {
 public:
  ResourceLimits(std::optional<double> max_wall_seconds, std::optional<std::int64_t> max_memory);
  bool any() const { return max_wall_seconds_ || max_memory_; }
  // Why the run must stop now, or nullopt. `simulated_seconds` is for the
  // message.
  std::optional<std::string> exceeded(double simulated_seconds) const;

 private:
  std::optional<double> max_wall_seconds_;
  std::optional<std::int64_t> max_memory_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace tiersim
