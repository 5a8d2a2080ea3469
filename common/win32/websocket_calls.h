#pragma once
#include <windows.h>

#include "handle_api.h"
#include "websocket.h"

namespace hinternet::win32 {

// What WinHTTP's and WinINet's WebSocket exports share once the handle is
// found. Their buffer types have the same values (binary message, binary
// fragment, UTF-8 message, UTF-8 fragment, close), as do their close
// statuses and the 123-byte reason limit.

// The Win32 code of a WebSocket call's result: a call the channel's state
// forbids is ERROR_INVALID_OPERATION, everything else as the DLL maps it.
DWORD webSocketCode(const HandleApi& api, Error error);

// The buffer types a send takes: the close frame goes out only through the
// shutdown and close calls.
inline bool isSendableBufferType(DWORD type) { return type < static_cast<DWORD>(WsBufferType::Close); }

// The close status and reason the peer sent, as the query calls return
// them (the caller has checked `status` and `reasonLength`, and that
// `reason` is there when `length` is not 0): ERROR_INVALID_OPERATION before
// the peer's close frame arrived; ERROR_INSUFFICIENT_BUFFER when the reason
// does not fit, with the status and the length needed stored anyway.
DWORD queryCloseStatus(const WebSocketConnection& connection, USHORT* status, void* reason, DWORD length,
                       DWORD* reasonLength);

}  // namespace hinternet::win32
