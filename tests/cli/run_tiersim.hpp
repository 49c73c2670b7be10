// Runs the tiersim binary as a user would, capturing exit code, stdout and
// stderr, from the source directory (so scenario paths are as in the README).
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

struct Invocation {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string scratch_dir() {
  static const std::string dir = [] {
    std::string templ = "/tmp/tiersim-cli-XXXXXX";
    const char* made = ::mkdtemp(templ.data());
    return std::string(made ? made : "/tmp");
  }();
  return dir;
}

inline Invocation run_tiersim(const std::string& args) {
  static int counter = 0;
  const std::string base = scratch_dir() + "/inv" + std::to_string(++counter);
  const std::string cmd = "cd '" TIERSIM_SOURCE_DIR "' && '" TIERSIM_BINARY "' " + args + " > '" +
                          base + ".out' 2> '" + base + ".err'";
  const int status = std::system(cmd.c_str());
  Invocation inv;
  inv.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  inv.out = read_text(base + ".out");
  inv.err = read_text(base + ".err");
  return inv;
}
