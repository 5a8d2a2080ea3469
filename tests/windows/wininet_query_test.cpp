// HttpQueryInfoA/W: every query id, the modifiers, the index, the size rules
// (bytes, terminator counted when the buffer is short) and bad input, with
// the results Windows gives in Wine's wininet tests.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <algorithm>
#include <string>
#include <vector>

#include "test_servers.h"
#include "wininet_helpers.h"

namespace {

// A request to the edge server, not yet sent.
struct EdgeRequest {
  InetHandle session{InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0)};
  InetHandle connect{
      InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0)};
  InetHandle request;
  explicit EdgeRequest(const std::string& path, const char* verb = "GET", DWORD flags = 0)
      : request(HttpOpenRequestA(connect, verb, path.c_str(), nullptr, nullptr, nullptr, flags, 0)) {
    REQUIRE(request.h);
  }
  void send() { REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0)); }
};

// A query as text through the A form, or the error it failed with.
std::string queryA(HINTERNET request, DWORD level, DWORD* error = nullptr, DWORD* index = nullptr) {
  char buffer[4096];
  DWORD size = sizeof(buffer);
  SetLastError(0xdeadbeef);
  if (!HttpQueryInfoA(request, level, buffer, &size, index)) {
    if (error) *error = GetLastError();
    return std::string();
  }
  if (error) *error = ERROR_SUCCESS;
  return std::string(buffer, size);
}

DWORD queryError(HINTERNET request, DWORD level) {
  DWORD error = 0;
  queryA(request, level, &error);
  return error;
}

struct NamedId {
  DWORD id;
  const char* name;
};

