// BackendPool: how a load balancer chooses among its backends.
//
// A pool holds n backends (instances of the nodes of one model pool, in pool
// order), the load of each (open connections at layer 4, outstanding
// requests at layer 7: the caller adds +1 when it sends and -1 when done),
// and whether each is in service. pick() returns a backend in service, or
// nullopt when none is. Policies, all deterministic given the RandomStream:
//
//   random: uniform over in-service backends; one next_below(count) draw.
//   round_robin: the first in-service backend at or after the one following
//     the last pick, in index order, wrapping. With all in service the
//     sequence is exactly 0, 1, ..., n-1, 0, ...; no draw.
//   least_connections, least_outstanding_requests (identical here): the
//     in-service backend of least load; ties go to the first such backend at
//     or after the one following the last pick, wrapping, so an idle pool is
//     covered in turn exactly like round robin; no draw.
//   power_of_two_choices: two independent uniform draws over in-service
//     backends (two next_below(count) draws, even when count is 1), the one
//     of lower load; on a tie, the first drawn.
//   weighted_random: probability proportional to weight among in-service
//     backends; one next_unit() draw.
//   hash, ip_hash, key_hash: the flow key (the caller passes a hash of the
//     client's address and port for hash, of its address for ip_hash, the
//     request's key for key_hash) names up to 9
//     candidates, the first 9 outputs of splitmix64 seeded with the flow,
//     each modulo n: the first in service is picked; when none is, the entry
//     at (first output) % count of the in-service list. A flow keeps its
//     backend while that backend and its earlier candidates keep their
//     state, so taking one backend out moves only the flows that were on it,
//     and putting it back moves them back; no draw.
//
// The in-service list (used by random, power_of_two_choices and the hash
// fallback) starts as 0..n-1; taking backend b out moves the last entry into
// b's place, putting one back appends it.
//
// Changing the draws, the hash mixing or the in-service list order changes
// every golden file.
//
// Costs, worst case: pick is O(1) for random, power_of_two_choices, hash and
// ip_hash and O(log n) for the others; add_load is O(log n) for least_* (it
// stops at the first tree node whose minimum does not change) and O(1) for
// the others; set_in_service is O(log n) for round_robin, least_* and
// weighted_random and O(1) for the others. Memory O(n).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "tiersim/core/random.hpp"
#include "tiersim/model/model.hpp"

namespace tiersim {

class BackendPool {
 public:
  struct Backend {
    model::NodeId node = 0;
    std::uint32_t instance = 0;
    double weight = 1;  // weighted_random: the instance's cores. Requires: finite, > 0.
  };

  // All backends start in service with load 0.
  // Requires: backends.size() < UINT32_MAX.
  BackendPool(std::vector<Backend> backends, model::BalancingPolicy policy, RandomStream random);

  model::BalancingPolicy policy() const { return policy_; }
  std::uint32_t size() const { return static_cast<std::uint32_t>(backends_.size()); }
  // Requires (here and below): b < size().
  const Backend& backend(std::uint32_t b) const { return backends_[b]; }

  // A backend in service chosen by the policy, or nullopt when none is in
  // service. `flow` is the key of the hash policies, ignored by the others.
  std::optional<std::uint32_t> pick(std::uint64_t flow = 0);

  // The load least_* and power_of_two_choices compare. Kept for backends out
  // of service too (their connections drain). Requires: loads stay below
  // INT64_MAX.
  void add_load(std::uint32_t b, std::int64_t delta);
  std::int64_t load(std::uint32_t b) const { return load_[b]; }

  // A backend out of service is never picked.
  void set_in_service(std::uint32_t b, bool in_service);
  bool in_service(std::uint32_t b) const { return position_[b] != kOut; }
  std::uint32_t in_service_count() const { return static_cast<std::uint32_t>(active_.size()); }

 private:
  static constexpr std::uint32_t kOut = UINT32_MAX;
  static constexpr std::int64_t kInfinite = INT64_MAX;

  // Integer leaves under a tree of fan-out 8. Node j of level k+1 holds the
  // minimum of nodes 8j..8j+7 of level k (level 0: the leaves) and the mask
  // of those children that equal it, so finding the next leaf equal to the
  // global minimum reads one node per level, and an update stops at the
  // first node whose minimum it leaves unchanged. The last level holds the
  // root alone. Invariant: every node's minimum and mask are those of its
  // children now, whatever order of updates led there (padding nodes:
  // kInfinite, mask 0).
  class MinTree {
   public:
    MinTree() = default;
    explicit MinTree(const std::vector<std::int64_t>& leaves);
    bool empty() const { return min_.empty(); }
    // kInfinite when there are no leaves.
    std::int64_t least() const { return min_[begin_[begin_.size() - 2]]; }
    void set(std::uint32_t leaf, std::int64_t value);
    // The first leaf at or after `from` equal to least(), wrapping to the
    // first such leaf. Requires: least() < kInfinite.
    std::uint32_t next_least(std::uint32_t from) const;

   private:
    void recompute(std::size_t level, std::uint32_t node);
    std::uint32_t descend(std::size_t level, std::uint32_t node) const;

    // Level k is min_[begin_[k] .. begin_[k+1]) and mask_[begin_[k] ..
    // begin_[k+1]) (masks of the leaves, level 0, unused), padded with
    // kInfinite (mask 0) to a multiple of 8 nodes. The root level is the last.
    std::vector<std::uint32_t> begin_;
    std::vector<std::int64_t> min_;
    std::vector<std::uint8_t> mask_;
  };

  std::int64_t min_leaf(std::uint32_t b) const;
  bool uses_min_tree() const { return !least_.empty(); }
  void set_weight_leaf(std::uint32_t b);

  std::uint32_t pick_first_minimum();
  std::uint32_t pick_weighted();
  std::uint32_t pick_hashed(std::uint64_t flow) const;

  std::vector<Backend> backends_;
  model::BalancingPolicy policy_;
  RandomStream random_;
  std::vector<std::int64_t> load_;
  // Invariant: active_[position_[b]] == b for b in service; position_[b] ==
  // kOut otherwise.
  std::vector<std::uint32_t> active_;
  std::vector<std::uint32_t> position_;
  std::uint32_t cursor_ = 0;  // round_robin and least_*: where the next search starts
  // round_robin and least_* (empty otherwise): leaf b is 0 (round_robin) or
  // the load (least_*) in service, kInfinite out of service.
  MinTree least_;
  // weighted_random (empty otherwise): a complete binary tree of sums over
  // `leaves_` leaves (a power of two >= n), root at 1, leaf b at leaves_ + b:
  // the weight in service, 0 out of service and in padding. Invariant: each
  // inner node is recomputed from its children, so it depends only on the
  // current leaves, never on the order of the updates that led there.
  std::uint32_t leaves_ = 1;
  std::vector<double> sum_;
};

}  // namespace tiersim
