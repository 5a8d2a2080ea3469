#pragma once
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

namespace hinternet {

// Runs its tasks one at a time and in order on WorkerPool threads: the
// notifications of one handle never overtake each other and never run
// concurrently, while different handles proceed in parallel.
class SerialQueue : public std::enable_shared_from_this<SerialQueue> {
 public:
  void post(std::function<void()> task);

 private:
  void drain();

  std::mutex mutex_;
  std::deque<std::function<void()>> tasks_;
  bool draining_ = false;
};

}  // namespace hinternet
