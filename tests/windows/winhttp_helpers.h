#pragma once
// Helpers the WinHTTP tests share.
#include <windows.h>
#include <winhttp.h>

#include <string>

// Closes a WinHTTP handle at the end of its scope.
struct WinHttpHandle {
  HINTERNET h;
  explicit WinHttpHandle(HINTERNET handle) : h(handle) {}
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
