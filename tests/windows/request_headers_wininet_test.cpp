// HttpAddRequestHeadersA/W and HTTP_QUERY_FLAG_REQUEST_HEADERS, with the
// merge results Windows gives in Wine's wininet tests.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>
#include <vector>

#include "raw_head.h"
#include "test_servers.h"
#include "wininet_helpers.h"

namespace {

constexpr DWORD kRequestFlag = HTTP_QUERY_FLAG_REQUEST_HEADERS;

// A session, connect and request to the test server, not yet sent.
struct Fixture {
  InetHandle session{InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0)};
  InetHandle connect{
      InternetConnectA(session, "127.0.0.1", httpPort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0)};
  InetHandle request;
  explicit Fixture(const char* verb = "POST", const char* path = "/headers", const char* referrer = nullptr,
                   const char** accept = nullptr, DWORD flags = 0)
      : request(HttpOpenRequestA(connect, verb, path, nullptr, referrer, accept, flags, 0)) {
    REQUIRE(request.h);
  }
};

// Every value of a request header, walking the index until it runs out.
std::vector<std::string> values(HINTERNET request, const char* name) {
  std::vector<std::string> out;
  for (DWORD index = 0;;) {
    char buffer[256];
    lstrcpyA(buffer, name);
    DWORD size = sizeof(buffer);
    const DWORD before = index;
    if (!HttpQueryInfoA(request, HTTP_QUERY_CUSTOM | kRequestFlag, buffer, &size, &index)) {
      REQUIRE(GetLastError() == ERROR_HTTP_HEADER_NOT_FOUND);
      REQUIRE(index == before);
      return out;
    }
    REQUIRE(index == before + 1);
    REQUIRE(size == DWORD(lstrlenA(buffer)));
    out.emplace_back(buffer);
  }
}

BOOL add(HINTERNET request, const char* headers, DWORD flags) {
  SetLastError(0xdeadbeef);
  return HttpAddRequestHeadersA(request, headers, DWORD(-1), flags);
}

// A request-header query as text, A form, checking the size rules.
std::string queryRequest(HINTERNET request, DWORD level) {
  DWORD size = 0;
  REQUIRE_FALSE(HttpQueryInfoA(request, level | kRequestFlag, nullptr, &size, nullptr));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  std::string text(size, 'x');
  const DWORD needed = size;
  REQUIRE(HttpQueryInfoA(request, level | kRequestFlag, &text[0], &size, nullptr));
  REQUIRE(size + 1 == needed);
  REQUIRE(text[size] == '\0');
  text.resize(size);
  return text;
}

using Values = std::vector<std::string>;

}  // namespace

TEST_CASE("WinINet request headers: every modifier merges as on Windows") {
  Fixture f;
  REQUIRE(values(f.request, "Warning").empty());
  REQUIRE(add(f.request, "Warning:test1", HTTP_ADDREQ_FLAG_ADD));
  REQUIRE(add(f.request, "Warning:test2", HTTP_ADDREQ_FLAG_ADD));
  REQUIRE(values(f.request, "warning") == Values{"test1", "test2"});

  SECTION("REPLACE removes the first one and appends the new value") {
    REQUIRE(add(f.request, "Warning:test3", HTTP_ADDREQ_FLAG_REPLACE));
    REQUIRE(values(f.request, "Warning") == Values{"test2", "test3"});
    REQUIRE(add(f.request, "Warning:test7", HTTP_ADDREQ_FLAG_ADD | HTTP_ADDREQ_FLAG_REPLACE));
    REQUIRE(values(f.request, "Warning") == Values{"test3", "test7"});
  }
  SECTION("ADD_IF_NEW refuses a present name") {
    REQUIRE_FALSE(add(f.request, "Warning:test4", HTTP_ADDREQ_FLAG_ADD_IF_NEW));
    REQUIRE(GetLastError() == ERROR_HTTP_HEADER_ALREADY_EXISTS);
    REQUIRE(add(f.request, "\r\nBlankTest:value\r\n\r\n", HTTP_ADDREQ_FLAG_ADD_IF_NEW));
    REQUIRE(values(f.request, "BlankTest") == Values{"value"});
  }
  SECTION("COALESCE, COALESCE_WITH_COMMA and COALESCE_WITH_SEMICOLON merge into the first") {
    REQUIRE(add(f.request, "Warning:test4", HTTP_ADDREQ_FLAG_COALESCE));
    REQUIRE(add(f.request, "Warning:test5", HTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA));
    REQUIRE(add(f.request, "Warning:test6", HTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON));
    REQUIRE(values(f.request, "Warning") == Values{"test1, test4, test5; test6", "test2"});
  }
  SECTION("REPLACE of a missing name fails without ADD; an empty value removes") {
    REQUIRE(add(f.request, "Authorization: Basic\r\n", HTTP_ADDREQ_FLAG_ADD));
    char value[32] = "";
    DWORD size = sizeof(value), index = 0;
    REQUIRE(HttpQueryInfoA(f.request, HTTP_QUERY_AUTHORIZATION | kRequestFlag, value, &size, &index));
    REQUIRE(std::string(value) == "Basic");
    REQUIRE(add(f.request, "Authorization:\r\n", HTTP_ADDREQ_FLAG_REPLACE));
    size = sizeof(value);
    index = 0;
    REQUIRE_FALSE(HttpQueryInfoA(f.request, HTTP_QUERY_AUTHORIZATION | kRequestFlag, value, &size, &index));
    REQUIRE(GetLastError() == ERROR_HTTP_HEADER_NOT_FOUND);
    REQUIRE_FALSE(add(f.request, "name: value", HTTP_ADDREQ_FLAG_REPLACE));
    REQUIRE(GetLastError() == ERROR_HTTP_HEADER_NOT_FOUND);
  }
  SECTION("no modifier refuses a present name") {
    REQUIRE_FALSE(add(f.request, "Warning: test8", 0));
    REQUIRE(GetLastError() == ERROR_HTTP_HEADER_ALREADY_EXISTS);
    REQUIRE(add(f.request, "X-Other: 1", 0));
    REQUIRE(values(f.request, "Warning") == Values{"test1", "test2"});
  }
}

