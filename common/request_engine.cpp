#include "request_engine.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "log.h"
#include "socket_poller.h"
#include "sync.h"
#include "tls_backend.h"
#include "transfer.h"

#ifdef _WIN32
#include <windows.h>
#endif

namespace hinternet {

using Clock = RequestEngine::Clock;

struct RequestEngine::Impl {
  CURLM* multi = nullptr;
  SocketPoller poller;
  Mutex mutex;
  std::vector<std::function<void()>> tasks;  // guarded by mutex
  // Timers from at(), guarded by mutex until the event thread takes them.
  struct NewTimer {
    TimerId id;
    Clock::time_point when;
    std::function<void()> task;
  };
  std::vector<NewTimer> newTimers;
  std::vector<TimerId> cancelledTimers;  // already handed to the event thread
  TimerId lastTimerId = 0;
  // The latest the event thread's wait in progress ends (guarded by mutex):
  // a timer due later needs no wake-up, which under Wine is a wineserver
  // round trip on both sides. A synchronous call arms one per wait, always
  // far off (its receive timeout).
  Clock::time_point sleepsUntil = Clock::time_point::min();
  // Event thread only from here on.
  std::vector<std::function<void()>> batch;
  std::unordered_map<CURL*, std::shared_ptr<Transfer>> active;
  bool timerArmed = false;
  Clock::time_point deadline;
  int running = 0;
  using Timers = std::multimap<Clock::time_point, std::pair<TimerId, std::function<void()>>>;
  Timers timers;
  std::unordered_map<TimerId, Timers::iterator> timerById;
  // Transfers limited by their spec's poolKey: how many run, who waits.
  struct Pool {
    unsigned running = 0;
    std::deque<std::shared_ptr<Transfer>> waiting;
  };
  std::unordered_map<std::string, Pool> pools;
  std::unordered_map<curl_socket_t, unsigned> curlWants;  // what curl watches each socket for
  std::unordered_map<CURL*, curl_socket_t> socketOf;      // each active transfer's socket
  std::unordered_map<curl_socket_t, std::vector<std::function<void()>>> writeWaiters;
  std::vector<std::function<void()>> writable;  // waiters whose socket became ready

  void rewatch(curl_socket_t socket) {
    unsigned events = 0;
    if (auto it = curlWants.find(socket); it != curlWants.end()) events = it->second;
    if (writeWaiters.count(socket)) events |= SocketPoller::kOut;
    poller.watch(static_cast<SocketPoller::Socket>(socket), events);
  }

  static int onSocket(CURL* easy, curl_socket_t socket, int what, void* self, void*) {
    auto* impl = static_cast<Impl*>(self);
    unsigned events = 0;
    if (what == CURL_POLL_IN || what == CURL_POLL_INOUT) events |= SocketPoller::kIn;
    if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT) events |= SocketPoller::kOut;
    if (what == CURL_POLL_REMOVE) {
      impl->curlWants.erase(socket);
    } else {
      impl->curlWants[socket] = events;
      impl->socketOf[easy] = socket;
    }
    impl->rewatch(socket);
    return 0;
  }

  // The transfer is leaving the multi handle: its waiters run now and find
  // it ended.
  void forget(CURL* easy) {
    auto it = socketOf.find(easy);
    if (it == socketOf.end()) return;
    const curl_socket_t socket = it->second;
    socketOf.erase(it);
    if (auto w = writeWaiters.find(socket); w != writeWaiters.end()) {
      for (auto& task : w->second) writable.push_back(std::move(task));
      writeWaiters.erase(w);
      rewatch(socket);
    }
  }

  void runWritable() {
    std::vector<std::function<void()>> ready;
    ready.swap(writable);
    for (auto& task : ready) task();
  }

  static int onTimer(CURLM*, long timeoutMs, void* self) {
    auto* impl = static_cast<Impl*>(self);
    impl->timerArmed = timeoutMs >= 0;
    if (impl->timerArmed) impl->deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    return 0;
  }

  int waitTimeoutMs() const {
    if (!timerArmed && timers.empty()) return -1;
    Clock::time_point next = timerArmed ? deadline : timers.begin()->first;
    if (!timers.empty() && timers.begin()->first < next) next = timers.begin()->first;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(next - Clock::now());
    // Round up so we never wake just before the deadline and spin.
    return left.count() <= 0 ? 0 : static_cast<int>(std::min<long long>(left.count(), 1 << 30)) + 1;
  }

  void runDueTimers() {
    const auto now = Clock::now();
    while (!timers.empty() && timers.begin()->first <= now) {
      auto task = std::move(timers.begin()->second.second);
      timerById.erase(timers.begin()->second.first);
      timers.erase(timers.begin());
      task();
    }
  }

