#include "progress_bar.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <string>

namespace tiersim::cli {

namespace {

constexpr auto kFirstAfter = std::chrono::seconds(1);
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
constexpr int kBarCells = 24;

}  // namespace

ProgressBar::ProgressBar(std::FILE* out, bool terminal, bool forced)
    : out_(out), terminal_(terminal), forced_(forced) {}

void ProgressBar::update(SimTime now, SimTime end, std::uint64_t events) {
  const Clock::time_point wall = Clock::now();
  const bool done = now >= end;
  if (!forced_ && (!terminal_ || wall - started_ < kFirstAfter)) return;
  if (shown_ && !done && wall - drawn_ < kRedrawEvery) return;
  drawn_ = wall;
  shown_ = true;
  const double fraction = end.ns() > 0 ? std::clamp(now.seconds() / end.seconds(), 0.0, 1.0) : 1.0;
  const int cells = static_cast<int>(fraction * kBarCells);
  const double seconds = std::chrono::duration<double>(wall - started_).count();
  const double rate = seconds > 0 ? static_cast<double>(events) / seconds / 1e6 : 0.0;
  const std::string line =
      fmt::format("[{}{}] {:5.1f}%  {:.1f} s of {:.1f} s simulated  {:.2f} M events/s",
                  std::string(static_cast<std::size_t>(cells), '#'),
                  std::string(static_cast<std::size_t>(kBarCells - cells), '.'), fraction * 100,
                  now.seconds(), end.seconds(), rate);
  // Pad over a longer line drawn before.
  const std::size_t pad = width_ > line.size() ? width_ - line.size() : 0;
  fmt::print(out_, "\r{}{}", line, std::string(pad, ' '));
  width_ = line.size();
  std::fflush(out_);
}

void ProgressBar::finish() {
  if (!shown_) return;
  shown_ = false;
  if (terminal_)
    fmt::print(out_, "\r{}\r", std::string(width_, ' '));
  else
    fmt::print(out_, "\n");
  std::fflush(out_);
}

}  // namespace tiersim::cli
