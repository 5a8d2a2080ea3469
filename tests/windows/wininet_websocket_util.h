#pragma once
// Shared by the synchronous and asynchronous WinINet WebSocket tests.
#include <catch.hpp>
#include <windows.h>

#include <string>

#include "../../wininet/websocket_sdk.h"

// The handshake headers a WinINet program writes itself, with RFC 6455's
// sample nonce.
inline const std::string& wsHandshakeHeaders() {
  static const std::string headers =
      "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
      "Sec-WebSocket-Version: 13\r\n";
  return headers;
}

// The last error of a call that returns BOOL: ERROR_SUCCESS with TRUE.
template <class Call>
DWORD lastError(Call call) {
  SetLastError(0xdeadbeef);
  const BOOL ok = call();
  const DWORD error = GetLastError();
  REQUIRE(bool(ok) == (error == ERROR_SUCCESS));
  return error;
}

// The close status and reason the server sent.
inline void requireCloseStatus(HINTERNET socket, USHORT expectedStatus, const std::string& expectedReason) {
  USHORT status = 0;
  char reason[HTTP_WEB_SOCKET_MAX_CLOSE_REASON_LENGTH];
  DWORD length = 0;
  REQUIRE(HttpWebSocketQueryCloseStatus(socket, &status, reason, sizeof(reason), &length));
  REQUIRE(status == expectedStatus);
  REQUIRE(std::string(reason, length) == expectedReason);
}
