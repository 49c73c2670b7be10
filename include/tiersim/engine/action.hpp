// Action: what an event does, a move-only `void()` callable.
//
// Unlike std::function (whose inline buffer holds 16 bytes in libstdc++), an
// Action keeps captures of up to kInlineBytes inside itself, so that
// scheduling the usual event allocates nothing; the largest on the hot path
// is a message in flight (World::send: its target, request, instance, size
// and 48-byte ReplyTo, 72 bytes). A larger capture goes to the heap. Move-only, so a capture may
// own what it holds.
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace tiersim {

class Action {
 public:
  static constexpr std::size_t kInlineBytes = 80;

  Action() = default;
  template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, Action> &&
                                                    std::is_invocable_r_v<void, std::decay_t<F>&>>>
  Action(F&& f) {  // NOLINT(google-explicit-constructor): a lambda converts, as to std::function
    using Stored = std::decay_t<F>;
    if constexpr (kFitsInline<Stored>) {
      ::new (static_cast<void*>(buffer_)) Stored(std::forward<F>(f));
      ops_ = &kInlineOps<Stored>;
    } else {
      ::new (static_cast<void*>(buffer_)) Stored*(new Stored(std::forward<F>(f)));
      ops_ = &kHeapOps<Stored>;
    }
  }
  Action(Action&& other) noexcept { take(other); }
  Action& operator=(Action&& other) noexcept {
    if (this != &other) {
      reset();
      take(other);
    }
    return *this;
  }
  Action(const Action&) = delete;
  Action& operator=(const Action&) = delete;
  ~Action() { reset(); }

  explicit operator bool() const { return ops_ != nullptr; }
  // Whether a callable of type F is kept inside the Action (no allocation).
  template <typename F>
  static constexpr bool stored_inline() {
    return kFitsInline<std::decay_t<F>>;
  }
  // Requires: *this holds a callable.
  void operator()() { ops_->call(buffer_); }

 private:
  struct Ops {
    void (*call)(void* buffer);
    // Moves the callable from `from` into the empty `to`, leaving `from` empty.
    void (*move)(void* from, void* to);
    void (*destroy)(void* buffer);
  };

  template <typename F>
  static constexpr bool kFitsInline =
      sizeof(F) <= kInlineBytes &&
      alignof(F) <= alignof(std::max_align_t) && std::is_nothrow_move_constructible_v<F>;

  template <typename F>
  static constexpr Ops kInlineOps = {
      [](void* b) { (*std::launder(static_cast<F*>(b)))(); },
      [](void* from, void* to) {
        F* f = std::launder(static_cast<F*>(from));
        ::new (to) F(std::move(*f));
        f->~F();
      },
      [](void* b) { std::launder(static_cast<F*>(b))->~F(); },
  };
  template <typename F>
  static constexpr Ops kHeapOps = {
      [](void* b) { (**std::launder(static_cast<F**>(b)))(); },
      [](void* from, void* to) { ::new (to) F*(*std::launder(static_cast<F**>(from))); },
      [](void* b) { delete *std::launder(static_cast<F**>(b)); },
  };

  void take(Action& other) noexcept {
    if (!other.ops_) return;
    other.ops_->move(other.buffer_, buffer_);
    ops_ = other.ops_;
    other.ops_ = nullptr;
  }
  void reset() noexcept {
    if (!ops_) return;
    ops_->destroy(buffer_);
    ops_ = nullptr;
  }

  alignas(std::max_align_t) unsigned char buffer_[kInlineBytes];
  const Ops* ops_ = nullptr;
};

}  // namespace tiersim