// The ids that stand for one header each, with a name the edge server does
// not send on its own and that does not change how the response is read.
const NamedId kHeaderIds[] = {
    {HTTP_QUERY_MIME_VERSION, "Mime-Version"},
    {HTTP_QUERY_CONTENT_TRANSFER_ENCODING, "Content-Transfer-Encoding"},
    {HTTP_QUERY_CONTENT_ID, "Content-ID"},
    {HTTP_QUERY_CONTENT_DESCRIPTION, "Content-Description"},
    {HTTP_QUERY_CONTENT_LANGUAGE, "Content-Language"},
    {HTTP_QUERY_ALLOW, "Allow"},
    {HTTP_QUERY_PUBLIC, "Public"},
    {HTTP_QUERY_EXPIRES, "Expires"},
    {HTTP_QUERY_LAST_MODIFIED, "Last-Modified"},
    {HTTP_QUERY_MESSAGE_ID, "Message-ID"},
    {HTTP_QUERY_URI, "URI"},
    {HTTP_QUERY_DERIVED_FROM, "Derived-From"},
    {HTTP_QUERY_COST, "Cost"},
    {HTTP_QUERY_LINK, "Link"},
    {HTTP_QUERY_PRAGMA, "Pragma"},
    {HTTP_QUERY_ACCEPT, "Accept"},
    {HTTP_QUERY_ACCEPT_CHARSET, "Accept-Charset"},
    {HTTP_QUERY_ACCEPT_ENCODING, "Accept-Encoding"},
    {HTTP_QUERY_ACCEPT_LANGUAGE, "Accept-Language"},
    {HTTP_QUERY_AUTHORIZATION, "Authorization"},
    {HTTP_QUERY_FORWARDED, "Forwarded"},
    {HTTP_QUERY_FROM, "From"},
    {HTTP_QUERY_IF_MODIFIED_SINCE, "If-Modified-Since"},
    {HTTP_QUERY_LOCATION, "Location"},
    {HTTP_QUERY_ORIG_URI, "Orig-URI"},
    {HTTP_QUERY_REFERER, "Referer"},
    {HTTP_QUERY_RETRY_AFTER, "Retry-After"},
    {HTTP_QUERY_TITLE, "Title"},
    {HTTP_QUERY_USER_AGENT, "User-Agent"},
    {HTTP_QUERY_WWW_AUTHENTICATE, "WWW-Authenticate"},
    {HTTP_QUERY_PROXY_AUTHENTICATE, "Proxy-Authenticate"},
    {HTTP_QUERY_ACCEPT_RANGES, "Accept-Ranges"},
    {HTTP_QUERY_COOKIE, "Cookie"},
    {HTTP_QUERY_REFRESH, "Refresh"},
    {HTTP_QUERY_CONTENT_DISPOSITION, "Content-Disposition"},
    {HTTP_QUERY_AGE, "Age"},
    {HTTP_QUERY_CACHE_CONTROL, "Cache-Control"},
    {HTTP_QUERY_CONTENT_BASE, "Content-Base"},
    {HTTP_QUERY_CONTENT_LOCATION, "Content-Location"},
    {HTTP_QUERY_CONTENT_MD5, "Content-MD5"},
    {HTTP_QUERY_ETAG, "ETag"},
    {HTTP_QUERY_HOST, "Host"},
    {HTTP_QUERY_IF_MATCH, "If-Match"},
    {HTTP_QUERY_IF_NONE_MATCH, "If-None-Match"},
    {HTTP_QUERY_IF_RANGE, "If-Range"},
    {HTTP_QUERY_IF_UNMODIFIED_SINCE, "If-Unmodified-Since"},
    {HTTP_QUERY_MAX_FORWARDS, "Max-Forwards"},
    {HTTP_QUERY_PROXY_AUTHORIZATION, "Proxy-Authorization"},
    {HTTP_QUERY_RANGE, "Range"},
    {HTTP_QUERY_VARY, "Vary"},
    {HTTP_QUERY_VIA, "Via"},
    {HTTP_QUERY_WARNING, "Warning"},
    {HTTP_QUERY_EXPECT, "Expect"},
    {HTTP_QUERY_PROXY_CONNECTION, "Proxy-Connection"},
    {HTTP_QUERY_UNLESS_MODIFIED_SINCE, "Unless-Modified-Since"},
    {HTTP_QUERY_PROXY_SUPPORT, "Proxy-Support"},
    {HTTP_QUERY_AUTHENTICATION_INFO, "Authentication-Info"},
    {HTTP_QUERY_PASSPORT_URLS, "PassportURLs"},
    {HTTP_QUERY_PASSPORT_CONFIG, "PassportConfig"},
    {HTTP_QUERY_X_CONTENT_TYPE_OPTIONS, "X-Content-Type-Options"},
    {HTTP_QUERY_P3P, "P3P"},
    {HTTP_QUERY_X_P2P_PEERDIST, "X-P2P-PeerDist"},
    {HTTP_QUERY_TRANSLATE, "Translate"},
    {HTTP_QUERY_X_UA_COMPATIBLE, "X-UA-Compatible"},
    {HTTP_QUERY_DEFAULT_STYLE, "Default-Style"},
    {HTTP_QUERY_X_FRAME_OPTIONS, "X-Frame-Options"},
    {HTTP_QUERY_X_XSS_PROTECTION, "X-XSS-Protection"},
    {HTTP_QUERY_SET_COOKIE2, "Set-Cookie2"},
    {HTTP_QUERY_DO_NOT_TRACK, "DNT"},
    {HTTP_QUERY_STRICT_TRANSPORT_SECURITY, "Strict-Transport-Security"},
    {HTTP_QUERY_TOKEN_BINDING, "Sec-Token-Binding"},
    {HTTP_QUERY_INCLUDE_REFERRED_TOKEN_BINDING_ID, "Include-Referred-Token-Binding-ID"},
    {HTTP_QUERY_PUBLIC_KEY_PINS, "Public-Key-Pins"},
    {HTTP_QUERY_PUBLIC_KEY_PINS_REPORT_ONLY, "Public-Key-Pins-Report-Only"},
};

}  // namespace

