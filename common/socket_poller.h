#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

namespace hinternet {

// Waits on sockets with WSAPoll (Windows) or poll (elsewhere), plus a wake-up
// other threads can trigger. Our own wait, not curl's: under Wine curl's
// waits block on a latched FD_WRITE and stall uploads once the send buffer
// fills, while WSAPoll reports writability correctly.
class SocketPoller {
 public:
  using Socket = std::uintptr_t;
  enum Events : unsigned { kIn = 1, kOut = 2, kError = 4 };

  SocketPoller();
  ~SocketPoller();
  SocketPoller(const SocketPoller&) = delete;
  SocketPoller& operator=(const SocketPoller&) = delete;

  bool ok() const;
  // events == 0 stops watching the socket.
  void watch(Socket socket, unsigned events);
  // Waits up to timeoutMs (-1: no limit) and reports each ready socket.
  // Returns early when wake() is called.
  void wait(int timeoutMs, const std::function<void(Socket, unsigned)>& ready);
  // Thread-safe; coalesces repeated calls until the next wait.
  void wake();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::atomic<bool> wakePending_{false};
};

}  // namespace hinternet
