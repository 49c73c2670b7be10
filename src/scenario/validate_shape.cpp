// Validation of a client's shape: the crowds on top of its base rate.
#include <fmt/core.h>

#include <algorithm>

#include "tiersim/core/rate_profile.hpp"
#include "tiersim/core/units.hpp"
#include "validator.hpp"

namespace tiersim::scenario_validate {

namespace {

constexpr std::int64_t kDefaultDurationNs = 60'000'000'000;

}  // namespace

void Validator::check_shape(const ast::Client& c, bool open) {
  if (c.shape.empty()) return;
  if (!open) {
    error(c.shape.front().kind.mark,
          fmt::format("client '{}' has a shape but no 'rate'; a shape adds crowds to the base "
                      "rate of an open-loop client",
                      c.name.value));
    return;
  }
  for (const ast::ShapeItem& item : c.shape) check_crowd(item, c.name.value);
}

void Validator::check_crowd(const ast::ShapeItem& item, const std::string& client) {
  const std::string& kind = item.kind.value;
  const auto require = [&](const auto& value, std::string_view key) {
    if (!value && !spoilt(item.spoilt_keys, key))
      error(item.mark, fmt::format("the {} of client '{}' has no '{}'", kind, client, key));
  };
  require(item.rate, "rate");
  above_zero(item.rate, "rate");
  if (kind == "step") {
    require(item.at_ns, "at");
  } else if (kind == "spike") {
    require(item.at_ns, "at");
    require(item.length_ns, "length");
  } else if (kind == "ramp") {
    require(item.from_ns, "from");
    require(item.to_ns, "to");
    if (item.from_ns && item.to_ns && item.to_ns->value <= item.from_ns->value)
      error(item.to_ns->mark,
            fmt::format("the ramp's 'to' ({}) must come after its 'from' ({})",
                        format_duration(item.to_ns->value), format_duration(item.from_ns->value)));
  } else if (kind == "bursts") {
    require(item.every_ns, "every");
    require(item.length_ns, "length");
    duration_above_zero(item.every_ns, "every");
    if (item.every_ns && item.length_ns && item.length_ns->value > item.every_ns->value)
      error(item.length_ns->mark,
            fmt::format("a burst's length ({}) must not exceed its period 'every' ({})",
                        format_duration(item.length_ns->value),
                        format_duration(item.every_ns->value)));
    if (item.every_ns && item.every_ns->value > 0) {
      // In doubles: a duration and a warm-up near the 64-bit limit must not overflow.
      const double run =
          static_cast<double>(s_.duration_ns ? s_.duration_ns->value : kDefaultDurationNs) +
          static_cast<double>(s_.warmup_ns ? s_.warmup_ns->value : 0);
      const double first = item.first_ns ? static_cast<double>(item.first_ns->value) : 0.0;
      if ((run - first) / static_cast<double>(item.every_ns->value) >= kMaxBursts)
        error(item.every_ns->mark,
              fmt::format("bursts every {} over a run of {} are more than {}; make them rarer",
                          format_duration(item.every_ns->value),
                          format_duration(static_cast<std::int64_t>(std::min(run, 9e18))),
                          kMaxBursts));
    }
  } else if (kind == "daily") {
    duration_above_zero(item.period_ns, "period");
  } else if (kind == "deadline") {
    require(item.at_ns, "at");
    require(item.half_life_ns, "half_life");
    duration_above_zero(item.half_life_ns, "half_life");
  }
  duration_above_zero(item.length_ns, "length");
}

}  // namespace tiersim::scenario_validate
