// Warnings a student should not miss: saturated resources, rejections,
// requests left in flight (the system did not keep up), and a run with no
// warm-up. Appended to result.warnings in a fixed order (nodes in model
// order, resources in a fixed order).
#pragma once

#include "tiersim/metrics/result.hpp"
#include "tiersim/model/model.hpp"

namespace tiersim {

// A resource at or above this utilization is reported as saturated.
inline constexpr double kSaturated = 0.99;
// ... and at or above this one as close to saturation.
inline constexpr double kNearSaturation = 0.90;

void add_warnings(Result& result, const model::Model& model);

}  // namespace tiersim
