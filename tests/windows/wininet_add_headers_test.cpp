// HttpAddRequestHeadersA/W and the send's extra headers on the wire: counted
// and NUL-terminated blocks, and lines that would smuggle a second request
// or header refused (AddRequestHeaders) or skipped (SendRequest), never sent.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>

#include "raw_head.h"
#include "test_servers.h"
#include "wininet_helpers.h"

namespace {

struct EchoRequest {
  InetHandle session{InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0)};
  InetHandle connect{
      InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0)};
  InetHandle request{HttpOpenRequestA(connect, "GET", "/echo", nullptr, nullptr, nullptr, 0, 0)};
  // The request head as the server received it.
  std::string send(const char* extra = nullptr) {
    REQUIRE(HttpSendRequestA(request, extra, extra ? DWORD(-1) : 0, nullptr, 0));
    REQUIRE(statusOf(request) == 200);
    const std::string body = readAll(request);
    return body.substr(0, body.find("\r\n\r\n") + 4);
  }
};

bool hasLine(const std::string& head, const std::string& line) {
  return head.find("\r\n" + line + "\r\n") != std::string::npos;
}

}  // namespace

TEST_CASE("WinINet add headers: a counted block ends at its length or its first NUL, A and W") {
  EchoRequest r;
  REQUIRE(HttpAddRequestHeadersA(r.request, "X-A: 1\r\nX-B: 2", 6, HTTP_ADDREQ_FLAG_ADD));
  const char withNul[] = "X-N: a\0X-Hidden: b";
  REQUIRE(HttpAddRequestHeadersA(r.request, withNul, sizeof(withNul) - 1, HTTP_ADDREQ_FLAG_ADD));
  REQUIRE(HttpAddRequestHeadersW(r.request, L"X-W: w\r\nX-V: v", DWORD(-1), HTTP_ADDREQ_FLAG_ADD));
  const std::string head = r.send();
  REQUIRE(hasLine(head, "X-A: 1"));
  REQUIRE(!hasLine(head, "X-B: 2"));
  REQUIRE(hasLine(head, "X-N: a"));
  REQUIRE(head.find("X-Hidden") == std::string::npos);
  REQUIRE(hasLine(head, "X-W: w"));
  REQUIRE(hasLine(head, "X-V: v"));
}

TEST_CASE("WinINet add headers: a block smuggling a request line or a folded line is refused whole and never sent") {
  EchoRequest r;
  for (const char* bad : {"X-Evil: 1\r\nGET /smuggled HTTP/1.1", "X-Evil: 1\r\n\r\nGET /smuggled HTTP/1.1\r\n",
                          "X-Evil: 1\r\n folded", "X-Evil: 1\r\nX Bad: 2"}) {
    INFO(bad);
    SetLastError(0xdeadbeef);
    REQUIRE_FALSE(HttpAddRequestHeadersA(r.request, bad, DWORD(-1), HTTP_ADDREQ_FLAG_ADD));
    REQUIRE(GetLastError() == ERROR_HTTP_INVALID_HEADER);
    const std::wstring wide(bad, bad + lstrlenA(bad));
    REQUIRE_FALSE(HttpAddRequestHeadersW(r.request, wide.c_str(), DWORD(-1), HTTP_ADDREQ_FLAG_ADD));
    REQUIRE(GetLastError() == ERROR_HTTP_INVALID_HEADER);
  }
  const std::string head = r.send();
  REQUIRE(head.find("X-Evil") == std::string::npos);
  REQUIRE(head.find("smuggled") == std::string::npos);
  REQUIRE(head.rfind("GET /echo HTTP/1.1\r\n", 0) == 0);
}

TEST_CASE("WinINet add headers: the send's extra headers skip what is no header and send the rest") {
  EchoRequest r;
  const std::string head = r.send("X-Sent: 1\r\n\r\nGET /smuggled HTTP/1.1\r\nX-After: 2\r\n");
  REQUIRE(hasLine(head, "X-Sent: 1"));
  REQUIRE(hasLine(head, "X-After: 2"));
  REQUIRE(head.find("smuggled") == std::string::npos);
  REQUIRE(head.find("GET ") == 0);
  REQUIRE(head.find("GET ", 1) == std::string::npos);
}

TEST_CASE("WinINet add headers: the merge modifiers show on the wire") {
  EchoRequest r;
  REQUIRE(HttpAddRequestHeadersA(r.request, "X-M: a\r\nX-Other: o", DWORD(-1), HTTP_ADDREQ_FLAG_ADD));
  REQUIRE(HttpAddRequestHeadersA(r.request, "X-M: b", DWORD(-1), HTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON));
  REQUIRE(HttpAddRequestHeadersA(r.request, "X-M: c", DWORD(-1), HTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA));
  REQUIRE(HttpAddRequestHeadersA(r.request, "X-Other: p", DWORD(-1), HTTP_ADDREQ_FLAG_REPLACE));
  REQUIRE_FALSE(HttpAddRequestHeadersA(r.request, "X-Other: q", DWORD(-1), HTTP_ADDREQ_FLAG_ADD_IF_NEW));
  REQUIRE(GetLastError() == ERROR_HTTP_HEADER_ALREADY_EXISTS);
  REQUIRE(HttpAddRequestHeadersA(r.request, "X-New: n", DWORD(-1), HTTP_ADDREQ_FLAG_ADD_IF_NEW));
  const std::string head = r.send();
  REQUIRE(hasLine(head, "X-M: a; b, c"));
  REQUIRE(hasLine(head, "X-Other: p"));
  REQUIRE(hasLine(head, "X-New: n"));
  REQUIRE(head.find("X-Other: o") == std::string::npos);

  // A session or connect handle has no request headers.
  for (HINTERNET wrong : {r.session.h, r.connect.h}) {
    REQUIRE_FALSE(HttpAddRequestHeadersW(wrong, L"X: 1", DWORD(-1), HTTP_ADDREQ_FLAG_ADD));
    REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  }
}

TEST_CASE("WinINet: the HTTP version HttpOpenRequest was given is the one sent and reported") {
  InetHandle session(InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle connect(
      InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  InetHandle request(HttpOpenRequestA(connect, "GET", "/echo", "HTTP/1.0", nullptr, nullptr, 0, 0));
  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  char reported[1024];
  DWORD size = sizeof(reported);
  REQUIRE(HttpQueryInfoA(request, HTTP_QUERY_RAW_HEADERS_CRLF | HTTP_QUERY_FLAG_REQUEST_HEADERS, reported, &size,
                         nullptr));
  REQUIRE(std::string(reported).rfind("GET /echo HTTP/1.0\r\n", 0) == 0);
  REQUIRE(readAll(request).rfind("GET /echo HTTP/1.0\r\n", 0) == 0);
}
