// WinINet HTTP details where Windows differs from a plain HTTP client:
// cookie notifications for each hop of a redirect chain, the method of a
// redirected request, spaces in object names, the per-server connection
// limit (on by default), SEND_TIMEOUT and CONNECT_RETRIES.
#include <catch.hpp>
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <wininet.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "ipv4_only_server.h"
#include "run_unique_name.h"
#include "test_servers.h"
#include "wininet_helpers.h"
#include "wininet_status_recorder.h"

namespace {

std::string requestLine(HINTERNET request) {
  char buffer[4096];
  DWORD size = sizeof(buffer);
  if (!HttpQueryInfoA(request, HTTP_QUERY_RAW_HEADERS_CRLF | HTTP_QUERY_FLAG_REQUEST_HEADERS, buffer, &size, nullptr))
    return "<" + std::to_string(GetLastError()) + ">";
  const std::string head(buffer, size);
  return head.substr(0, head.find("\r\n"));
}

// A request of its own session and connect handle.
struct OwnRequest {
  InetHandle session{InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0)};
  InetHandle connect;
  InetHandle request;
  OwnRequest(const char* verb, const std::string& path, const char* host = "127.0.0.1",
             unsigned short port = edgePort())
      : connect(InternetConnectA(session, host, port, nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0)),
        request(HttpOpenRequestA(connect, verb, path.c_str(), nullptr, nullptr, nullptr, INTERNET_FLAG_RELOAD, 0)) {
    REQUIRE(request.h);
  }
};

void setDword(HINTERNET handle, DWORD option, DWORD value) {
  REQUIRE(InternetSetOptionA(handle, option, &value, sizeof(value)));
}

// Statuses that say nothing about the exchanges themselves.
const std::vector<DWORD> kConnectionStatuses = {
    INTERNET_STATUS_RESOLVING_NAME,     INTERNET_STATUS_NAME_RESOLVED,    INTERNET_STATUS_CONNECTING_TO_SERVER,
    INTERNET_STATUS_CONNECTED_TO_SERVER, INTERNET_STATUS_CLOSING_CONNECTION, INTERNET_STATUS_CONNECTION_CLOSED,
    INTERNET_STATUS_HANDLE_CREATED,     INTERNET_STATUS_DETECTING_PROXY};

// The body of a synchronous GET through its own session.
std::string fetch(const std::string& url) {
  InetHandle session(InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle file(InternetOpenUrlA(session, url.c_str(), nullptr, 0, INTERNET_FLAG_RELOAD, 0));
  REQUIRE(file.h);
  return readAll(file);
}

}  // namespace

