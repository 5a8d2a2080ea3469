#pragma once
// Shared by the synchronous and asynchronous WebSocket tests.
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <string>
#include <vector>

#include "edge_pattern.h"
#include "test_servers.h"
#include "winhttp_helpers.h"

// Session, connect and request to the edge server, and the socket once
// upgraded; whatever is still open is closed at the end.
struct WsHandles {
  HINTERNET session = nullptr, connect = nullptr, request = nullptr, socket = nullptr;
  bool secure;

  explicit WsHandles(bool secure, DWORD flags = 0) : secure(secure) {
    session = WinHttpOpen(L"hinternet-ws", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, flags);
    REQUIRE(session);
    connect = WinHttpConnect(session, secure ? L"localhost" : L"127.0.0.1", secure ? edgeTlsPort() : edgePort(), 0);
    REQUIRE(connect);
  }
  ~WsHandles() {
    for (HINTERNET h : {socket, request, connect, session})
      if (h) WinHttpCloseHandle(h);
  }

  void open(LPCWSTR path = L"/ws/echo") {
    request = WinHttpOpenRequest(connect, L"GET", path, nullptr, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES,
                                 secure ? WINHTTP_FLAG_SECURE : 0);
    REQUIRE(request);
  }

  // Synchronous handshake; returns the status, with the socket on a 101.
  DWORD upgrade(LPCWSTR path = L"/ws/echo", bool asUpgrade = true, LPCWSTR headers = WINHTTP_NO_ADDITIONAL_HEADERS) {
    if (!request) open(path);
    if (asUpgrade) REQUIRE(WinHttpSetOption(request, WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET, nullptr, 0));
    REQUIRE(WinHttpSendRequest(request, headers, DWORD(-1), WINHTTP_NO_REQUEST_DATA, 0, 0, 0));
    REQUIRE(WinHttpReceiveResponse(request, nullptr));
    const DWORD status = statusCode(request);
    if (status == 101) {
      SetLastError(0xdeadbeef);
      socket = WinHttpWebSocketCompleteUpgrade(request, 0);
      REQUIRE(socket);
      REQUIRE(GetLastError() == ERROR_SUCCESS);
    }
    return status;
  }
};
