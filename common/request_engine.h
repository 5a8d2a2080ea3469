#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

namespace hinternet {

class Transfer;

// The process's one event thread. It owns a curl multi handle, driven with
// curl_multi_socket_action from our own SocketPoller wait, and runs work
// that API threads post to it. Started on first use, never from DllMain or a
// static constructor, and deliberately never torn down: joining a thread
// during DLL unload deadlocks on the loader lock.
class RequestEngine {
 public:
  using Clock = std::chrono::steady_clock;

  static RequestEngine& instance();

  // Runs `task` on the event thread.
  void post(std::function<void()> task);
  using TimerId = std::uint64_t;
  // Runs `task` on the event thread once `when` has passed.
  TimerId at(Clock::time_point when, std::function<void()> task);
  // Drops a timer that has not run yet, with what its task holds, by the
  // event thread's next turn (without waking it: a timer left until its
  // time kept a finished transfer's memory for up to a time limit of 90 s).
  // A task already running or run is not affected; it checks for itself.
  void cancelTimer(TimerId id);

  // Transfers sharing a spec().poolKey run at most spec().poolLimit at a
  // time; the others wait, in order, for one to end.
  void start(std::shared_ptr<Transfer> transfer);
  void cancel(std::shared_ptr<Transfer> transfer);
  void resume(std::shared_ptr<Transfer> transfer);
  // Event thread only: runs `task` there once the transfer's socket is
  // writable (or fails, or the transfer ends). curl watches a receiving
  // transfer for input only; a WebSocket's sends need this.
  void whenWritable(const Transfer& transfer, std::function<void()> task);

 private:
  RequestEngine();
  struct Impl;
  Impl* impl_;
};

}  // namespace hinternet
