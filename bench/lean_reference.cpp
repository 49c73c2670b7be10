#include "lean_reference.hpp"

#include <cmath>
#include <cstdint>
#include <deque>
#include <queue>
#include <vector>

#include "tiersim/core/portable_math.hpp"
#include "tiersim/core/random.hpp"

namespace tiersim::bench {

namespace {

enum class Kind : std::uint8_t { arrival, departure };

// 16 bytes: time, a tie-breaking sequence number, what and where.
struct Event {
  std::int64_t time;
  std::uint32_t seq;
  Kind kind;
  std::uint8_t station;
};

struct Later {
  bool operator()(const Event& a, const Event& b) const {
    return a.time != b.time ? a.time > b.time : a.seq > b.seq;
  }
};

std::int64_t exponential_ns(RandomStream& rng, double rate) {
  return std::llround(-1e9 / rate * portable::log(rng.next_open_unit()));
}

}  // namespace

LeanResult lean_tandem(int stations, double lambda, const double mu[2], std::int64_t requests,
                       std::uint64_t seed) {
  RandomStream arrivals(seed), service(seed + 1);
  std::priority_queue<Event, std::vector<Event>, Later> events;
  std::uint32_t seq = 0;
  // Per station: arrival times of the requests there, in FIFO order; the
  // head is in service.
  std::deque<std::int64_t> waiting[2];
  LeanResult out;
  double total_response = 0;
  std::int64_t now = 0;
  events.push({exponential_ns(arrivals, lambda), seq++, Kind::arrival, 0});
  while (out.completed < requests) {
    const Event e = events.top();
    events.pop();
    now = e.time;
    if (e.kind == Kind::arrival) {
      events.push({now + exponential_ns(arrivals, lambda), seq++, Kind::arrival, 0});
      waiting[0].push_back(now);
      if (waiting[0].size() == 1)
        events.push({now + exponential_ns(service, mu[0]), seq++, Kind::departure, 0});
      continue;
    }
    const int s = e.station;
    const std::int64_t arrived = waiting[s].front();
    waiting[s].pop_front();
    if (!waiting[s].empty())
      events.push({now + exponential_ns(service, mu[s]), seq++, Kind::departure,
                   static_cast<std::uint8_t>(s)});
    if (s + 1 < stations) {
      // The response time is counted from the first arrival: carry it along.
      waiting[s + 1].push_back(arrived);
      if (waiting[s + 1].size() == 1)
        events.push({now + exponential_ns(service, mu[s + 1]), seq++, Kind::departure,
                     static_cast<std::uint8_t>(s + 1)});
    } else {
      ++out.completed;
      total_response += static_cast<double>(now - arrived);
    }
  }
  out.mean_response_s = total_response / static_cast<double>(out.completed) / 1e9;
  return out;
}

}  // namespace tiersim::bench
