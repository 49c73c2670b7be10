// Action: small captures stay inline, large ones go to the heap, and either
// way each capture is destroyed exactly once and may be move-only.
#include "tiersim/engine/action.hpp"

#include <array>
#include <catch2/catch.hpp>
#include <memory>
#include <utility>

namespace tiersim {
namespace {

// Counts its live copies, so that a leak or a double destruction shows.
struct Tracked {
  explicit Tracked(int* live) : live_(live) { ++*live_; }
  Tracked(Tracked&& o) noexcept : live_(o.live_) { ++*live_; }
  Tracked(const Tracked& o) : live_(o.live_) { ++*live_; }
  ~Tracked() { --*live_; }
  int* live_;
};

template <std::size_t Padding>
void check_lifetime() {
  int live = 0;
  int calls = 0;
  {
    std::array<char, Padding> padding{};
    Action a([t = Tracked(&live), padding, &calls] {
      (void)padding;
      ++calls;
    });
    CHECK(live == 1);
    Action b(std::move(a));
    CHECK_FALSE(a);
    REQUIRE(b);
    b();
    Action c;
    c = std::move(b);
    c();
    CHECK(live == 1);
    c = Action{};
    CHECK(live == 0);
  }
  CHECK(calls == 2);
  CHECK(live == 0);
}

TEST_CASE("an action owns its capture once, inline or on the heap", "[engine]") {
  check_lifetime<8>();    // inline
  check_lifetime<200>();  // larger than kInlineBytes: on the heap
}

TEST_CASE("captures up to the inline size allocate nothing", "[engine]") {
  struct Capture {
    std::array<char, Action::kInlineBytes> bytes;
    void operator()() const {}
  };
  struct TooBig {
    std::array<char, Action::kInlineBytes + 1> bytes;
    void operator()() const {}
  };
  static_assert(Action::stored_inline<Capture>());
  static_assert(!Action::stored_inline<TooBig>());
  // The hot path's largest capture: a message in flight (World::send).
  struct MessageInFlight {
    void* target;
    std::uint32_t request, instance;
    std::int64_t bytes;
    std::array<std::uint64_t, 6> reply_to;
    void operator()() const {}
  };
  static_assert(Action::stored_inline<MessageInFlight>());
  SUCCEED();
}

TEST_CASE("an action may own a move-only capture", "[engine]") {
  auto value = std::make_unique<int>(41);
  int seen = 0;
  Action a([v = std::move(value), &seen] { seen = *v + 1; });
  Action b(std::move(a));
  b();
  CHECK(seen == 42);
}

}  // namespace
}  // namespace tiersim
