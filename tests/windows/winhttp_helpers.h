#pragma once
// Small helpers for the WinHTTP tests of authentication, cookies and proxies.
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <string>
#include <vector>

namespace winhttp_test {

struct Handle {
  HINTERNET h;
  explicit Handle(HINTERNET handle = nullptr) : h(handle) {}
  ~Handle() {
    if (h) WinHttpCloseHandle(h);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  operator HINTERNET() const { return h; }
};

inline DWORD statusCode(HINTERNET request) {
  DWORD status = 0, size = sizeof(status);
  REQUIRE(WinHttpQueryHeaders(request, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                              WINHTTP_HEADER_NAME_BY_INDEX, &status, &size, WINHTTP_NO_HEADER_INDEX));
  return status;
}

// The value of a response header, "" when absent.
inline std::string header(HINTERNET request, LPCWSTR name) {
  wchar_t buffer[1024];
  DWORD size = sizeof(buffer);
  if (!WinHttpQueryHeaders(request, WINHTTP_QUERY_CUSTOM, name, buffer, &size, WINHTTP_NO_HEADER_INDEX))
    return std::string();
  std::string out;
  for (DWORD i = 0; i < size / sizeof(wchar_t); ++i) out += static_cast<char>(buffer[i]);
  return out;
}

inline std::string readBody(HINTERNET request) {
  std::string body;
  for (;;) {
    DWORD available = 0;
    REQUIRE(WinHttpQueryDataAvailable(request, &available));
    if (!available) break;
    std::vector<char> chunk(available);
    DWORD read = 0;
    REQUIRE(WinHttpReadData(request, chunk.data(), available, &read));
    body.append(chunk.data(), read);
  }
  return body;
}

// Sends the request (with optional extra headers) and waits for the
// response; FALSE with the last error on failure.
inline BOOL sendAndReceive(HINTERNET request, LPCWSTR headers = WINHTTP_NO_ADDITIONAL_HEADERS) {
  const DWORD length = headers ? DWORD(-1) : 0;
  return WinHttpSendRequest(request, headers, length, WINHTTP_NO_REQUEST_DATA, 0, 0, 0) &&
         WinHttpReceiveResponse(request, nullptr);
}

inline HINTERNET openGet(HINTERNET connect, LPCWSTR path, DWORD flags = 0) {
  HINTERNET request =
      WinHttpOpenRequest(connect, L"GET", path, nullptr, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES, flags);
  REQUIRE(request);
  return request;
}

inline std::wstring widen(const std::string& text) { return std::wstring(text.begin(), text.end()); }

}  // namespace winhttp_test
