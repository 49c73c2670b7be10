// Diagnostics: user errors as values, each pointing at a place in a file.
//
// Every stage that reads user input (scenario parsing, validation,
// compilation, empirical CSV files) collects Diagnostics instead of throwing,
// so that all errors of a file are reported together. Programmer errors are
// assertions, never diagnostics.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tiersim {

// A place in a source file. Lines and columns are 1-based; 0 means unknown
// (the message then names only the file).
struct SourceMark {
  std::string file;
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  SourceMark mark;
  std::string message;
};

// Formats "file:line:col: error: message" (or "file: error: message" when the
// mark has no line).
std::string format_diagnostic(const Diagnostic& d);

// Keeps the first kMaxDiagnostics errors and counts the rest: one typo
// inside a YAML anchor that aliases repeat can otherwise raise hundreds of
// thousands of errors (megabytes of output for a 3 KB file).
class DiagnosticList {
 public:
  static constexpr std::size_t kMaxDiagnostics = 10'000;

  void error(SourceMark mark, std::string message);
  void append(const DiagnosticList& other);

  bool empty() const { return items_.empty(); }
  // Every error reported, kept or not.
  std::size_t size() const { return items_.size() + dropped_; }
  const std::vector<Diagnostic>& items() const { return items_; }

  // The kept diagnostics sorted by (file, line, column), then in order of
  // discovery, each formatted on its own line; then, if errors were
  // dropped, a line that says how many.
  std::string format() const;

 private:
  std::vector<Diagnostic> items_;
  std::size_t dropped_ = 0;
};

// The work that "did you mean" hints may take over one file. A hint costs
// the product of the lengths of the word and of each candidate it is
// compared with, so a file with thousands of unknown names among thousands
// of nodes would otherwise take minutes to report. Once spent, hints are left
// out (deterministically: the same file gives the same messages).
class HintBudget {
 public:
  static constexpr std::uint64_t kDefaultCells = 20'000'000;
  explicit HintBudget(std::uint64_t cells = kDefaultCells) : left_(cells) {}
  // Takes `cells` if that many are left; otherwise spends the rest, so that
  // every later take fails too.
  bool take(std::uint64_t cells) {
    if (cells > left_) {
      left_ = 0;
      return false;
    }
    left_ -= cells;
    return true;
  }

 private:
  std::uint64_t left_;
};

// The candidate closest to `word` by edit distance, or "" when none is close
// enough to be a plausible typo (or `budget` is spent). Used for "did you
// mean ...?" hints.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates,
                          HintBudget* budget = nullptr);

// " (did you mean 'x'?)" or "" when there is no close candidate.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates,
                         HintBudget* budget = nullptr);

}  // namespace tiersim
