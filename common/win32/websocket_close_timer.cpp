#include "websocket_close_timer.h"

#include <windows.h>

#include <atomic>

#include "log.h"

namespace hinternet::win32 {
namespace {

// One close timeout. Its timer may fire before CreateTimerQueueTimer has
// stored the timer's handle here, so the creator and the callback each
// hold it once; whichever lets go last deletes the timer and the record.
struct CloseTimer {
  std::weak_ptr<WebSocketHandleObject> socket;
  HANDLE timer = nullptr;
  std::atomic<int> holders{2};
};

void release(CloseTimer* closeTimer) {
  if (--closeTimer->holders > 0) return;
  DeleteTimerQueueTimer(nullptr, closeTimer->timer, nullptr);  // NULL event: does not wait for the callback
  delete closeTimer;
}

void CALLBACK fireCloseTimer(void* context, BOOLEAN) {
  auto* fired = static_cast<CloseTimer*>(context);
  if (auto socket = fired->socket.lock()) socket->closeTimedOut();
  release(fired);
}

}  // namespace

void startCloseTimer(const std::shared_ptr<WebSocketHandleObject>& socket, long timeoutMs) {
  auto* closeTimer = new CloseTimer{socket};
  if (!CreateTimerQueueTimer(&closeTimer->timer, nullptr, &fireCloseTimer, closeTimer,
                             static_cast<DWORD>(timeoutMs), 0, WT_EXECUTEONLYONCE)) {
    LOG_WARN("WebSocket %p: no close timer (%lu); the close waits for the server", static_cast<void*>(socket.get()),
             GetLastError());
    delete closeTimer;
    return;
  }
  release(closeTimer);
}

}  // namespace hinternet::win32
