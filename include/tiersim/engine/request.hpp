// Request: one end-to-end request of a client, and the table of those in
// flight.
//
// The lifecycle every model drives: a client creates a request
// (RequestTable::create, Observer::request_created), nodes pass it along
// and reply, and the client finishes it exactly once as completed, rejected,
// failed or timed out (Observer::request_finished). A client that retries
// makes one table entry per attempt (nodes see each attempt as a request of
// its own) and releases each when its reply comes, even after it stopped
// waiting for it. Memory is
// O(requests in flight): slots of finished requests are reused.
#pragma once

#include <cstdint>
#include <vector>

#include "tiersim/core/sim_time.hpp"
#include "tiersim/model/model.hpp"

namespace tiersim {

using RequestHandle = std::uint32_t;

// timed_out is a client's verdict only: the client stopped waiting (its
// `timeout`); nodes never reply with it.
enum class Outcome { completed, rejected, failed, timed_out };

struct Request {
  std::uint64_t serial = 0;  // 1 for the first request generated in the run
  model::ClassId request_class = 0;
  std::uint32_t client = 0;
  SimTime created;
  std::int64_t request_bytes = 0;
  std::int64_t response_bytes = 0;
  bool measured = false;  // created inside the measured window
  // Who sent it: the user (0: an anonymous one-off user, who has no cookie
  // and no session to come back to) and the user's session, which a
  // stateful service keys its state on. Session ids are unique in a run.
  std::uint64_t user = 0;
  std::uint64_t session = 0;
  bool new_session = false;  // the first request of its session
  // The key it reads or writes (core/key_space.hpp): drawn from its class's
  // key space (1..count), or as a trace gives it (any key from 1 to
  // kMaxKeys, whatever the class's count); 0: none. It travels with the
  // request to every node.
  std::uint64_t key = 0;
  // The client request this entry works for, by its serial: for a retry,
  // the request's first attempt; for a queue's job, the request whose
  // handler published it (through any chain of queues and retries); 0 for
  // a request's first attempt itself.
  std::uint64_t origin = 0;
};

class RequestTable {
 public:
  RequestHandle create(Request r);
  Request& get(RequestHandle h) { return slots_[h]; }
  const Request& get(RequestHandle h) const { return slots_[h]; }
  void release(RequestHandle h);

  std::size_t live() const { return live_; }
  std::uint64_t next_serial() const { return next_serial_; }
  // Calls f(request) for each live request, in slot order.
  template <typename F>
  void for_each_live(F&& f) const {
    for (std::size_t i = 0; i < slots_.size(); ++i)
      if (in_use_[i]) f(slots_[i]);
  }

 private:
  std::vector<Request> slots_;
  std::vector<bool> in_use_;
  std::vector<RequestHandle> free_;
  std::size_t live_ = 0;
  std::uint64_t next_serial_ = 1;
};

}  // namespace tiersim
