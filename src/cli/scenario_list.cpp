#include "scenario_list.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <vector>

#include "pipeline.hpp"

namespace tiersim::cli {

namespace {

constexpr std::size_t kColumns = 100;

// The first sentence, on one line: up to the first ". " or the end.
std::string first_sentence(const std::string& text) {
  std::string one_line;
  for (const char c : text) one_line += (c == '\n' || c == '\t') ? ' ' : c;
  const auto end = one_line.find(". ");
  if (end != std::string::npos) one_line.resize(end + 1);
  while (!one_line.empty() && one_line.back() == ' ') one_line.pop_back();
  return one_line;
}

// The comment block a bundled scenario opens with says what it shows; its
// indented lines are commands to run, not prose.
std::string opening_comment(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line, text;
  while (std::getline(in, line) && !line.empty() && line[0] == '#') {
    const std::string body = line.substr(line.size() > 1 && line[1] == ' ' ? 2 : 1);
    if (body.rfind("  ", 0) == 0) break;
    text += (text.empty() ? "" : " ") + body;
  }
  return text;
}

}  // namespace

std::string default_scenario_dir() {
  std::error_code ec;
  if (std::filesystem::is_directory("scenarios", ec)) return "scenarios";
  return TIERSIM_SCENARIO_DIR;
}

std::string scenario_list(const std::string& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::size_t width = 0;
  for (const auto& f : files) width = std::max(width, f.filename().string().size());
  std::string out;
  for (const auto& f : files) {
    const Loaded loaded = load_scenario(f.string());
    std::string about = first_sentence(opening_comment(f));
    if (about.empty() && loaded.model) about = first_sentence(loaded.model->description);
    if (about.empty() && loaded.model) about = loaded.model->name;
    if (!loaded.model)
      about = fmt::format("(does not load: {} error{}; run tiersim validate on it)",
                          loaded.diagnostics.size(), loaded.diagnostics.size() == 1 ? "" : "s");
    const std::size_t room = kColumns - std::min(kColumns - 20, width + 2);
    if (about.size() > room) {
      // At a word's end, where there is one.
      const auto space = about.rfind(' ', room - 3);
      about = about.substr(0, space != std::string::npos ? space : room - 3) + "...";
    }
    out += fmt::format("{:<{}}  {}\n", f.filename().string(), width, about);
  }
  return out;
}

}  // namespace tiersim::cli
