#include "serial_queue.h"

#include "worker_pool.h"

namespace hinternet {

void SerialQueue::post(std::function<void()> task) {
  {
    std::lock_guard<Mutex> lock(mutex_);
    tasks_.push_back(std::move(task));
    if (draining_ || held_) {
      changed_.notify_all();  // a runHere caller may be waiting for it
      return;
    }
    draining_ = true;
  }
  WorkerPool::instance().submit([self = shared_from_this()] { self->drain(); });
}

void SerialQueue::runFront(std::unique_lock<Mutex>& lock) {
  std::function<void()> task = std::move(tasks_.front());
  tasks_.pop_front();
  lock.unlock();
  task();
  task = nullptr;  // its captures go before the lock is retaken
  lock.lock();
}

void SerialQueue::drain() {
  std::unique_lock<Mutex> lock(mutex_);
  owner_ = std::this_thread::get_id();
  while (!tasks_.empty() && !waitingHere_) runFront(lock);
  draining_ = false;
  owner_ = std::thread::id();
  changed_.notify_all();
}

void SerialQueue::takeOver(std::unique_lock<Mutex>& lock) {
  ++waitingHere_;
  changed_.notify_all();  // a thread giving way lets go
  changed_.wait(lock, [&] { return !draining_; });
  --waitingHere_;
  draining_ = true;
  owner_ = std::this_thread::get_id();
}

void SerialQueue::runHere(const std::function<void()>& begin, const std::function<bool()>& done,
                          std::chrono::milliseconds limit) {
  run(begin, done, limit, false);
}

void SerialQueue::runHereGivingWay(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  run([] {}, done, limit, true);
}

void SerialQueue::run(const std::function<void()>& begin, const std::function<bool()>& done,
                      std::chrono::milliseconds limit, bool giveWay) {
  const std::thread::id self = std::this_thread::get_id();
  std::unique_lock<Mutex> lock(mutex_);
  const bool nested = draining_ && owner_ == self;
  if (!nested) takeOver(lock);
  giveWay = giveWay && !nested;
  lock.unlock();
  begin();
  auto ready = [&] { return !tasks_.empty() || retired_ || (giveWay && waitingHere_ > 0); };
  for (;;) {
    if (done()) break;
    lock.lock();
    if (limit.count() <= 0) {
      changed_.wait(lock, ready);
    } else if (!changed_.wait_for(lock, limit, ready)) {
      lock.unlock();
      break;
    }
    if (giveWay && waitingHere_ > 0) {
      // A call on this handle waits to run its own notifications: it goes
      // first, and every caller that waited has had its turn before this
      // thread takes over again.
      draining_ = false;
      owner_ = std::thread::id();
      changed_.notify_all();
      changed_.wait(lock, [&] { return !draining_ && waitingHere_ == 0; });
      draining_ = true;
      owner_ = self;
    } else if (!tasks_.empty()) {
      runFront(lock);
    } else {
      lock.unlock();
      break;  // retired: nothing more will come
    }
    lock.unlock();
  }
  if (nested) return;
  lock.lock();
  owner_ = std::thread::id();
  if (tasks_.empty() || held_) {
    draining_ = false;
    changed_.notify_all();
    return;
  }
  lock.unlock();
  // Tasks posted after the caller's own: the pool takes them over.
  WorkerPool::instance().submit([self = shared_from_this()] { self->drain(); });
}

void SerialQueue::hold(bool held) {
  {
    std::lock_guard<Mutex> lock(mutex_);
    held_ = held;
    if (held || draining_ || tasks_.empty()) return;
    draining_ = true;
  }
  WorkerPool::instance().submit([self = shared_from_this()] { self->drain(); });
}

bool SerialQueue::isCurrent() const {
  std::lock_guard<Mutex> lock(mutex_);
  return draining_ && owner_ == std::this_thread::get_id();
}

bool SerialQueue::empty() const {
  std::lock_guard<Mutex> lock(mutex_);
  return tasks_.empty();
}

void SerialQueue::retire() {
  std::lock_guard<Mutex> lock(mutex_);
  retired_ = true;
  changed_.notify_all();
}

bool SerialQueue::retired() const {
  std::lock_guard<Mutex> lock(mutex_);
  return retired_;
}

}  // namespace hinternet