  // False when the transfer has ended already (cancelled before it started,
  // or before a restart).
  bool admit(std::shared_ptr<Transfer> transfer) {
    if (transfer->isDone()) return false;
    const RequestSpec& spec = transfer->spec();
    if (!spec.poolKey.empty() && spec.poolLimit > 0) {
      Pool& pool = pools[spec.poolKey];
      if (pool.running >= spec.poolLimit) {
        pool.waiting.push_back(std::move(transfer));
        return true;
      }
      ++pool.running;
      transfer->holdsPoolSlot_ = true;
    }
    if (!transfer->attach(multi)) {
      transfer->finish(CURLE_OUT_OF_MEMORY);
      release(*transfer);
      return true;
    }
    active.emplace(static_cast<CURL*>(transfer->easy_), std::move(transfer));
    return true;
  }

  // Drops a transfer cancelled while it waited for a slot.
  void forget(const std::shared_ptr<Transfer>& transfer) {
    auto it = pools.find(transfer->spec().poolKey);
    if (it == pools.end()) return;
    auto& waiting = it->second.waiting;
    waiting.erase(std::remove(waiting.begin(), waiting.end(), transfer), waiting.end());
  }

  // Gives the slot of an ended transfer to the next one waiting, if any.
  void release(Transfer& transfer) {
    if (!transfer.holdsPoolSlot_) return;
    transfer.holdsPoolSlot_ = false;
    auto it = pools.find(transfer.spec().poolKey);
    if (it == pools.end()) return;
    --it->second.running;
    while (!it->second.waiting.empty()) {
      auto next = std::move(it->second.waiting.front());
      it->second.waiting.pop_front();
      if (admit(std::move(next))) return;  // else cancelled while it waited
    }
    if (it->second.running == 0) pools.erase(it);
  }

  // Sockets curl wants input from whose TLS read-ahead holds bytes: they
  // count as readable whatever the poll says (tls_backend.h).
  std::vector<tls::SocketId> buffered;

  bool collectBufferedInput() {
    buffered.clear();
    tls::socketsWithBufferedInput(buffered);
    buffered.erase(std::remove_if(buffered.begin(), buffered.end(),
                                  [this](tls::SocketId socket) {
                                    auto it = curlWants.find(static_cast<curl_socket_t>(socket));
                                    return it == curlWants.end() || !(it->second & SocketPoller::kIn);
                                  }),
                   buffered.end());
    return !buffered.empty();
  }

  void driveBufferedInput() {
    for (tls::SocketId socket : buffered) {
      const auto fd = static_cast<curl_socket_t>(socket);
      // An earlier action this turn may have taken the bytes or closed it.
      auto it = curlWants.find(fd);
      if (it == curlWants.end() || !(it->second & SocketPoller::kIn) || !tls::hasBufferedInput(socket)) continue;
      curl_multi_socket_action(multi, fd, CURL_CSELECT_IN, &running);
    }
  }

  void run() {
    for (;;) {
      const bool inputWaits = collectBufferedInput();
      int timeoutMs;
      std::vector<std::function<void()>> dropped;  // destroyed without the lock
      {
        std::lock_guard<Mutex> lock(mutex);
        for (auto& timer : newTimers)
          timerById[timer.id] = timers.emplace(timer.when, std::make_pair(timer.id, std::move(timer.task)));
        newTimers.clear();
        for (const TimerId id : cancelledTimers) {
          const auto found = timerById.find(id);
          if (found == timerById.end()) continue;  // ran already
          dropped.push_back(std::move(found->second->second.second));
          timers.erase(found->second);
          timerById.erase(found);
        }
        cancelledTimers.clear();
        timeoutMs = inputWaits ? 0 : waitTimeoutMs();
        sleepsUntil = timeoutMs < 0 ? Clock::time_point::max() : Clock::now() + std::chrono::milliseconds(timeoutMs);
      }
      dropped.clear();
      poller.wait(timeoutMs, [this](SocketPoller::Socket socket, unsigned events) {
        const auto fd = static_cast<curl_socket_t>(socket);
        if (auto w = writeWaiters.find(fd); w != writeWaiters.end()) {
          // Any event ends the wait (a hang-up too), so none can spin.
          for (auto& task : w->second) writable.push_back(std::move(task));
          writeWaiters.erase(w);
          rewatch(fd);
        }
        if (!curlWants.count(fd)) return;
        int mask = 0;
        if (events & SocketPoller::kIn) mask |= CURL_CSELECT_IN;
        if (events & SocketPoller::kOut) mask |= CURL_CSELECT_OUT;
        if (events & SocketPoller::kError) mask |= CURL_CSELECT_ERR;
        curl_multi_socket_action(multi, static_cast<curl_socket_t>(socket), mask, &running);
      });
      driveBufferedInput();
      if (timerArmed && Clock::now() >= deadline) {
        timerArmed = false;
        curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
      }
      runDueTimers();
      {
        std::lock_guard<Mutex> lock(mutex);
        batch.swap(tasks);
      }
      runWritable();
      for (auto& task : batch) task();
      batch.clear();
      collectFinished();
      runWritable();
      // curl asks to run again at once (a transfer just added, a read it cut
      // short): once a turn, that runs here rather than after a poll with
      // no wait, which under Wine costs wineserver round trips.
      if (timerArmed && Clock::now() >= deadline) {
        timerArmed = false;
        curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
        collectFinished();
        runWritable();
      }
    }
  }

