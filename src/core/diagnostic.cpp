#include "tiersim/core/diagnostic.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace tiersim {

std::string format_diagnostic(const Diagnostic& d) {
  if (d.mark.line <= 0) return fmt::format("{}: error: {}", d.mark.file, d.message);
  return fmt::format("{}:{}:{}: error: {}", d.mark.file, d.mark.line, d.mark.column, d.message);
}

void DiagnosticList::error(SourceMark mark, std::string message) {
  if (items_.size() < kMaxDiagnostics)
    items_.push_back(Diagnostic{std::move(mark), std::move(message)});
  else
    ++dropped_;
}

void DiagnosticList::append(const DiagnosticList& other) {
  for (const auto& d : other.items_) error(d.mark, d.message);
  dropped_ += other.dropped_;
}

std::string DiagnosticList::format() const {
  std::vector<const Diagnostic*> sorted;
  sorted.reserve(items_.size());
  for (const auto& d : items_) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic* a, const Diagnostic* b) {
    if (a->mark.file != b->mark.file) return a->mark.file < b->mark.file;
    if (a->mark.line != b->mark.line) return a->mark.line < b->mark.line;
    return a->mark.column < b->mark.column;
  });
  std::string out;
  for (const auto* d : sorted) {
    out += format_diagnostic(*d);
    out += '\n';
  }
  if (dropped_ > 0)
    out +=
        fmt::format("{}: error: {} more errors not shown; fix the ones above first\n",
                    sorted.empty() ? std::string("tiersim") : sorted.front()->mark.file, dropped_);
  return out;
}

namespace {

// Optimal string alignment distance (Levenshtein plus adjacent transposition),
// case-insensitive: "targte" and "Target" are both one edit from "target".
// Three rows of the table suffice: row i needs rows i-1 and i-2.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::size_t> before(m + 1), previous(m + 1), current(m + 1);
  for (std::size_t j = 0; j <= m; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1]))
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[m];
}

}  // namespace

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates,
                          HintBudget* budget) {
  // Names are short; a hint for a longer word is no help, and the distance
  // costs its length times the candidate's.
  constexpr std::size_t kLongestWord = 64;
  if (word.size() > kLongestWord) return {};
  // A typo is plausible within a third of the word's length (at least one edit).
  const std::size_t max_edits = std::max<std::size_t>(1, word.size() / 3);
  std::string best;
  std::size_t best_distance = max_edits + 1;
  for (const auto& c : candidates) {
    // The distance is at least the difference in length.
    const std::size_t longer = std::max(word.size(), c.size());
    if (longer - std::min(word.size(), c.size()) > max_edits) continue;
    if (budget && !budget->take(static_cast<std::uint64_t>(word.size()) * c.size())) return {};
    const std::size_t dist = edit_distance(word, c);
    if (dist < best_distance) {
      best_distance = dist;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates,
                         HintBudget* budget) {
  const std::string best = closest_match(word, candidates, budget);
  return best.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", best);
}

}  // namespace tiersim
