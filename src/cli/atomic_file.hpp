// Writes a whole file so that readers never see it half written, and a
// failed write never destroys what was there: the text goes to a temporary
// file beside the target, which is then renamed over it.
#pragma once

#include <string>

namespace tiersim::cli {

// Returns "" on success, or a message saying what failed.
std::string write_file_atomically(const std::string& path, const std::string& contents);

}  // namespace tiersim::cli
