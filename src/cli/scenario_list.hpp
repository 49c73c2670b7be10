// The bundled scenarios (tiersim scenarios): each file of a folder with the
// first sentence of its description, so that a student can pick one.
#pragma once

#include <string>

namespace tiersim::cli {

// Where the bundled scenarios are: ./scenarios when run from a checkout's
// root (as the README does), else the folder of the source tree tiersim
// was built from.
std::string default_scenario_dir();

// One line per *.yaml file of `dir`, in name order: the file and the first
// sentence of its description (cut to fit 100 columns). A file that does
// not load says so on its line. Empty when the folder has none.
std::string scenario_list(const std::string& dir);

}  // namespace tiersim::cli
