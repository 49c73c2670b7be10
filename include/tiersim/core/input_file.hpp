// Data files a scenario names (empirical distributions, arrival traces) are
// read whole: before opening one, refuse what would never end or exhaust
// memory.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tiersim {

// Why `path` cannot be read as a data file: it is not a regular file (a
// directory, /dev/zero) or it is larger than `max_mib` MiB. The message
// names it "<what> file '<shown>'". nullopt when it is fine, or does not
// exist (opening it says so).
std::optional<std::string> input_file_problem(const std::string& path, std::string_view what,
                                              std::string_view shown, std::uintmax_t max_mib);

}  // namespace tiersim
