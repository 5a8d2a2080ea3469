#pragma once
#include <windows.h>
#include <winhttp.h>

#include <cstdint>
#include <memory>
#include <mutex>

#include "handles.h"
#include "websocket.h"

namespace hinternet::winhttp {

// WinHttpWebSocketClose waits this long for the server's close frame.
constexpr long kWebSocketCloseTimeoutMs = WebSocketConnection::kCloseTimeoutMs;

// The WebSocket calls' codes: a call the channel's state forbids is
// ERROR_INVALID_OPERATION, everything else as for requests.
DWORD webSocketCode(Error error);

// What WinHttpWebSocketCompleteUpgrade returns. It has no parent: on
// Windows it outlives the request, connect and session handles it came
// from, which programs commonly close right after the upgrade.
struct WebSocketHandle : HandleObject, WebSocketObserver {
  explicit WebSocketHandle(bool async) : HandleObject(HandleKind::WebSocket, nullptr), async(async) {}
  const bool async;
  std::shared_ptr<WebSocketConnection> connection;  // set before the handle is published

  // Asynchronous mode: each starts its operation and returns; the
  // completion comes through the status callback, on the handle's queue.
  // The caller has checked the arguments and the channel's state.
  DWORD sendAsync(WsBufferType type, const void* buffer, DWORD length);
  DWORD receiveAsync(void* buffer, DWORD length);
  DWORD shutdownAsync(USHORT status, const void* reason, DWORD length);
  DWORD closeAsync(USHORT status, const void* reason, DWORD length);

  void onWebSocketChange() override;
  // WINHTTP_OPTION_WEB_SOCKET_CLOSE_TIMEOUT ran out for a pending close.
  void closeTimedOut();

 protected:
  void onClose() override;

 private:
  // One pending operation of a kind. It holds the handle until its
  // completion is delivered, so HANDLE_CLOSING always comes after.
  struct Operation {
    bool active = false;
    std::uint64_t sequence = 0;  // the frame that must be out first
    void* buffer = nullptr;
    DWORD length = 0;
    WsBufferType type = WsBufferType::BinaryMessage;
    bool cancelled = false;
    bool timedOut = false;  // a close whose peer did not answer in time
    std::shared_ptr<HandleObject> keepAlive;
  };
  enum class Kind { Send, Shutdown, Receive, Close };

  Operation started(std::uint64_t sequence = 0);
  void startCloseTimer();
  void schedule();
  void pump();
  void settle(Kind kind, bool closed);

  std::mutex mutex_;
  Operation send_, shutdown_, receive_, close_;
};

}  // namespace hinternet::winhttp
