#pragma once
#include <cstddef>
#include <functional>

namespace hinternet {

// Threads that run application callbacks, so that neither the event thread
// nor an API caller ever runs application code for another request. It
// grows on demand up to a bound, so one slow callback does not stall the
// callbacks of other requests. Started on first use and never torn down,
// like the event thread.
class WorkerPool {
 public:
  static constexpr std::size_t kMaxThreads = 16;

  static WorkerPool& instance();
  void submit(std::function<void()> job);

 private:
  WorkerPool();
  struct Impl;
  Impl* impl_;
};

}  // namespace hinternet
