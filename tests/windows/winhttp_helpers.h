#pragma once
// Helpers the WinHTTP tests share.
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <string>

// Closes a WinHTTP handle at the end of its scope.
struct WinHttpHandle {
  HINTERNET h;
  explicit WinHttpHandle(HINTERNET handle = nullptr) : h(handle) {}
  ~WinHttpHandle() {
    if (h) WinHttpCloseHandle(h);
  }
  WinHttpHandle(const WinHttpHandle&) = delete;
  WinHttpHandle& operator=(const WinHttpHandle&) = delete;
  operator HINTERNET() const { return h; }
};

// A header query answered as text, checking the size rules on the way: a
// NULL buffer gets the size with the terminator, success the size without.
std::wstring queryString(HINTERNET request, DWORD level, LPCWSTR name = WINHTTP_HEADER_NAME_BY_INDEX);

// The rest of the response body.
std::string readBody(HINTERNET request);

inline DWORD statusCode(HINTERNET request) {
  DWORD status = 0, size = sizeof(status);
  REQUIRE(WinHttpQueryHeaders(request, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                              WINHTTP_HEADER_NAME_BY_INDEX, &status, &size, WINHTTP_NO_HEADER_INDEX));
  return status;
}

// The value of a response header (ASCII), "" when absent.
inline std::string header(HINTERNET request, LPCWSTR name) {
  wchar_t buffer[1024];
  DWORD size = sizeof(buffer);
  if (!WinHttpQueryHeaders(request, WINHTTP_QUERY_CUSTOM, name, buffer, &size, WINHTTP_NO_HEADER_INDEX))
    return std::string();
  std::string out;
  for (DWORD i = 0; i < size / sizeof(wchar_t); ++i) out += static_cast<char>(buffer[i]);
  return out;
}

// The value of a response header as UTF-16, L"" when absent.
inline std::wstring wideHeader(HINTERNET request, LPCWSTR name) {
  wchar_t value[512];
  DWORD size = sizeof(value);
  if (!WinHttpQueryHeaders(request, WINHTTP_QUERY_CUSTOM, name, value, &size, WINHTTP_NO_HEADER_INDEX))
    return L"";
  return std::wstring(value, size / sizeof(wchar_t));
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
