#include "worker_pool.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "sync.h"

namespace hinternet {

struct WorkerPool::Impl {
  Mutex mutex;
  ConditionVariable ready;
  std::deque<std::function<void()>> jobs;
  std::size_t threads = 0;
  std::size_t idle = 0;

  void work() {
    std::unique_lock<Mutex> lock(mutex);
    for (;;) {
      ++idle;
      ready.wait(lock, [this] { return !jobs.empty(); });
      --idle;
      auto job = std::move(jobs.front());
      jobs.pop_front();
      lock.unlock();
      job();
      job = nullptr;  // release captures before waiting again
      lock.lock();
    }
  }
};

WorkerPool& WorkerPool::instance() {
  static WorkerPool* pool = new WorkerPool();  // leaked: see the class comment
  return *pool;
}

WorkerPool::WorkerPool() : impl_(new Impl) {}

void WorkerPool::submit(std::function<void()> job) {
  bool spawn = false;
  {
    std::lock_guard<Mutex> lock(impl_->mutex);
    impl_->jobs.push_back(std::move(job));
    if (impl_->idle < impl_->jobs.size() && impl_->threads < kMaxThreads) {
      ++impl_->threads;
      spawn = true;
    }
  }
  if (spawn) std::thread([impl = impl_] { impl->work(); }).detach();
  impl_->ready.notify_one();
}

}  // namespace hinternet
