// Cost of a load balancer's choice of backend (BackendPool), printed as
// nanoseconds per pick for every policy and n = 10, 100, 1,000 and 10,000
// backends (not a test).
//
// Each pick emulates traffic: the picked backend's load gets +1, and once 2n
// picks are outstanding a uniformly chosen earlier one completes (-1). The
// figure is the whole step (pick and both load updates, plus the harness's
// draw), the best of 12 runs of 250,000 picks (the least disturbed by
// other work on the machine). Table 1 has all backends in service;
// table 2 has every other backend out of service.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "tiersim/components/backend_pool.hpp"

using namespace tiersim;
using model::BalancingPolicy;

namespace {

struct Policy {
  BalancingPolicy policy;
  const char* name;
};

constexpr std::array kPolicies{
    Policy{BalancingPolicy::random, "random"},
    Policy{BalancingPolicy::round_robin, "round_robin"},
    Policy{BalancingPolicy::least_connections, "least_connections"},
    Policy{BalancingPolicy::least_outstanding_requests, "least_outstanding_requests"},
    Policy{BalancingPolicy::power_of_two_choices, "power_of_two_choices"},
    Policy{BalancingPolicy::weighted_random, "weighted_random"},
    Policy{BalancingPolicy::hash, "hash"},
    Policy{BalancingPolicy::ip_hash, "ip_hash"},
};

constexpr std::array<std::uint32_t, 4> kSizes{10, 100, 1'000, 10'000};
constexpr std::int64_t kPicks = 250'000;  // per run
constexpr int kRuns = 12;                 // timed, after one warm-up run

double ns_per_pick(BalancingPolicy policy, std::uint32_t n, bool half_out) {
  std::vector<BackendPool::Backend> backends(n);
  for (std::uint32_t b = 0; b < n; ++b) backends[b] = {0, b, 1.0 + b % 4};
  BackendPool pool(std::move(backends), policy, RandomStream(1, "bench", "balance"));
  if (half_out)
    for (std::uint32_t b = 1; b < n; b += 2) pool.set_in_service(b, false);
  RandomStream traffic(2, "bench", "traffic");
  const std::size_t window = 2 * std::size_t{n};
  std::vector<std::uint32_t> outstanding;
  outstanding.reserve(window + 1);
  double best = 1e300;
  for (int run = 0; run <= kRuns; ++run) {  // run 0 warms up and fills the window
    const auto t0 = std::chrono::steady_clock::now();
    for (std::int64_t i = 0; i < kPicks; ++i) {
      const std::uint64_t flow = static_cast<std::uint64_t>(i) * 0x2545f4914f6cdd1d;
      const std::uint32_t b = *pool.pick(flow);
      pool.add_load(b, 1);
      outstanding.push_back(b);
      if (outstanding.size() > window) {
        const std::size_t j = traffic.next_below(outstanding.size());
        pool.add_load(outstanding[j], -1);
        outstanding[j] = outstanding.back();
        outstanding.pop_back();
      }
    }
    const std::chrono::duration<double, std::nano> took = std::chrono::steady_clock::now() - t0;
    if (run > 0) best = std::min(best, took.count() / kPicks);
  }
  return best;
}

void table(bool half_out) {
  std::printf("\nns per pick, %s\n",
              half_out ? "every other backend out of service" : "all backends in service");
  std::printf("%-28s", "policy \\ backends");
  for (const std::uint32_t n : kSizes) std::printf("%10u", n);
  std::printf("\n");
  for (const Policy& p : kPolicies) {
    std::printf("%-28s", p.name);
    for (const std::uint32_t n : kSizes) std::printf("%10.1f", ns_per_pick(p.policy, n, half_out));
    std::printf("\n");
  }
}

}  // namespace

int main() {
  table(false);
  table(true);
}
