#pragma once
#include <windows.h>
#include <winhttp.h>

#include <memory>

#include "handles.h"
#include "websocket_handle_object.h"

namespace hinternet::winhttp {

// WinHttpWebSocketClose waits this long for the server's close frame.
constexpr long kWebSocketCloseTimeoutMs = WebSocketConnection::kCloseTimeoutMs;

// The WebSocket calls' codes: a call the channel's state forbids is
// ERROR_INVALID_OPERATION, everything else as for requests.
DWORD webSocketCode(Error error);

// What WinHttpWebSocketCompleteUpgrade returns. It has no parent: on
// Windows it outlives the request, connect and session handles it came
// from, which programs commonly close right after the upgrade. In
// asynchronous mode its operations complete with READ_COMPLETE,
// WRITE_COMPLETE, SHUTDOWN_COMPLETE, CLOSE_COMPLETE or REQUEST_ERROR
// (websocket_async.cpp).
struct WebSocketHandle : WebSocketHandleObject {
  explicit WebSocketHandle(bool async) : WebSocketHandleObject(nullptr, async) {}

 protected:
  void completed(const Completion& completion) override;
};

}  // namespace hinternet::winhttp
