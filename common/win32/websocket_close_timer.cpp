#include "websocket_close_timer.h"

#include <windows.h>

#include "log.h"

namespace hinternet::win32 {
namespace {

// One close timeout, owned by its timer callback.
struct CloseTimer {
  std::weak_ptr<WebSocketHandleObject> socket;
  HANDLE timer = nullptr;
};

void CALLBACK fireCloseTimer(void* context, BOOLEAN) {
  auto* fired = static_cast<CloseTimer*>(context);
  if (auto socket = fired->socket.lock()) socket->closeTimedOut();
  DeleteTimerQueueTimer(nullptr, fired->timer, nullptr);  // NULL event: does not wait for this callback
  delete fired;
}

}  // namespace

void startCloseTimer(const std::shared_ptr<WebSocketHandleObject>& socket, long timeoutMs) {
  auto* closeTimer = new CloseTimer{socket};
  if (!CreateTimerQueueTimer(&closeTimer->timer, nullptr, &fireCloseTimer, closeTimer,
                             static_cast<DWORD>(timeoutMs), 0, WT_EXECUTEONLYONCE)) {
    LOG_WARN("WebSocket %p: no close timer (%lu); the close waits for the server", static_cast<void*>(socket.get()),
             GetLastError());
    delete closeTimer;
  }
}

}  // namespace hinternet::win32