  void collectFinished() {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      const CURLcode code = msg->data.result;  // msg dies with the removal below
      CURL* const easy = msg->easy_handle;
      auto it = active.find(msg->easy_handle);
      if (it == active.end()) continue;
      auto transfer = std::move(it->second);
      active.erase(it);
      transfer->finish(code);  // reads the outcome from the easy handle
      transfer->detach(multi);
      forget(easy);
      release(*transfer);
    }
  }
};

RequestEngine& RequestEngine::instance() {
  // Leaked on purpose: see the class comment.
  static RequestEngine* engine = new RequestEngine();
  return *engine;
}

RequestEngine::RequestEngine() : impl_(new Impl) {
#ifdef _WIN32
  // The event thread runs our code until the process ends, so the DLL must
  // never be unmapped under it by a FreeLibrary.
  HMODULE self;
  GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_PIN,
                     reinterpret_cast<LPCWSTR>(&RequestEngine::instance), &self);
#endif
  curl_global_init(CURL_GLOBAL_DEFAULT);
  impl_->multi = curl_multi_init();
  curl_multi_setopt(impl_->multi, CURLMOPT_SOCKETFUNCTION, &Impl::onSocket);
  curl_multi_setopt(impl_->multi, CURLMOPT_SOCKETDATA, impl_);
  curl_multi_setopt(impl_->multi, CURLMOPT_TIMERFUNCTION, &Impl::onTimer);
  curl_multi_setopt(impl_->multi, CURLMOPT_TIMERDATA, impl_);
  if (!impl_->poller.ok()) LOG_ERROR("event loop: cannot create the wake-up socket");
  LOG_INFO("event loop starting (%s)", curl_version());
  std::thread([impl = impl_] { impl->run(); }).detach();
}

void RequestEngine::post(std::function<void()> task) {
  {
    std::lock_guard<Mutex> lock(impl_->mutex);
    impl_->tasks.push_back(std::move(task));
  }
  impl_->poller.wake();
}

RequestEngine::TimerId RequestEngine::at(Clock::time_point when, std::function<void()> task) {
  bool wake;
  TimerId id;
  {
    std::lock_guard<Mutex> lock(impl_->mutex);
    id = ++impl_->lastTimerId;
    impl_->newTimers.push_back(Impl::NewTimer{id, when, std::move(task)});
    wake = when < impl_->sleepsUntil;
  }
  if (wake) impl_->poller.wake();
  return id;
}

void RequestEngine::cancelTimer(TimerId id) {
  std::function<void()> dropped;  // destroyed without the lock
  std::lock_guard<Mutex> lock(impl_->mutex);
  auto& fresh = impl_->newTimers;
  const auto found =
      std::find_if(fresh.begin(), fresh.end(), [id](const Impl::NewTimer& timer) { return timer.id == id; });
  if (found == fresh.end()) {
    impl_->cancelledTimers.push_back(id);
    return;
  }
  dropped = std::move(found->task);
  fresh.erase(found);
}

void RequestEngine::start(std::shared_ptr<Transfer> transfer) {
  post([impl = impl_, transfer = std::move(transfer)]() mutable { impl->admit(std::move(transfer)); });
}

void RequestEngine::cancel(std::shared_ptr<Transfer> transfer) {
  post([impl = impl_, transfer = std::move(transfer)] {
    auto it = impl->active.find(static_cast<CURL*>(transfer->easy_));
    if (!transfer->easy_ || it == impl->active.end()) {
      impl->forget(transfer);
      return;
    }
    auto* easy = static_cast<CURL*>(transfer->easy_);
    impl->active.erase(it);
    transfer->detach(impl->multi);
    impl->forget(easy);
    transfer->finish(CURLE_ABORTED_BY_CALLBACK);
    impl->release(*transfer);
  });
}

void RequestEngine::resume(std::shared_ptr<Transfer> transfer) {
  post([transfer = std::move(transfer)] { transfer->resume(); });
}

void RequestEngine::whenWritable(const Transfer& transfer, std::function<void()> task) {
  auto it = impl_->socketOf.find(static_cast<CURL*>(transfer.easy_));
  if (it == impl_->socketOf.end()) {
    impl_->writable.push_back(std::move(task));  // no socket: let it find out
    return;
  }
  impl_->writeWaiters[it->second].push_back(std::move(task));
  impl_->rewatch(it->second);
}

}  // namespace hinternet