TEST_CASE("WinINet query: every header id names its header, A and W") {
  std::string path = "/status/200";
  char separator = '?';
  for (const NamedId& named : kHeaderIds) {
    path += separator + std::string("h=") + named.name + ":v" + std::to_string(named.id);
    separator = '&';
  }
  EdgeRequest r(path);
  r.send();
  for (const NamedId& named : kHeaderIds) {
    INFO(named.name);
    const std::string expected = "v" + std::to_string(named.id);
    REQUIRE(queryA(r.request, named.id) == expected);
    wchar_t wide[64];
    DWORD size = sizeof(wide);
    REQUIRE(HttpQueryInfoW(r.request, named.id, wide, &size, nullptr));
    REQUIRE(size == expected.size() * sizeof(wchar_t));
    REQUIRE(std::wstring(wide) == std::wstring(expected.begin(), expected.end()));
  }
  // The ones the server sends itself.
  REQUIRE(queryA(r.request, HTTP_QUERY_SERVER) == "hinternet-edge");
  REQUIRE(queryA(r.request, HTTP_QUERY_CONTENT_TYPE) == "text/plain; charset=utf-8");
  REQUIRE(queryA(r.request, HTTP_QUERY_CONTENT_LENGTH) == std::to_string(readAll(r.request).size()));
  REQUIRE(!queryA(r.request, HTTP_QUERY_DATE).empty());
  // Ids that name no header, and the echo ids, find nothing.
  for (DWORD id : {DWORD(HTTP_QUERY_ECHO_REQUEST), DWORD(HTTP_QUERY_ECHO_HEADERS), DWORD(HTTP_QUERY_SET_COOKIE),
                   DWORD(200), DWORD(0xFFFE)}) {
    INFO(id);
    REQUIRE(queryError(r.request, id) == ERROR_HTTP_HEADER_NOT_FOUND);
  }
}

TEST_CASE("WinINet query: status code, text and version with the sizes Windows reports") {
  EdgeRequest r("/status/404");
  r.send();
  DWORD code = 0xdeadbeef, size = sizeof(code), index = 0;
  REQUIRE(HttpQueryInfoA(r.request, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &code, &size, &index));
  REQUIRE(code == 404);
  REQUIRE(size == sizeof(DWORD));
  REQUIRE(index == 0);  // a whole answer does not move the index
  index = 1;
  REQUIRE_FALSE(HttpQueryInfoA(r.request, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &code, &size, &index));
  REQUIRE(GetLastError() == ERROR_HTTP_HEADER_NOT_FOUND);

  size = 0;
  REQUIRE_FALSE(HttpQueryInfoA(r.request, HTTP_QUERY_STATUS_CODE, nullptr, &size, nullptr));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == 4);  // "404" and its terminator, in bytes
  char text[16];
  size = sizeof(text);
  REQUIRE(HttpQueryInfoA(r.request, HTTP_QUERY_STATUS_CODE, text, &size, nullptr));
  REQUIRE(std::string(text) == "404");
  REQUIRE(size == 3);
  wchar_t wide[16];
  size = 0;
  REQUIRE_FALSE(HttpQueryInfoW(r.request, HTTP_QUERY_STATUS_CODE, wide, &size, nullptr));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == 4 * sizeof(wchar_t));
  size = sizeof(wide);
  REQUIRE(HttpQueryInfoW(r.request, HTTP_QUERY_STATUS_CODE, wide, &size, nullptr));
  REQUIRE(std::wstring(wide) == L"404");
  REQUIRE(size == 3 * sizeof(wchar_t));

  // A request has no status: Windows calls that an invalid query.
  REQUIRE(queryError(r.request, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_REQUEST_HEADERS) ==
          ERROR_HTTP_INVALID_QUERY_REQUEST);
  REQUIRE(queryA(r.request, HTTP_QUERY_STATUS_TEXT) == "Not Found");
  REQUIRE(queryA(r.request, HTTP_QUERY_VERSION) == "HTTP/1.1");
  REQUIRE(queryA(r.request, HTTP_QUERY_VERSION | HTTP_QUERY_FLAG_REQUEST_HEADERS) == "HTTP/1.1");
  REQUIRE(queryA(r.request, HTTP_QUERY_REQUEST_METHOD) == "GET");
}

