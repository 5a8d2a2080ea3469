#pragma once
// The mutex and condition variable of the core's hot paths (transfers,
// serial queues, the worker pool, the engine's task list).
//
// MinGW's std::mutex and std::condition_variable (winpthreads) block and
// wake through wineserver semaphores and events under Wine: every hand-off
// between two threads costs about five server round trips. Windows' SRW
// locks and condition variables run on futexes under Wine and cost none.
// Elsewhere (the native build, where TSan watches them) these are the
// standard ones.
#include <chrono>
#include <condition_variable>
#include <mutex>

#ifdef _WIN32
namespace hinternet {

class ConditionVariable;

// An SRW lock held exclusively; Lockable for std::lock_guard and
// std::unique_lock.
class Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;
  void lock();
  void unlock();

 private:
  friend class ConditionVariable;
  void* state_ = nullptr;  // SRWLOCK_INIT
};

class ConditionVariable {
 public:
  ConditionVariable() = default;
  ConditionVariable(const ConditionVariable&) = delete;
  ConditionVariable& operator=(const ConditionVariable&) = delete;
  void notify_one();
  void notify_all();
  void wait(std::unique_lock<Mutex>& lock);
  template <class Predicate>
  void wait(std::unique_lock<Mutex>& lock, Predicate ready) {
    while (!ready()) wait(lock);
  }
  // Whether `ready` holds, waiting for it up to `limit`.
  template <class Rep, class Period, class Predicate>
  bool wait_for(std::unique_lock<Mutex>& lock, const std::chrono::duration<Rep, Period>& limit, Predicate ready) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!ready()) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return ready();
      waitMs(lock, left.count());
    }
    return true;
  }

 private:
  void waitMs(std::unique_lock<Mutex>& lock, long long ms);
  void* state_ = nullptr;  // CONDITION_VARIABLE_INIT
};

}  // namespace hinternet
#else
namespace hinternet {
using Mutex = std::mutex;
using ConditionVariable = std::condition_variable;
}  // namespace hinternet
#endif