TEST_CASE("WinINet request headers: odd separators pass, malformed lines and injection are refused") {
  Fixture f;
  REQUIRE(add(f.request,
              "\r\rMalformedTest:value\n\nMalformedTestTwo: value2\rMalformedTestThree: value3\n\n\r\r\n",
              HTTP_ADDREQ_FLAG_ADD | HTTP_ADDREQ_FLAG_REPLACE));
  REQUIRE(values(f.request, "MalformedTest") == Values{"value"});
  REQUIRE(values(f.request, "MalformedTestTwo") == Values{"value2"});
  REQUIRE(values(f.request, "MalformedTestThree") == Values{"value3"});
  for (const char* bad :
       {":", ":b", "cd", "a b: c", "X-A: 1\r\nGET /smuggled HTTP/1.1", "X-A: 1\r\n\tfolded: 2"}) {
    INFO(bad);
    REQUIRE_FALSE(add(f.request, bad, HTTP_ADDREQ_FLAG_ADD));
    REQUIRE(GetLastError() == ERROR_HTTP_INVALID_HEADER);
  }
  REQUIRE(values(f.request, "X-A").empty());
  // Spaces around the name and after the value go.
  REQUIRE(add(f.request, " e :f ", HTTP_ADDREQ_FLAG_ADD));
  REQUIRE(values(f.request, "e") == Values{"f"});
}

TEST_CASE("WinINet request headers: NULL and zero-length input, A and W") {
  Fixture f;
  REQUIRE(HttpAddRequestHeadersA(f.request, nullptr, 0, HTTP_ADDREQ_FLAG_ADD));
  REQUIRE(HttpAddRequestHeadersW(f.request, nullptr, DWORD(-1), HTTP_ADDREQ_FLAG_ADD));
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(HttpAddRequestHeadersA(f.request, "X: 1", 0, HTTP_ADDREQ_FLAG_ADD));
  REQUIRE(GetLastError() == ERROR_HTTP_INVALID_HEADER);
  REQUIRE_FALSE(HttpAddRequestHeadersW(f.request, L"", DWORD(-1), HTTP_ADDREQ_FLAG_ADD));
  REQUIRE(GetLastError() == ERROR_HTTP_INVALID_HEADER);
  REQUIRE(HttpAddRequestHeadersW(f.request, L"X-Wide: \x00e9t\x00e9\r\nX-Cut: 1", 13, HTTP_ADDREQ_FLAG_ADD));
  REQUIRE(values(f.request, "X-Cut").empty());
  wchar_t value[32] = L"X-Wide";
  DWORD size = sizeof(value);
  REQUIRE(HttpQueryInfoW(f.request, HTTP_QUERY_CUSTOM | kRequestFlag, value, &size, nullptr));
  REQUIRE(std::wstring(value) == L"\x00e9t\x00e9");
  REQUIRE(size == 3 * sizeof(wchar_t));
}