TEST_CASE("WinINet query: the index walks repeated headers and stops at the end") {
  EdgeRequest r("/status/200?h=X-Rep:one&h=X-Rep:two&h=Content-MD5:m");
  r.send();
  for (bool custom : {false, true}) {
    DWORD index = 0;
    std::vector<std::string> seen;
    for (;;) {
      char buffer[64] = "X-Rep";
      DWORD size = sizeof(buffer);
      const DWORD before = index;
      const DWORD level = custom ? HTTP_QUERY_CUSTOM : HTTP_QUERY_CONTENT_MD5;
      if (!HttpQueryInfoA(r.request, level, buffer, &size, &index)) {
        REQUIRE(GetLastError() == ERROR_HTTP_HEADER_NOT_FOUND);
        REQUIRE(index == before);
        break;
      }
      REQUIRE(index == before + 1);
      seen.emplace_back(buffer, size);
    }
    REQUIRE(seen == (custom ? std::vector<std::string>{"one", "two"} : std::vector<std::string>{"m"}));
  }
  // Without an index the first one answers, every time.
  char buffer[64] = "x-rep";
  DWORD size = sizeof(buffer);
  REQUIRE(HttpQueryInfoA(r.request, HTTP_QUERY_CUSTOM, buffer, &size, nullptr));
  REQUIRE(std::string(buffer) == "one");
  // A short buffer leaves the index where it was.
  DWORD index = 1;
  char name[8] = "X-Rep";
  size = 2;
  REQUIRE_FALSE(HttpQueryInfoA(r.request, HTTP_QUERY_CUSTOM, name, &size, &index));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == 4);
  REQUIRE(index == 1);
}

TEST_CASE("WinINet query: numbers, 64-bit numbers and times") {
  EdgeRequest r("/status/200?h=X-Big:12345678901&h=Last-Modified:Sun,%2006%20Nov%201994%2008:49:37%20GMT");
  r.send();
  DWORD number = 0, size = sizeof(number);
  char name[32] = "X-Big";
  REQUIRE(HttpQueryInfoA(r.request, HTTP_QUERY_CUSTOM | HTTP_QUERY_FLAG_NUMBER, name, &size, nullptr));
  REQUIRE(size == sizeof(DWORD));
  ULONGLONG big = 0;
  size = sizeof(big);
  lstrcpyA(reinterpret_cast<char*>(&big), "X-Big");
  REQUIRE(HttpQueryInfoA(r.request, HTTP_QUERY_CUSTOM | HTTP_QUERY_FLAG_NUMBER64, &big, &size, nullptr));
  REQUIRE(size == sizeof(ULONGLONG));
  REQUIRE(big == 12345678901ull);
  size = 4;
  DWORD length = 0;
  REQUIRE(HttpQueryInfoW(r.request, HTTP_QUERY_CONTENT_LENGTH | HTTP_QUERY_FLAG_NUMBER, &length, &size, nullptr));
  REQUIRE(length == readAll(r.request).size());
  size = 2;
  REQUIRE_FALSE(
      HttpQueryInfoA(r.request, HTTP_QUERY_CONTENT_LENGTH | HTTP_QUERY_FLAG_NUMBER, &length, &size, nullptr));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == sizeof(DWORD));

  SYSTEMTIME time{};
  size = sizeof(time);
  REQUIRE(HttpQueryInfoA(r.request, HTTP_QUERY_LAST_MODIFIED | HTTP_QUERY_FLAG_SYSTEMTIME, &time, &size, nullptr));
  REQUIRE(time.wYear == 1994);
  REQUIRE(time.wMonth == 11);
  REQUIRE(time.wDay == 6);
  REQUIRE(time.wDayOfWeek == 0);
  REQUIRE(time.wHour == 8);
  REQUIRE(time.wMinute == 49);
  REQUIRE(time.wSecond == 37);
}

