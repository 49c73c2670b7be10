// The report of `tiersim explain`: operational-law predictions as a table.
#pragma once

#include <string>

#include "tiersim/model/explain.hpp"

namespace tiersim {

std::string explanation_text(const std::string& scenario, const model::Explanation& ex);

}  // namespace tiersim
