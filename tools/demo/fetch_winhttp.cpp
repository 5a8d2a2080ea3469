#include <windows.h>
#include <winhttp.h>

#include <cstdio>
#include <string>
#include <vector>

#include "fetch.h"

static int failed(const char* what) {
  std::fprintf(stderr, "%s failed: error %lu\n", what, GetLastError());
  return 1;
}

int fetchWithWinHttp(const std::wstring& url) {
  // WinHttpCrackUrl is not implemented yet: split the URL by hand.
  const size_t schemeEnd = url.find(L"://");
  if (schemeEnd == std::wstring::npos) return failed("parsing the URL");
  const bool secure = url.compare(0, schemeEnd, L"https") == 0;
  std::wstring rest = url.substr(schemeEnd + 3);
  const size_t slash = rest.find(L'/');
  std::wstring authority = rest.substr(0, slash);
  std::wstring object = slash == std::wstring::npos ? L"/" : rest.substr(slash);
  INTERNET_PORT port = secure ? 443 : 80;
  const size_t colon = authority.rfind(L':');
  const size_t bracket = authority.find(L']');
  if (colon != std::wstring::npos && (bracket == std::wstring::npos || colon > bracket)) {
    port = static_cast<INTERNET_PORT>(std::stoi(authority.substr(colon + 1)));
    authority = authority.substr(0, colon);
  }
  if (!authority.empty() && authority.front() == L'[') authority = authority.substr(1, authority.size() - 2);

  HINTERNET session = WinHttpOpen(L"hinternet-demo", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0);
  if (!session) return failed("WinHttpOpen");
  HINTERNET connect = WinHttpConnect(session, authority.c_str(), port, 0);
  if (!connect) return failed("WinHttpConnect");
  HINTERNET request = WinHttpOpenRequest(connect, L"GET", object.c_str(), nullptr, WINHTTP_NO_REFERER,
                                         WINHTTP_DEFAULT_ACCEPT_TYPES, secure ? WINHTTP_FLAG_SECURE : 0);
  if (!request) return failed("WinHttpOpenRequest");
  if (!WinHttpSendRequest(request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0))
    return failed("WinHttpSendRequest");
  if (!WinHttpReceiveResponse(request, nullptr)) return failed("WinHttpReceiveResponse");

  DWORD bytes = 0;
  WinHttpQueryHeaders(request, WINHTTP_QUERY_RAW_HEADERS_CRLF, WINHTTP_HEADER_NAME_BY_INDEX, nullptr, &bytes,
                      WINHTTP_NO_HEADER_INDEX);
  std::vector<wchar_t> headers(bytes / sizeof(wchar_t) + 1);
  if (!WinHttpQueryHeaders(request, WINHTTP_QUERY_RAW_HEADERS_CRLF, WINHTTP_HEADER_NAME_BY_INDEX, headers.data(),
                           &bytes, WINHTTP_NO_HEADER_INDEX))
    return failed("WinHttpQueryHeaders");
  std::printf("%ls", headers.data());

  unsigned long long total = 0;
  std::vector<char> buffer(64 * 1024);
  for (;;) {
    DWORD read = 0;
    if (!WinHttpReadData(request, buffer.data(), static_cast<DWORD>(buffer.size()), &read))
      return failed("WinHttpReadData");
    if (!read) break;
    total += read;
  }
  std::printf("body: %llu bytes (winhttp)\n", total);
  WinHttpCloseHandle(request);
  WinHttpCloseHandle(connect);
  WinHttpCloseHandle(session);
  return 0;
}
