#include <windows.h>
#include <wininet.h>

#include <cstdio>
#include <string>
#include <vector>

#include "fetch.h"

static int failed(const char* what) {
  std::fprintf(stderr, "%s failed: error %lu\n", what, GetLastError());
  return 1;
}

int fetchWithWinInet(const std::wstring& url) {
  HINTERNET session = InternetOpenW(L"hinternet-demo", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0);
  if (!session) return failed("InternetOpenW");
  HINTERNET file = InternetOpenUrlW(session, url.c_str(), nullptr, 0, INTERNET_FLAG_RELOAD, 0);
  if (!file) return failed("InternetOpenUrlW");

  DWORD bytes = 0;
  HttpQueryInfoW(file, HTTP_QUERY_RAW_HEADERS_CRLF, nullptr, &bytes, nullptr);
  std::vector<wchar_t> headers(bytes / sizeof(wchar_t) + 1);
  if (!HttpQueryInfoW(file, HTTP_QUERY_RAW_HEADERS_CRLF, headers.data(), &bytes, nullptr))
    return failed("HttpQueryInfoW");
  std::printf("%ls", headers.data());

  unsigned long long total = 0;
  std::vector<char> buffer(64 * 1024);
  for (;;) {
    DWORD read = 0;
    if (!InternetReadFile(file, buffer.data(), static_cast<DWORD>(buffer.size()), &read))
      return failed("InternetReadFile");
    if (!read) break;
    total += read;
  }
  std::printf("body: %llu bytes (wininet)\n", total);
  InternetCloseHandle(file);
  InternetCloseHandle(session);
  return 0;
}
