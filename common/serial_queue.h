#pragma once
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "sync.h"

namespace hinternet {

// Runs its tasks one at a time and in order on WorkerPool threads: the
// notifications of one handle never overtake each other and never run
// concurrently, while different handles proceed in parallel.
class SerialQueue : public std::enable_shared_from_this<SerialQueue> {
 public:
  void post(std::function<void()> task);

  // Makes the calling thread run this queue's tasks instead of the pool, so
  // that a synchronous caller gets its notifications on its own thread:
  // waits for a pool thread to finish the task it runs, calls `begin`, then
  // runs tasks until `done` holds (checked before each one, and only ever
  // made true by a task). Called from a task of this queue, it runs the
  // tasks in place of the thread already draining. With `limit`, it gives
  // up once no task has come for that long.
  void runHere(const std::function<void()>& begin, const std::function<bool()>& done,
               std::chrono::milliseconds limit = std::chrono::milliseconds::zero());
  // As runHere, for a thread that waits for others' calls to let go (a
  // close): whenever another thread waits to runHere, that one goes first
  // and this one takes over again once it is done, so that a call which
  // began as the close came never waits out `limit` behind it. Not from a
  // task of this queue.
  void runHereGivingWay(const std::function<bool()>& done, std::chrono::milliseconds limit);
  // Held: the pool runs nothing of this queue, tasks wait for runHere (a
  // synchronous caller's handle, whose notifications all come on the
  // caller's thread). Released: the pool takes over what is left.
  void hold(bool held);
  // Whether the calling thread is the one running this queue's tasks.
  bool isCurrent() const;
  bool empty() const;
  // The handle this queue served is gone and its last notification has
  // run: nothing will come any more, and a runHere left with nothing to
  // run returns.
  void retire();
  bool retired() const;

 private:
  void drain();
  void run(const std::function<void()>& begin, const std::function<bool()>& done, std::chrono::milliseconds limit,
           bool giveWay);
  // Waits until neither the pool nor a runHere caller runs tasks, then makes
  // the calling thread the one that does.
  void takeOver(std::unique_lock<Mutex>& lock);
  // Runs the first task with the lock released.
  void runFront(std::unique_lock<Mutex>& lock);

  mutable Mutex mutex_;
  ConditionVariable changed_;
  std::deque<std::function<void()>> tasks_;
  bool draining_ = false;
  bool held_ = false;
  bool retired_ = false;
  std::thread::id owner_;  // the thread draining, while draining_
  int waitingHere_ = 0;    // runHere callers waiting for the pool to let go
};

}  // namespace hinternet