TEST_CASE("WinINet query: raw headers, NUL-separated and CRLF, A and W") {
  EdgeRequest r("/status/200?h=X-One:1");
  r.send();
  DWORD size = 0;
  REQUIRE_FALSE(HttpQueryInfoA(r.request, HTTP_QUERY_RAW_HEADERS, nullptr, &size, nullptr));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  std::vector<char> raw(size);
  const DWORD needed = size;
  REQUIRE(HttpQueryInfoA(r.request, HTTP_QUERY_RAW_HEADERS, raw.data(), &size, nullptr));
  REQUIRE(size + 1 == needed);
  std::vector<std::string> lines;
  for (std::size_t at = 0; at < size && raw[at];) {
    lines.emplace_back(&raw[at]);
    at += lines.back().size() + 1;
  }
  REQUIRE(lines.front() == "HTTP/1.1 200 OK");
  REQUIRE(std::find(lines.begin(), lines.end(), "X-One: 1") != lines.end());
  REQUIRE(raw[size - 1] == '\0');
  REQUIRE(raw[size] == '\0');

  DWORD wideSize = 0;
  REQUIRE_FALSE(HttpQueryInfoW(r.request, HTTP_QUERY_RAW_HEADERS, nullptr, &wideSize, nullptr));
  REQUIRE(wideSize == needed * sizeof(wchar_t));

  const std::string crlf = queryA(r.request, HTTP_QUERY_RAW_HEADERS_CRLF);
  REQUIRE(crlf.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  REQUIRE(crlf.find("\r\nX-One: 1\r\n") != std::string::npos);
  REQUIRE(crlf.substr(crlf.size() - 4) == "\r\n\r\n");
}

TEST_CASE("WinINet query: before the send only the request headers answer") {
  EdgeRequest r("/status/200");
  char buffer[64] = "garbage";
  DWORD size = sizeof(buffer);
  // Windows answers the raw forms with nothing (Wine's tests: length 0, or 1
  // on Windows 10, and an empty string).
  REQUIRE(HttpQueryInfoA(r.request, HTTP_QUERY_RAW_HEADERS, buffer, &size, nullptr));
  REQUIRE(size <= 1);
  REQUIRE(buffer[0] == '\0');
  size = sizeof(buffer);
  REQUIRE(HttpQueryInfoA(r.request, HTTP_QUERY_RAW_HEADERS_CRLF, buffer, &size, nullptr));
  REQUIRE(buffer[0] == '\0');
  for (DWORD level : {DWORD(HTTP_QUERY_STATUS_CODE), DWORD(HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER),
                      DWORD(HTTP_QUERY_STATUS_TEXT), DWORD(HTTP_QUERY_SERVER), DWORD(HTTP_QUERY_HOST)}) {
    INFO(level);
    REQUIRE(queryError(r.request, level) == ERROR_HTTP_HEADER_NOT_FOUND);
  }
  REQUIRE(queryA(r.request, HTTP_QUERY_HOST | HTTP_QUERY_FLAG_REQUEST_HEADERS) ==
          "127.0.0.1:" + std::to_string(edgePort()));
  REQUIRE(queryA(r.request, HTTP_QUERY_REQUEST_METHOD) == "GET");
  REQUIRE(queryError(r.request, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_REQUEST_HEADERS) ==
          ERROR_HTTP_INVALID_QUERY_REQUEST);
}

TEST_CASE("WinINet query: bad handles and arguments, A and W") {
  EdgeRequest r("/status/200");
  r.send();
  DWORD size = 16;
  char buffer[16];
  for (HINTERNET wrong : {r.session.h, r.connect.h}) {
    SetLastError(0xdeadbeef);
    REQUIRE_FALSE(HttpQueryInfoA(wrong, HTTP_QUERY_STATUS_CODE, buffer, &size, nullptr));
    REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
    REQUIRE_FALSE(HttpQueryInfoW(wrong, HTTP_QUERY_STATUS_CODE, buffer, &size, nullptr));
    REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  }
  for (HINTERNET bad : {HINTERNET(nullptr), reinterpret_cast<HINTERNET>(0x1234)}) {
    REQUIRE_FALSE(HttpQueryInfoA(bad, HTTP_QUERY_STATUS_CODE, buffer, &size, nullptr));
    REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
    REQUIRE_FALSE(HttpQueryInfoW(bad, HTTP_QUERY_STATUS_CODE, buffer, &size, nullptr));
    REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
  }
  REQUIRE_FALSE(HttpQueryInfoA(r.request, HTTP_QUERY_STATUS_CODE, buffer, nullptr, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(HttpQueryInfoW(r.request, HTTP_QUERY_STATUS_CODE, buffer, nullptr, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  size = sizeof(buffer);
  REQUIRE_FALSE(HttpQueryInfoA(r.request, HTTP_QUERY_CUSTOM, nullptr, &size, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(HttpQueryInfoW(r.request, HTTP_QUERY_CUSTOM, nullptr, &size, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  HINTERNET closed = r.request.h;
  REQUIRE(InternetCloseHandle(closed));
  r.request.h = nullptr;
  size = sizeof(buffer);
  REQUIRE_FALSE(HttpQueryInfoA(closed, HTTP_QUERY_STATUS_CODE, buffer, &size, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
}
