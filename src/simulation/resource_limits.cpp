#include "tiersim/simulation/resource_limits.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <fstream>

namespace tiersim {

std::optional<std::int64_t> resident_memory_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::int64_t size = 0, resident = 0;
  if (!(statm >> size >> resident)) return std::nullopt;
  return resident * static_cast<std::int64_t>(sysconf(_SC_PAGESIZE));
}

ResourceLimits::ResourceLimits(std::optional<double> max_wall_seconds,
                               std::optional<std::int64_t> max_memory)
    : max_wall_seconds_(max_wall_seconds),
      max_memory_(max_memory),
      started_(std::chrono::steady_clock::now()) {}

std::optional<std::string> ResourceLimits::exceeded(double simulated_seconds) const {
  if (max_wall_seconds_) {
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    if (wall >= *max_wall_seconds_)
      return fmt::format(
          "wall-clock limit reached: {:g} s of wall-clock time at t={:.6f}s of simulated "
          "time (--max-wall-time)",
          *max_wall_seconds_, simulated_seconds);
  }
  if (max_memory_) {
    const auto rss = resident_memory_bytes();
    if (rss && *rss >= *max_memory_)
      return fmt::format(
          "memory limit reached: {:.1f} MiB resident, limit {:.1f} MiB, at t={:.6f}s of "
          "simulated time (--max-memory)",
          static_cast<double>(*rss) / 1048576.0, static_cast<double>(*max_memory_) / 1048576.0,
          simulated_seconds);
  }
  return std::nullopt;
}

}  // namespace tiersim