TEST_CASE("WinINet request headers: wrong and closed handles") {
  REQUIRE_FALSE(add(nullptr, "X: 1", HTTP_ADDREQ_FLAG_ADD));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
  Fixture f;
  REQUIRE_FALSE(add(f.connect, "X: 1", HTTP_ADDREQ_FLAG_ADD));
  REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  HINTERNET request = f.request.h;
  REQUIRE(InternetCloseHandle(request));
  f.request.h = nullptr;
  REQUIRE_FALSE(add(request, "X: 1", HTTP_ADDREQ_FLAG_ADD));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
  DWORD size = 0;
  REQUIRE_FALSE(HttpQueryInfoA(request, HTTP_QUERY_RAW_HEADERS_CRLF | kRequestFlag, nullptr, &size, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
}

TEST_CASE("WinINet request headers are queryable before the send, A and W") {
  const char* accept[] = {"text/plain", "", "application/json", nullptr};
  Fixture f("POST", "/tests/post.php", "http://referrer.example/", accept);
  REQUIRE(add(f.request, "Warning:test1", HTTP_ADDREQ_FLAG_ADD));
  const std::string host = "Host: 127.0.0.1:" + std::to_string(httpPort());
  const std::string expected = "POST /tests/post.php HTTP/1.1\r\n" + host +
                               "\r\nReferer: http://referrer.example/\r\n"
                               "Accept: text/plain, application/json\r\nWarning: test1\r\n\r\n";
  REQUIRE(queryRequest(f.request, HTTP_QUERY_RAW_HEADERS_CRLF) == expected);
  REQUIRE(queryRequest(f.request, HTTP_QUERY_REQUEST_METHOD) == "POST");

  DWORD size = 0;
  REQUIRE_FALSE(HttpQueryInfoW(f.request, HTTP_QUERY_RAW_HEADERS_CRLF | kRequestFlag, nullptr, &size, nullptr));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == (expected.size() + 1) * sizeof(wchar_t));
  std::vector<wchar_t> wide(size / sizeof(wchar_t));
  REQUIRE(HttpQueryInfoW(f.request, HTTP_QUERY_RAW_HEADERS_CRLF | kRequestFlag, wide.data(), &size, nullptr));
  REQUIRE(size == expected.size() * sizeof(wchar_t));
  REQUIRE(narrow(wide.data()) == expected);
  REQUIRE(values(f.request, "Warning") == Values{"test1"});
}

TEST_CASE("WinINet sends exactly the request headers it reports, send headers merged with ADD|REPLACE") {
  Fixture f("POST", "/headers", nullptr, nullptr, INTERNET_FLAG_KEEP_CONNECTION);
  REQUIRE(add(f.request, "X-Replaced: old\r\nX-Kept: yes", HTTP_ADDREQ_FLAG_ADD));
  char body[] = "abc";
  // HttpSendRequest skips a line that is no header instead of failing.
  REQUIRE(HttpSendRequestA(f.request, "X-Replaced: new\r\nnot a header\r\nX-Sent: 1", DWORD(-1), body, 3));
  REQUIRE(statusOf(f.request) == 200);
  const std::string reported = queryRequest(f.request, HTTP_QUERY_RAW_HEADERS_CRLF);
  REQUIRE(headLines(reported) ==
          std::vector<std::string>{"POST /headers HTTP/1.1", "Connection: Keep-Alive", "Content-Length: 3",
                                   "Host: 127.0.0.1:" + std::to_string(httpPort()), "User-Agent: hinternet-test",
                                   "X-Kept: yes", "X-Replaced: new", "X-Sent: 1"});
  REQUIRE(headLines(readAll(f.request)) == headLines(reported));
}

TEST_CASE("WinINet InternetOpenUrl sends its headers through the same list") {
  InetHandle session(InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  const std::string url = "http://127.0.0.1:" + std::to_string(httpPort()) + "/headers";
  InetHandle file(InternetOpenUrlA(session, url.c_str(), "X-Open-Url: 1\r\n", DWORD(-1), 0, 0));
  REQUIRE(file.h);
  const std::string reported = queryRequest(file, HTTP_QUERY_RAW_HEADERS_CRLF);
  REQUIRE(reported.find("\r\nX-Open-Url: 1\r\n") != std::string::npos);
  REQUIRE(headLines(readAll(file)) == headLines(reported));
}
