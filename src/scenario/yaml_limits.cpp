#include "yaml_limits.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace tiersim::scenario_parse {

namespace {

bool continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

// The length of the well-formed UTF-8 sequence at the start of `s` (RFC 3629:
// no overlong forms, no surrogates, nothing above U+10FFFF), or 0.
std::size_t utf8_length(std::string_view s) {
  const auto at = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = at(0);
  std::size_t n = 0;
  unsigned char low = 0x80, high = 0xBF;  // range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) low = 0xA0;
    if (c == 0xED) high = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) low = 0x90;
    if (c == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (s.size() < n || at(1) < low || at(1) > high) return 0;
  for (std::size_t i = 2; i < n; ++i)
    if (!continuation(at(i))) return 0;
  return n;
}

}  // namespace

std::optional<TextProblem> check_encoding(std::string_view text) {
  if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF"))
    return TextProblem{1, 1,
                       "the file is UTF-16 or UTF-32 (it starts with a byte-order mark); save "
                       "the scenario as UTF-8"};
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const int column = static_cast<int>(i - line_start) + 1;
    if (c == '\n') {
      ++line;
      line_start = ++i;
      continue;
    }
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F)
        return TextProblem{line, column,
                           fmt::format("control character \\x{:02x} in the text; a scenario is "
                                       "UTF-8 text (is this a binary file?)",
                                       c)};
      ++i;
      continue;
    }
    const std::size_t n = utf8_length(text.substr(i));
    if (n == 0)
      return TextProblem{line, column,
                         fmt::format("byte \\x{:02x} is not UTF-8; save the scenario as UTF-8 "
                                     "text",
                                     c)};
    i += n;
  }
  return std::nullopt;
}

std::optional<TextProblem> tab_indentation(std::string_view text, int last_line) {
  int line = 1;
  for (std::size_t start = 0; start <= text.size() && line <= last_line; ++line) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view l = text.substr(start, end - start);
    const std::size_t content = l.find_first_not_of(" \t");
    const std::size_t tab = l.find('\t');
    if (content != std::string_view::npos && tab < content && l[content] != '\r' &&
        l[content] != '#')
      return TextProblem{line, static_cast<int>(tab) + 1,
                         "invalid YAML: a tab indents this line; YAML indents with spaces only"};
    start = end + 1;
  }
  return std::nullopt;
}

bool DocumentScan::stuck() const {
  return starts.size() >= 2 && starts.back().pos == starts[starts.size() - 2].pos;
}

void DocumentScan::OnDocumentStart(const YAML::Mark& mark) {
  starts.push_back(mark);
  open_.clear();
  anchor_sizes_.clear();
  document_nodes_ = 0;
}

void DocumentScan::OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) {
  leaf(mark, anchor);
}

void DocumentScan::OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                            const std::string&) {
  leaf(mark, anchor);
}

void DocumentScan::OnSequenceStart(const YAML::Mark& mark, const std::string&,
                                   YAML::anchor_t anchor, YAML::EmitterStyle::value) {
  open(mark, anchor);
}

void DocumentScan::OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                              YAML::EmitterStyle::value) {
  open(mark, anchor);
}

void DocumentScan::OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) {
  if (problem) return;
  const std::uint64_t size = anchor < anchor_sizes_.size() ? anchor_sizes_[anchor] : 0;
  if (size == 0) {
    problem = TextProblem{mark.line + 1, mark.column + 1,
                          "this alias names a node that contains it; a scenario cannot be "
                          "infinite"};
    return;
  }
  add_to_parent(size);
  count(mark, size, true);
}

void DocumentScan::leaf(const YAML::Mark& mark, YAML::anchor_t anchor) {
  if (problem) return;
  if (anchor != YAML::NullAnchor) {
    if (anchor >= anchor_sizes_.size()) anchor_sizes_.resize(anchor + 1, 0);
    anchor_sizes_[anchor] = 1;
  }
  add_to_parent(1);
  count(mark, 1, false);
}

void DocumentScan::open(const YAML::Mark& mark, YAML::anchor_t anchor) {
  if (problem) return;
  if (anchor != YAML::NullAnchor && anchor >= anchor_sizes_.size())
    anchor_sizes_.resize(anchor + 1, 0);
  count(mark, 1, false);
  open_.push_back(Open{anchor, 1});
}

void DocumentScan::close() {
  if (problem || open_.empty()) return;
  const Open done = open_.back();
  open_.pop_back();
  if (done.anchor != YAML::NullAnchor) anchor_sizes_[done.anchor] = done.size;
  add_to_parent(done.size);
}

// Sizes are at most kMaxExpandedNodes + 1, so no sum here can overflow.
void DocumentScan::add_to_parent(std::uint64_t nodes) {
  if (!open_.empty())
    open_.back().size = std::min(open_.back().size + nodes, kMaxExpandedNodes + 1);
}

void DocumentScan::count(const YAML::Mark& mark, std::uint64_t nodes, bool alias) {
  document_nodes_ += nodes;
  if (document_nodes_ <= kMaxExpandedNodes) return;
  problem = TextProblem{
      mark.line + 1, mark.column + 1,
      alias ? fmt::format("aliases expand the YAML past {} nodes here, more than any scenario "
                          "needs (do anchors and aliases nest to grow it exponentially?)",
                          kMaxExpandedNodes)
            : fmt::format("the YAML has more than {} nodes, more than any scenario needs",
                          kMaxExpandedNodes)};
}

}  // namespace tiersim::scenario_parse
