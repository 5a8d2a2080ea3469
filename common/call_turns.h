#pragma once
#include <deque>
#include <functional>
#include <mutex>

#include "sync.h"

namespace hinternet {

// The turns of the calls on one handle: one call at a time, in the order
// the calls were made. A call made while another holds the turn is kept as
// a task and runs when its turn comes (WinINet queues such a call instead of
// refusing it). Whoever holds the turn gives it up with next().
class CallTurns {
 public:
  using Task = std::function<void()>;

  // True: the turn was free and the caller now holds it. False: `later` is
  // kept, behind the calls already waiting.
  bool take(Task later);
  // Gives up the turn held. The first waiting call holds it from now on and
  // is returned for the caller to run; empty when none waits (the turn is
  // then free).
  Task next();
  bool busy() const;

 private:
  mutable Mutex mutex_;
  bool held_ = false;
  std::deque<Task> waiting_;
};

}  // namespace hinternet
