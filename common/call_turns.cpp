#include "call_turns.h"

#include <utility>

namespace hinternet {

bool CallTurns::take(Task later) {
  std::lock_guard<Mutex> lock(mutex_);
  if (!held_) {
    held_ = true;
    return true;
  }
  waiting_.push_back(std::move(later));
  return false;
}

CallTurns::Task CallTurns::next() {
  std::lock_guard<Mutex> lock(mutex_);
  if (waiting_.empty()) {
    held_ = false;
    return nullptr;
  }
  Task task = std::move(waiting_.front());
  waiting_.pop_front();
  return task;
}

bool CallTurns::busy() const {
  std::lock_guard<Mutex> lock(mutex_);
  return held_;
}

}  // namespace hinternet
