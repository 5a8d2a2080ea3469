#pragma once
#include <memory>

#include "websocket_handle_object.h"

namespace hinternet::win32 {

// Gives an asynchronous close `timeoutMs` to get the peer's close frame:
// then closeTimedOut() fails it, unless it completed first. The timer does
// not keep the handle alive.
void startCloseTimer(const std::shared_ptr<WebSocketHandleObject>& socket, long timeoutMs);

}  // namespace hinternet::win32