TEST_CASE("WinINet HTTP details: each hop of a redirect reports the cookies it sends and receives") {
  StatusRecorder& recorder = newRecorder();
  RecordedConnection edge(recorder, edgePort());
  // The program's own Cookie header goes to every hop; each response's
  // Set-Cookie fields are counted as they come, the redirect's too.
  InetHandle request(HttpOpenRequestA(edge.connect, "GET", "/set-cookie?a=1&b=2&redirect=%2Fcookies", nullptr,
                                      nullptr, nullptr, INTERNET_FLAG_RELOAD | INTERNET_FLAG_NO_COOKIES,
                                      recorder.context()));
  REQUIRE(request.h);
  const char header[] = "Cookie: x=1; y=2; z=3\r\n";
  REQUIRE(HttpSendRequestA(request, header, DWORD(-1), nullptr, 0));
  REQUIRE(statusOf(request) == 200);
  // The send's notifications (reads that wait add their own after them).
  const std::vector<DWORD> sendStatuses = without(recorder.statuses(request.h), kConnectionStatuses);
  REQUIRE(readAll(request) == "x=1; y=2; z=3\n");
  const std::vector<DWORD> expected = {
      INTERNET_STATUS_COOKIE_SENT,       INTERNET_STATUS_SENDING_REQUEST,   INTERNET_STATUS_REQUEST_SENT,
      INTERNET_STATUS_RECEIVING_RESPONSE, INTERNET_STATUS_RESPONSE_RECEIVED, INTERNET_STATUS_COOKIE_RECEIVED,
      INTERNET_STATUS_REDIRECT,          INTERNET_STATUS_COOKIE_SENT,       INTERNET_STATUS_SENDING_REQUEST,
      INTERNET_STATUS_REQUEST_SENT,      INTERNET_STATUS_RECEIVING_RESPONSE, INTERNET_STATUS_RESPONSE_RECEIVED};
  REQUIRE(sendStatuses == expected);
  for (const Notice& notice : recorder.notices()) {
    if (notice.status == INTERNET_STATUS_COOKIE_SENT) REQUIRE(notice.number == 3);
    if (notice.status == INTERNET_STATUS_COOKIE_RECEIVED) REQUIRE(notice.number == 2);
  }

  // With the cookie store, the second hop sends what the redirect set.
  const std::string scope = "/cookies/" + runUniqueName("hop");
  const std::string path = "/set-cookie/hop?c=hopa%3D1%3B%20Path%3D" + scope + "&redirect=" + scope;
  StatusRecorder& stored = newRecorder();
  RecordedConnection storing(stored, edgePort());
  InetHandle second(HttpOpenRequestA(storing.connect, "GET", path.c_str(), nullptr, nullptr, nullptr,
                                     INTERNET_FLAG_RELOAD, stored.context()));
  REQUIRE(HttpSendRequestA(second, nullptr, 0, nullptr, 0));
  const std::string sent = readAll(second);
  REQUIRE(sent.find("hopa=1") != std::string::npos);
  const std::vector<DWORD> seen = without(stored.statuses(second.h), kConnectionStatuses);
  const auto redirect = std::find(seen.begin(), seen.end(), DWORD(INTERNET_STATUS_REDIRECT));
  REQUIRE(redirect != seen.end());
  REQUIRE(*(redirect - 1) == INTERNET_STATUS_COOKIE_RECEIVED);
  REQUIRE(*(redirect + 1) == INTERNET_STATUS_COOKIE_SENT);
  REQUIRE(stored.last(INTERNET_STATUS_COOKIE_RECEIVED).number == 1);
  const DWORD cookiesInHeader = static_cast<DWORD>(std::count(sent.begin(), sent.end(), ';')) + 1;
  REQUIRE(stored.last(INTERNET_STATUS_COOKIE_SENT).number == cookiesInHeader);
}

TEST_CASE("WinINet HTTP details: 301, 302 and 303 turn every method but GET and HEAD into a GET") {
  struct Case {
    const char* verb;
    int code;
    bool body;
    const char* method;
  };
  for (const Case& c : {Case{"DELETE", 301, false, "GET"}, Case{"DELETE", 302, false, "GET"},
                        Case{"DELETE", 303, false, "GET"}, Case{"OPTIONS", 302, false, "GET"},
                        Case{"DELETE", 302, true, "GET"}, Case{"PATCH", 303, true, "GET"},
                        Case{"DELETE", 307, false, "DELETE"}, Case{"DELETE", 308, true, "DELETE"},
                        Case{"HEAD", 303, false, "HEAD"}}) {
    INFO(c.verb << " " << c.code << (c.body ? " with a body" : ""));
    OwnRequest own(c.verb, "/redirect/" + std::to_string(c.code) + "/1");
    HINTERNET request = own.request;
    char body[] = "hello";
    REQUIRE(HttpSendRequestA(request, nullptr, 0, c.body ? body : nullptr, c.body ? 5 : 0));
    REQUIRE(statusOf(request) == 200);
    REQUIRE(customHeader(request, "X-Echo-Method") == c.method);
    const bool kept = std::string(c.method) == c.verb;
    REQUIRE(customHeader(request, "X-Echo-Body-Length") == (kept && c.body ? "5" : "0"));
    REQUIRE(requestLine(request).rfind(std::string(c.method) + " /redirect/", 0) == 0);
  }
}

TEST_CASE("WinINet HTTP details: spaces in an object name or a URL go out as %20, nothing else changes") {
  OwnRequest own("GET", "/echo?x=a b&y=%41+c");
  HINTERNET session = own.session, connect = own.connect, request = own.request;
  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(statusOf(request) == 200);
  REQUIRE(requestLine(request) == "GET /echo?x=a%20b&y=%41+c HTTP/1.1");
  REQUIRE(readAll(request).rfind("GET /echo?x=a%20b&y=%41+c HTTP/1.1\r\n", 0) == 0);

  InetHandle wide(HttpOpenRequestW(connect, L"GET", L"/cookies/two words", nullptr, nullptr, nullptr,
                                   INTERNET_FLAG_RELOAD, 0));
  REQUIRE(HttpSendRequestW(wide, nullptr, 0, nullptr, 0));
  REQUIRE(statusOf(wide) == 200);
  REQUIRE(requestLine(wide) == "GET /cookies/two%20words HTTP/1.1");

  const std::string url = "http://127.0.0.1:" + std::to_string(edgePort()) + "/echo?q=one two";
  InetHandle file(InternetOpenUrlA(session, url.c_str(), nullptr, 0, INTERNET_FLAG_RELOAD, 0));
  REQUIRE(file.h);
  REQUIRE(statusOf(file) == 200);
  REQUIRE(readAll(file).rfind("GET /echo?q=one%20two HTTP/1.1\r\n", 0) == 0);
}

