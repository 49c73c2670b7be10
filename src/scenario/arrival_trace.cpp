#include "arrival_trace.hpp"

#include <fmt/core.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <optional>
#include <string_view>
#include <vector>

#include "tiersim/core/input_file.hpp"
#include "tiersim/core/key_space.hpp"
#include "tiersim/core/units.hpp"

namespace tiersim::scenario_parse {

namespace {

constexpr std::uintmax_t kMaxTraceMiB = 256;

enum class Column { time, request_class, request_size, response_size, user, key, ignored };

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// A cell and the 1-based column where its text starts.
struct Cell {
  std::string_view text;
  int column;
};

std::vector<Cell> split(std::string_view line) {
  std::vector<Cell> cells;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    const std::string_view raw = line.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    const std::string_view t = trim(raw);
    const auto lead = static_cast<int>(t.empty() ? 0 : t.data() - raw.data());
    cells.push_back({t, static_cast<int>(start) + lead + 1});
    if (comma == std::string_view::npos) return cells;
    start = comma + 1;
  }
}

// A whole number written plainly ("1500"), or nothing.
std::optional<std::int64_t> plain_integer(std::string_view t) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size()) return std::nullopt;
  return v;
}

class TraceReader {
 public:
  TraceReader(ast::ArrivalTrace& trace, DiagnosticList& d) : trace_(trace), d_(d) {}

  // False once errors are too many to go on.
  bool line(std::string_view text, int line_no);
  bool header_seen() const { return header_seen_; }

 private:
  void error(int line, int column, std::string message) {
    d_.error(SourceMark{trace_.file.value, line, column}, std::move(message));
    ++errors_;
  }
  bool header(const std::vector<Cell>& cells, int line_no);
  std::optional<std::int64_t> time_of(const Cell& c, int line_no);
  std::optional<std::int64_t> size_of(const Cell& c, int line_no, std::string_view what);
  // Like a compiler, stop after a screenful of errors, and say so.
  bool more_errors_allowed(int line_no) {
    if (errors_ < kMaxErrors) return true;
    d_.error(SourceMark{trace_.file.value, line_no, 0},
             fmt::format("stopping at line {} after {} errors in the trace", line_no, kMaxErrors));
    return false;
  }
  static constexpr int kMaxErrors = 20;

  ast::ArrivalTrace& trace_;
  DiagnosticList& d_;
  bool header_seen_ = false;
  std::vector<Column> columns_;
  std::int64_t last_time_ = 0;
  int errors_ = 0;
};

bool TraceReader::header(const std::vector<Cell>& cells, int line_no) {
  header_seen_ = true;
  bool has_time = false;
  for (const Cell& c : cells) {
    for (std::size_t k = 0; k < columns_.size(); ++k)
      if (columns_[k] != Column::ignored && cells[k].text == c.text)
        error(line_no, c.column, fmt::format("column '{}' appears twice in the header", c.text));
    Column col = Column::ignored;
    if (c.text == "time")
      col = Column::time, has_time = true;
    else if (c.text == "class")
      col = Column::request_class, trace_.has_class_column = true;
    else if (c.text == "request_size")
      col = Column::request_size;
    else if (c.text == "response_size")
      col = Column::response_size;
    else if (c.text == "user")
      col = Column::user;
    else if (c.text == "key")
      col = Column::key;
    else
      error(line_no, c.column,
            fmt::format("unknown column '{}' in the trace's header; expected time, class, "
                        "request_size, response_size, user or key",
                        c.text));
    columns_.push_back(col);
  }
  if (!has_time) error(line_no, 1, "the trace's header has no 'time' column (e.g. 'time,class')");
  return errors_ == 0;
}

std::optional<std::int64_t> TraceReader::time_of(const Cell& c, int line_no) {
  // Seconds as a plain number ("12.5"), or a duration with its unit ("12.5s").
  double seconds = 0;
  const auto [end, ec] = std::from_chars(c.text.data(), c.text.data() + c.text.size(), seconds);
  if (ec == std::errc() && end == c.text.data() + c.text.size()) {
    if (!(seconds >= 0) || !(seconds <= 9e9)) {
      error(line_no, c.column,
            fmt::format("time '{}' must be a number of seconds from 0 to 9e9", c.text));
      return std::nullopt;
    }
    return std::llround(seconds * 1e9);
  }
  const Parsed<std::int64_t> d = parse_duration_ns(c.text);
  if (!ok(d)) {
    const ParseError& e = std::get<ParseError>(d);
    error(line_no, c.column + e.offset, "time: " + e.message);
    return std::nullopt;
  }
  return std::get<std::int64_t>(d);
}

