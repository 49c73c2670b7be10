#include "tiersim/model/workload.hpp"

#include <algorithm>

namespace tiersim::model {

RateProfile rate_profile(const Client& client, SimTime horizon) {
  RateProfile p(client.rate_per_second);
  for (const Crowd& c : client.shape) {
    switch (c.kind) {
      case Crowd::Kind::step:
        p.add_step(c.at.seconds(), c.rate);
        break;
      case Crowd::Kind::spike:
        p.add_spike(c.at.seconds(), c.length.seconds(), c.rate);
        break;
      case Crowd::Kind::ramp:
        p.add_ramp(c.from.seconds(), c.to.seconds(), c.rate);
        break;
      case Crowd::Kind::bursts:
        p.add_bursts(c.first.seconds(), c.every.seconds(), c.length.seconds(), c.rate,
                     horizon.seconds());
        break;
      case Crowd::Kind::daily:
        p.add_wave(c.rate, c.period.seconds(), c.peak_at.seconds());
        break;
      case Crowd::Kind::deadline:
        p.add_surge(c.at.seconds(), c.half_life.seconds(), c.rate);
        break;
    }
  }
  return p;
}

std::int64_t burst_count(const Client& client, SimTime horizon) {
  std::int64_t n = 0;
  for (const Crowd& c : client.shape)
    if (c.kind == Crowd::Kind::bursts && c.first <= horizon)
      n += (horizon - c.first).ns() / c.every.ns() + 1;
  return n;
}

OfferedLoad offered_load(const Client& client, SimTime from, SimTime to) {
  OfferedLoad load;
  if (client.replay) {
    if (!(to > from)) return load;
    const auto in = std::count_if(client.trace.begin(), client.trace.end(),
                                  [&](const TraceArrival& a) { return a.at >= from && a.at < to; });
    load.mean_per_second = static_cast<double>(in) / (to - from).seconds();
    return load;
  }
  load.mean_per_second = client.rate_per_second;
  if (client.shape.empty() || !(to > from)) return load;
  // One profile for both figures: a day of bursts is a million pieces.
  const RateProfile p = rate_profile(client, to);
  load.mean_per_second =
      (p.cumulative(to.seconds()) - p.cumulative(from.seconds())) / (to - from).seconds();
  load.peak = p.peak(from.seconds(), to.seconds());
  return load;
}

}  // namespace tiersim::model