TEST_CASE("WinINet HTTP details: by default at most 6 requests to one server run at once") {
  // Eight asynchronous requests to a gate that holds their bodies: six get
  // their responses, two wait for a connection; the server never holds
  // more than six.
  const std::string gate = runUniqueName("conn-limit");
  const std::string counter = "http://[::1]:" + std::to_string(edgePort()) + "/gate-count/" + gate;
  StatusRecorder& recorder = newRecorder();
  RecordedConnection edge(recorder, edgePort(), INTERNET_FLAG_ASYNC);
  std::vector<std::unique_ptr<InetHandle>> requests;
  for (int i = 0; i < 8; ++i) {
    requests.push_back(std::make_unique<InetHandle>(HttpOpenRequestA(
        edge.connect, "GET", ("/gate/" + gate).c_str(), nullptr, nullptr, nullptr, INTERNET_FLAG_RELOAD,
        recorder.context())));
    REQUIRE(requests.back()->h);
    REQUIRE_FALSE(HttpSendRequestA(*requests.back(), nullptr, 0, nullptr, 0));
    REQUIRE(GetLastError() == ERROR_IO_PENDING);
  }
  REQUIRE(recorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE, 6));
  // Waits (a guard of seconds, no measure) for a seventh that never comes.
  REQUIRE(fetch(counter + "?wait=7") == "held=6 max=6\n");
  REQUIRE(recorder.countOf(INTERNET_STATUS_REQUEST_COMPLETE) == 6);

  REQUIRE(fetch("http://[::1]:" + std::to_string(edgePort()) + "/gate-open/" + gate) == "opened " + gate + "\n");
  REQUIRE(recorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE, 8));
  for (const Notice& notice : recorder.notices()) {
    if (notice.status == INTERNET_STATUS_REQUEST_COMPLETE) REQUIRE(notice.error == ERROR_SUCCESS);
  }
  for (auto& request : requests) REQUIRE(statusOf(*request) == 200);
  const std::string after = fetch(counter);
  REQUIRE(after.substr(after.find(' ')) == " max=6\n");
}

TEST_CASE("WinINet HTTP details: SEND_TIMEOUT ends a send the server stops reading") {
  OwnRequest own("POST", "/no-read/30");
  HINTERNET request = own.request;
  // Waiting for the response has no limit: only the send can time out.
  setDword(request, INTERNET_OPTION_RECEIVE_TIMEOUT, 0xFFFFFFFF);
  setDword(request, INTERNET_OPTION_SEND_TIMEOUT, 1000);
  std::string body(32u << 20, 'x');
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(HttpSendRequestA(request, nullptr, 0, &body[0], static_cast<DWORD>(body.size())));
  REQUIRE(GetLastError() == ERROR_INTERNET_TIMEOUT);
}

TEST_CASE("WinINet HTTP details: CONNECT_RETRIES caps the addresses a connection tries, once each") {
  Ipv4OnlyServer server;
  for (DWORD retries : {1u, 2u}) {
    INFO("CONNECT_RETRIES " << retries);
    const int before = server.accepted();
    OwnRequest own("GET", "/", "localhost", server.port());
    HINTERNET request = own.request;
    setDword(request, INTERNET_OPTION_CONNECT_RETRIES, retries);
    SetLastError(0xdeadbeef);
    const BOOL sent = HttpSendRequestA(request, nullptr, 0, nullptr, 0);
    if (retries == 1) {
      // ::1 refuses; the IPv4 address is never tried.
      REQUIRE_FALSE(sent);
      REQUIRE(GetLastError() == ERROR_INTERNET_CANNOT_CONNECT);
      REQUIRE(server.accepted() == before);
    } else {
      REQUIRE(sent);
      REQUIRE(readAll(request) == "v4\n");
      REQUIRE(server.accepted() == before + 1);
    }
  }
}
