// Transfer's waits and the watchdog that bounds them.
#include <algorithm>

#include "log.h"
#include "request_engine.h"
#include "transfer.h"

namespace hinternet {

Error Transfer::waitFor(long idleMs, long totalMs, const std::function<bool()>& ready) {
  {
    std::lock_guard<Mutex> lock(mutex_);
    if (ready()) return Error::None;  // the common case arms no timer
    if (done_) return error_;
  }
  watch(idleMs, totalMs);
  std::unique_lock<Mutex> lock(mutex_);
  changed_.wait(lock, [&] { return ready() || done_; });
  watching_ = false;
  return ready() ? Error::None : error_;
}

Error Transfer::waitUntilSent(long idleMs) {
  return waitFor(idleMs, -1, [this] { return sent_; });
}

Error Transfer::waitForHeaders(long idleMs, long totalMs) {
  return waitFor(idleMs, totalMs, [this] { return headersReady_; });
}

Error Transfer::waitForData(long idleMs, std::size_t& available) {
  const Error e = waitFor(idleMs, -1, [this] { return buffered_ > 0; });
  std::lock_guard<Mutex> lock(mutex_);
  available = buffered_;
  return e;
}

void Transfer::noteProgress() {
  lastProgress_.store(Clock::now().time_since_epoch().count(), std::memory_order_relaxed);
}

void Transfer::watch(long idleMs, long totalMs) {
  if (idleMs <= 0 && totalMs <= 0) return;
  const auto now = Clock::now();
  std::lock_guard<Mutex> lock(mutex_);
  if (done_) return;
  watching_ = true;
  watchIdleMs_ = idleMs;
  watchSince_ = now;
  watchDeadline_ = totalMs > 0 ? now + std::chrono::milliseconds(totalMs) : Clock::time_point::max();
  scheduleWatchLocked();
}

void Transfer::unwatch() {
  std::lock_guard<Mutex> lock(mutex_);
  watching_ = false;
}

Transfer::Clock::time_point Transfer::watchExpiryLocked() const {
  Clock::time_point expiry = watchDeadline_;
  if (watchIdleMs_ > 0) {
    const Clock::time_point progress{Clock::duration(lastProgress_.load(std::memory_order_relaxed))};
    expiry = std::min(expiry, std::max(watchSince_, progress) + std::chrono::milliseconds(watchIdleMs_));
  }
  return expiry;
}

void Transfer::scheduleWatchLocked() {
  const Clock::time_point expiry = watchExpiryLocked();
  if (timerPending_ && timerAt_ <= expiry) return;
  timerPending_ = true;
  timerAt_ = expiry;
  const unsigned sequence = ++timerSequence_;
  std::weak_ptr<Transfer> weak = shared_from_this();
  RequestEngine::instance().at(expiry, [weak, sequence] {
    if (auto transfer = weak.lock()) transfer->onWatchTimer(sequence);
  });
}

void Transfer::onWatchTimer(unsigned sequence) {
  {
    std::lock_guard<Mutex> lock(mutex_);
    if (sequence != timerSequence_) return;
    timerPending_ = false;
    if (!watching_ || done_) return;
    if (Clock::now() < watchExpiryLocked()) {
      scheduleWatchLocked();  // bytes moved since: wait out the rest
      return;
    }
    watching_ = false;
  }
  LOG_INFO("transfer %p: no progress within its time limit", static_cast<void*>(this));
  abandon(Error::Timeout);
}

}  // namespace hinternet