std::optional<std::int64_t> TraceReader::size_of(const Cell& c, int line_no,
                                                 std::string_view what) {
  if (c.text.empty()) return -1;  // the class's own size
  if (const auto bytes = plain_integer(c.text)) {
    if (*bytes >= 0) return *bytes;
    error(line_no, c.column, fmt::format("{} must not be negative, got '{}'", what, c.text));
    return std::nullopt;
  }
  const Parsed<std::int64_t> s = parse_size_bytes(c.text);
  if (!ok(s)) {
    const ParseError& e = std::get<ParseError>(s);
    error(line_no, c.column + e.offset, fmt::format("{}: {}", what, e.message));
    return std::nullopt;
  }
  return std::get<std::int64_t>(s);
}

bool TraceReader::line(std::string_view text, int line_no) {
  // A byte-order mark (spreadsheets write one) is not part of the header.
  if (line_no == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const std::string_view t = trim(text);
  if (t.empty() || t.front() == '#') return true;
  const std::vector<Cell> cells = split(text);
  if (!header_seen_) return header(cells, line_no);
  if (cells.size() != columns_.size()) {
    error(line_no, 1,
          fmt::format("this line has {} cells, but the header names {} columns", cells.size(),
                      columns_.size()));
    return more_errors_allowed(line_no);
  }
  if (trace_.rows.size() >= kMaxTraceRows) {
    error(
        line_no, 1,
        fmt::format("the trace has more than {} arrivals, the most tiersim reads", kMaxTraceRows));
    return false;
  }
  ast::TraceRow row;
  bool good = true;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const Cell& c = cells[i];
    switch (columns_[i]) {
      case Column::time: {
        const auto ns = time_of(c, line_no);
        if (!ns) {
          good = false;
        } else if (*ns < last_time_) {
          error(line_no, c.column,
                fmt::format("time {} comes before the line above ({}); a trace must be in time "
                            "order",
                            format_duration(*ns), format_duration(last_time_)));
          good = false;
        } else {
          row.time_ns = last_time_ = *ns;
        }
        break;
      }
      case Column::request_class: {
        if (c.text.empty()) {
          error(line_no, c.column, "the class is empty");
          good = false;
          break;
        }
        std::size_t k = 0;
        while (k < trace_.classes.size() && trace_.classes[k] != c.text) ++k;
        if (k == trace_.classes.size()) {
          trace_.classes.emplace_back(c.text);
          trace_.class_marks.push_back(SourceMark{trace_.file.value, line_no, c.column});
        }
        row.request_class = static_cast<std::uint32_t>(k);
        break;
      }
      case Column::request_size:
      case Column::response_size: {
        const bool request = columns_[i] == Column::request_size;
        const auto bytes = size_of(c, line_no, request ? "request_size" : "response_size");
        if (!bytes)
          good = false;
        else
          (request ? row.request_bytes : row.response_bytes) = *bytes;
        break;
      }
      case Column::user: {
        const auto user = plain_integer(c.text);
        if (!user || *user < 0) {
          error(
              line_no, c.column,
              fmt::format("user '{}' must be a whole number, at least 0 (a user's index)", c.text));
          good = false;
        } else {
          row.user = *user;
          if (*user > trace_.max_user) {
            trace_.max_user = *user;
            trace_.largest_user = SourceMark{trace_.file.value, line_no, c.column};
          }
        }
        break;
      }
      case Column::key: {
        const auto key = plain_integer(c.text);
        if (!key || *key < 1 || static_cast<std::uint64_t>(*key) > kMaxKeys) {
          error(line_no, c.column,
                fmt::format("key '{}' must be a whole number from 1 to {}", c.text, kMaxKeys));
          good = false;
        } else {
          row.key = *key;
        }
        break;
      }
      case Column::ignored:
        break;
    }
  }
  if (good) trace_.rows.push_back(row);
  return more_errors_allowed(line_no);
}

}  // namespace

void load_arrival_trace(const std::string& path, ast::ArrivalTrace& trace,
                        DiagnosticList& diagnostics) {
  const SourceMark at = trace.file.mark;
  if (auto problem = input_file_problem(path, "trace", trace.file.value, kMaxTraceMiB)) {
    diagnostics.error(at, std::move(*problem));
    return;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostics.error(at, fmt::format("cannot open trace file '{}'", trace.file.value));
    return;
  }
  const std::size_t errors_before = diagnostics.size();
  TraceReader reader(trace, diagnostics);
  std::string text;
  int line_no = 0;
  while (std::getline(in, text)) {
    ++line_no;
    if (!reader.line(text, line_no)) return;
  }
  if (!reader.header_seen())
    diagnostics.error(at, fmt::format("trace file '{}' is empty; it needs a header (e.g. "
                                      "'time,class') and one line per arrival",
                                      trace.file.value));
  else if (trace.rows.empty() && diagnostics.size() == errors_before)
    diagnostics.error(at, fmt::format("trace file '{}' has no arrivals", trace.file.value));
}

}  // namespace tiersim::scenario_parse
