#include "winhttp_helpers.h"

#include <catch.hpp>

#include <vector>

std::wstring queryString(HINTERNET request, DWORD level, LPCWSTR name) {
  DWORD bytes = 0;
  REQUIRE_FALSE(WinHttpQueryHeaders(request, level, name, nullptr, &bytes, nullptr));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  std::vector<wchar_t> buffer(bytes / sizeof(wchar_t));
  REQUIRE(WinHttpQueryHeaders(request, level, name, buffer.data(), &bytes, nullptr));
  REQUIRE(bytes == (buffer.size() - 1) * sizeof(wchar_t));
  return std::wstring(buffer.data(), bytes / sizeof(wchar_t));
}

std::string readBody(HINTERNET request) {
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
