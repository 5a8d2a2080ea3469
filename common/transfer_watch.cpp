// Transfer's waits and the watchdog that bounds them.
#include <algorithm>

#include <curl/curl.h>

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
  stopWatchLocked();
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

void Transfer::watch(long idleMs, long totalMs, long sendIdleMs) {
  if (idleMs <= 0 && totalMs <= 0 && sendIdleMs <= 0) return;
  const auto now = Clock::now();
  std::lock_guard<Mutex> lock(mutex_);
  if (done_) return;
  watching_ = true;
  watchIdleMs_ = idleMs;
  watchSendIdleMs_ = sendIdleMs;
  watchSince_ = now;
  watchDeadline_ = totalMs > 0 ? now + std::chrono::milliseconds(totalMs) : Clock::time_point::max();
  scheduleWatchLocked();
}

void Transfer::unwatch() {
  std::lock_guard<Mutex> lock(mutex_);
  stopWatchLocked();
}

void Transfer::stopWatchLocked() {
  watching_ = false;
  if (!timerPending_) return;
  // The timer's task holds this transfer's memory (a weak reference to one
  // allocation) until it runs, up to the whole time limit later.
  RequestEngine::instance().cancelTimer(timerId_);
  timerPending_ = false;
  ++timerSequence_;  // should it be running already, it does nothing
}

Transfer::Clock::time_point Transfer::watchExpiryLocked(long idleMs) const {
  Clock::time_point expiry = watchDeadline_;
  if (idleMs > 0) {
    const Clock::time_point progress{Clock::duration(lastProgress_.load(std::memory_order_relaxed))};
    expiry = std::min(expiry, std::max(watchSince_, progress) + std::chrono::milliseconds(idleMs));
  }
  return expiry;
}

bool Transfer::sendingLocked() const { return watchSendIdleMs_ > 0 && !requestSent_ && !headersReady_; }

Transfer::Clock::time_point Transfer::watchExpiryLocked() const {
  return watchExpiryLocked(sendingLocked() ? watchSendIdleMs_ : watchIdleMs_);
}

void Transfer::scheduleWatchLocked() {
  Clock::time_point expiry = watchExpiryLocked();
  // How much of the request is out shows only in curl's counters, on the
  // event thread: look at them now and then while it goes out.
  if (sendingLocked()) expiry = std::min(expiry, Clock::now() + std::chrono::milliseconds(500));
  if (timerPending_ && timerAt_ <= expiry) return;
  if (timerPending_) RequestEngine::instance().cancelTimer(timerId_);  // replaced by an earlier one
  timerPending_ = true;
  timerAt_ = expiry;
  const unsigned sequence = ++timerSequence_;
  std::weak_ptr<Transfer> weak = shared_from_this();
  timerId_ = RequestEngine::instance().at(expiry, [weak, sequence] {
    if (auto transfer = weak.lock()) transfer->onWatchTimer(sequence);
  });
}

void Transfer::noteUploadProgress() {
  if (!easy_) return;
  curl_off_t sent = 0, total = -1;
  curl_easy_getinfo(static_cast<CURL*>(easy_), CURLINFO_SIZE_UPLOAD_T, &sent);
  curl_easy_getinfo(static_cast<CURL*>(easy_), CURLINFO_CONTENT_LENGTH_UPLOAD_T, &total);
  // curl sends a body it was given whole without our read callback, so
  // only its counters show that bytes still move.
  if (sent > uploadSeen_) {
    uploadSeen_ = sent;
    noteProgress();
  }
  std::lock_guard<Mutex> lock(mutex_);
  if (sent_ && (total <= 0 || sent >= total)) requestSent_ = true;
}

void Transfer::onWatchTimer(unsigned sequence) {
  noteUploadProgress();
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
