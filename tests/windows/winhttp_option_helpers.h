#pragma once
// Helpers for the WinHTTP option tests.
#include <catch.hpp>
// Winsock 2 first: winhttp.h declares WINHTTP_CONNECTION_INFO only after it.
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <winhttp.h>

#include <string>
#include <vector>

#include "edge_pattern.h"
#include "test_servers.h"
#include "winhttp_helpers.h"

#ifndef WINHTTP_OPTION_RESOLUTION_HOSTNAME
#define WINHTTP_OPTION_RESOLUTION_HOSTNAME 165
#endif

namespace options_test {

// Closes a WinHTTP handle when it goes out of scope.
struct Handle {
  HINTERNET h = nullptr;
  Handle() = default;
  explicit Handle(HINTERNET handle) : h(handle) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() {
    if (h) WinHttpCloseHandle(h);
  }
  operator HINTERNET() const { return h; }
};

// A session, a connection and a request on it.
struct Chain {
  Handle session, connect, request;
  Chain(LPCWSTR host, unsigned short port, LPCWSTR path, DWORD requestFlags = 0, DWORD sessionFlags = 0)
      : session(WinHttpOpen(L"hinternet-options", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, sessionFlags)),
        connect(WinHttpConnect(session, host, port, 0)),
        request(WinHttpOpenRequest(connect, L"GET", path, nullptr, nullptr, nullptr, requestFlags)) {
    REQUIRE(session.h);
    REQUIRE(connect.h);
    REQUIRE(request.h);
  }
};

inline DWORD queryDword(HINTERNET handle, DWORD option) {
  DWORD value = 0xdeadbeef, size = sizeof(value);
  REQUIRE(WinHttpQueryOption(handle, option, &value, &size));
  REQUIRE(size == sizeof(DWORD));
  return value;
}

inline void setDword(HINTERNET handle, DWORD option, DWORD value) {
  REQUIRE(WinHttpSetOption(handle, option, &value, sizeof(value)));
}

inline std::wstring queryText(HINTERNET handle, DWORD option) {
  DWORD size = 0;
  REQUIRE_FALSE(WinHttpQueryOption(handle, option, nullptr, &size));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  std::vector<wchar_t> text(size / sizeof(wchar_t));
  REQUIRE(WinHttpQueryOption(handle, option, text.data(), &size));
  REQUIRE(size == (text.size() - 1) * sizeof(wchar_t));
  return std::wstring(text.data(), size / sizeof(wchar_t));
}

// Reads the body to its end; false (with the last error) when a read fails.
inline bool readAll(HINTERNET request, std::string& body) {
  char buffer[16384];
  for (;;) {
    DWORD read = 0;
    if (!WinHttpReadData(request, buffer, sizeof(buffer), &read)) return false;
    if (!read) return true;
    body.append(buffer, read);
  }
}

// Sends the request and waits for the response; false with the last error.
inline bool exchange(HINTERNET request) {
  return WinHttpSendRequest(request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0) &&
         WinHttpReceiveResponse(request, nullptr);
}

}  // namespace options_test
