#include "tiersim/core/input_file.hpp"

#include <fmt/core.h>

#include <filesystem>

namespace tiersim {

std::optional<std::string> input_file_problem(const std::string& path, std::string_view what,
                                              std::string_view shown, std::uintmax_t max_mib) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec) return std::nullopt;
  if (!std::filesystem::is_regular_file(status))
    return fmt::format("{} file '{}' is not a regular file", what, shown);
  const std::uintmax_t bytes = std::filesystem::file_size(path, ec);
  if (!ec && bytes > max_mib * 1024 * 1024)
    return fmt::format("{} file '{}' is larger than {} MiB, the most tiersim reads", what, shown,
                       max_mib);
  return std::nullopt;
}

}  // namespace tiersim
