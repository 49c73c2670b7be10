#include "tiersim/components/backend_pool.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <tuple>
#include <utility>

namespace tiersim {

namespace {

using model::BalancingPolicy;

constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15;
constexpr int kRehashes = 8;
constexpr std::uint32_t kFan = 8;  // MinTree's fan-out: one bit per child in a byte

std::size_t round_up(std::size_t count) {
  return (count + kFan - 1) / kFan * kFan;
}

// The splitmix64 finaliser. Changing it changes every golden file.
std::uint64_t mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

}  // namespace

// MinTree

BackendPool::MinTree::MinTree(const std::vector<std::int64_t>& leaves) {
  std::size_t count = std::max<std::size_t>(leaves.size(), 1);
  begin_ = {0};
  for (;;) {
    begin_.push_back(begin_.back() + static_cast<std::uint32_t>(round_up(count)));
    if (count <= 1 && begin_.size() > 2) break;
    count = std::max<std::size_t>((count + kFan - 1) / kFan, 1);
  }
  min_.assign(begin_.back(), kInfinite);
  mask_.assign(begin_.back(), 0);
  std::copy(leaves.begin(), leaves.end(), min_.begin());
  for (std::size_t k = 1; k + 1 < begin_.size(); ++k)
    for (std::uint32_t j = 0; j < (begin_[k] - begin_[k - 1]) / kFan; ++j) recompute(k, j);
}

namespace {

// The minimum of 8 children and the mask of those equal to it.
std::pair<std::int64_t, std::uint8_t> min_and_mask(const std::int64_t* children) {
  const std::int64_t least =
      std::min(std::min(std::min(children[0], children[1]), std::min(children[2], children[3])),
               std::min(std::min(children[4], children[5]), std::min(children[6], children[7])));
  unsigned mask = 0;
  for (std::uint32_t c = 0; c < kFan; ++c) mask |= static_cast<unsigned>(children[c] == least) << c;
  return {least, static_cast<std::uint8_t>(mask)};
}

}  // namespace

void BackendPool::MinTree::recompute(std::size_t level, std::uint32_t node) {
  const auto [least, mask] = min_and_mask(&min_[begin_[level - 1] + node * kFan]);
  min_[begin_[level] + node] = least;
  mask_[begin_[level] + node] = mask;
}

void BackendPool::MinTree::set(std::uint32_t leaf, std::int64_t value) {
  // Local pointers: the stores through `masks` (bytes) could otherwise alias
  // the vectors' own pointers and force reloads.
  std::int64_t* const mins = min_.data();
  std::uint8_t* const masks = mask_.data();
  const std::uint32_t* const begin = begin_.data();
  const std::size_t levels = begin_.size() - 1;
  // Child `child` of the node on the path changes from `before` to `after`.
  std::int64_t before = mins[leaf];
  std::int64_t after = value;
  mins[leaf] = value;
  std::uint32_t child = leaf;
  for (std::size_t k = 1; k < levels && before != after; ++k) {
    const std::uint32_t node = child / kFan;
    const std::uint32_t at = begin[k] + node;
    const auto bit = static_cast<std::uint8_t>(1u << (child % kFan));
    const std::int64_t old = mins[at];
    if (after < old) {
      mins[at] = after;
      masks[at] = bit;
    } else if (after == old) {
      masks[at] |= bit;
    } else if (before == old) {
      masks[at] &= static_cast<std::uint8_t>(~bit);
      if (masks[at] == 0)
        std::tie(mins[at], masks[at]) = min_and_mask(&mins[begin[k - 1] + node * kFan]);
    }
    before = old;
    after = mins[at];
    child = node;
  }
}

std::uint32_t BackendPool::MinTree::descend(std::size_t level, std::uint32_t node) const {
  for (std::size_t k = level; k > 0; --k)
    node = node * kFan + static_cast<std::uint32_t>(std::countr_zero(mask_[begin_[k] + node]));
  return node;
}

std::uint32_t BackendPool::MinTree::next_least(std::uint32_t from) const {
  // Climb from the leaf: at each level, the children of the parent at or
  // after `at` that equal the global minimum are in its mask when the
  // parent itself equals it; if there are none, go on from the parent's
  // next sibling.
  const std::int64_t target = least();
  const std::size_t levels = begin_.size() - 1;
  std::uint32_t at = from;
  for (std::size_t k = 1; k < levels && begin_[k - 1] + at < begin_[k]; ++k) {
    const std::uint32_t node = at / kFan;
    const unsigned equal = min_[begin_[k] + node] == target ? mask_[begin_[k] + node] : 0;
    const unsigned mask = equal & (~0u << (at % kFan));
    if (mask != 0)
      return descend(k - 1, node * kFan + static_cast<std::uint32_t>(std::countr_zero(mask)));
    at = node + 1;
  }
  return descend(levels - 1, 0);
}

// BackendPool

BackendPool::BackendPool(std::vector<Backend> backends, BalancingPolicy policy, RandomStream random)
    : backends_(std::move(backends)), policy_(policy), random_(random) {
  assert(backends_.size() < kOut);
  const std::uint32_t n = size();
  load_.assign(n, 0);
  active_.resize(n);
  position_.resize(n);
  for (std::uint32_t b = 0; b < n; ++b) active_[b] = position_[b] = b;
  if (policy_ == BalancingPolicy::round_robin || policy_ == BalancingPolicy::least_connections ||
      policy_ == BalancingPolicy::least_outstanding_requests)
    least_ = MinTree(std::vector<std::int64_t>(n, 0));
  if (policy_ == BalancingPolicy::weighted_random) {
    leaves_ = std::bit_ceil(std::max<std::uint32_t>(n, 1));
    sum_.assign(2 * std::size_t{leaves_}, 0.0);
    for (std::uint32_t b = 0; b < n; ++b) {
      assert(std::isfinite(backends_[b].weight) && backends_[b].weight > 0);
      sum_[leaves_ + b] = backends_[b].weight;
    }
    for (std::uint32_t i = leaves_ - 1; i >= 1; --i) sum_[i] = sum_[2 * i] + sum_[2 * i + 1];
  }
}

std::int64_t BackendPool::min_leaf(std::uint32_t b) const {
  if (!in_service(b)) return kInfinite;
  return policy_ == BalancingPolicy::round_robin ? 0 : load_[b];
}

void BackendPool::set_weight_leaf(std::uint32_t b) {
  std::uint32_t i = leaves_ + b;
  sum_[i] = in_service(b) ? backends_[b].weight : 0.0;
  for (i /= 2; i >= 1; i /= 2) sum_[i] = sum_[2 * i] + sum_[2 * i + 1];
}

std::uint32_t BackendPool::pick_first_minimum() {
  const std::uint32_t b = least_.next_least(cursor_);
  assert(b < size() && in_service(b));
  cursor_ = b + 1 == size() ? 0 : b + 1;
  return b;
}

std::uint32_t BackendPool::pick_weighted() {
  // Descend from the root, going right past the left child's weight. A node
  // reached always has positive weight, hence so has one child; a child of
  // zero weight (all out of service, or padding) is never entered, whatever
  // the rounding of u against the sums. So the leaf reached is in service.
  double u = random_.next_unit() * sum_[1];
  std::uint32_t i = 1;
  while (i < leaves_) {
    const double left = sum_[2 * i];
    const double right = sum_[2 * i + 1];
    const bool go_right = right != 0 && (left == 0 || u >= left);
    u -= go_right ? left : 0.0;
    i = 2 * i + (go_right ? 1 : 0);
  }
  const std::uint32_t b = i - leaves_;
  assert(b < size() && in_service(b));
  return b;
}

std::uint32_t BackendPool::pick_hashed(std::uint64_t flow) const {
  // The candidates are the successive outputs of splitmix64 seeded with the
  // flow, reduced modulo n. Changing this changes every golden file.
  const std::uint64_t n = size();
  const std::uint64_t first = mix(flow + kGolden);
  std::uint64_t h = first;
  for (int k = 0;; ++k) {
    const auto b = static_cast<std::uint32_t>(h % n);
    if (in_service(b)) return b;
    if (k == kRehashes) break;
    h = mix(flow + static_cast<std::uint64_t>(k + 2) * kGolden);
  }
  return active_[first % active_.size()];
}

std::optional<std::uint32_t> BackendPool::pick(std::uint64_t flow) {
  if (active_.empty()) return std::nullopt;
  switch (policy_) {
    case BalancingPolicy::random:
      return active_[random_.next_below(active_.size())];
    case BalancingPolicy::round_robin:
    case BalancingPolicy::least_connections:
    case BalancingPolicy::least_outstanding_requests:
      return pick_first_minimum();
    case BalancingPolicy::power_of_two_choices: {
      const std::uint32_t a = active_[random_.next_below(active_.size())];
      const std::uint32_t b = active_[random_.next_below(active_.size())];
      return load_[b] < load_[a] ? b : a;
    }
    case BalancingPolicy::weighted_random:
      return pick_weighted();
    case BalancingPolicy::hash:
    case BalancingPolicy::ip_hash:
    case BalancingPolicy::key_hash:
      return pick_hashed(flow);
  }
  assert(false && "unknown balancing policy");
  return std::nullopt;
}

void BackendPool::add_load(std::uint32_t b, std::int64_t delta) {
  load_[b] += delta;
  if (policy_ != BalancingPolicy::round_robin && uses_min_tree() && in_service(b))
    least_.set(b, load_[b]);
}

void BackendPool::set_in_service(std::uint32_t b, bool in_service) {
  if (in_service == this->in_service(b)) return;
  if (in_service) {
    position_[b] = static_cast<std::uint32_t>(active_.size());
    active_.push_back(b);
  } else {
    const std::uint32_t last = active_.back();
    active_[position_[b]] = last;
    position_[last] = position_[b];
    active_.pop_back();
    position_[b] = kOut;
  }
  if (uses_min_tree()) least_.set(b, min_leaf(b));
  if (policy_ == BalancingPolicy::weighted_random) set_weight_leaf(b);
}

}  // namespace tiersim
