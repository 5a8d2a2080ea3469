// Redirects through WinINet: followed with Windows' method rules, reported in
// the request headers, refused between http and https only where Internet
// Settings ask for a warning, left to the program with NO_AUTO_REDIRECT.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>

#include "raw_head.h"
#include "test_servers.h"
#include "wininet_helpers.h"

namespace {

struct Edge {
  InetHandle session{InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0)};
  InetHandle connect;
  explicit Edge(unsigned short port = edgePort(), const char* host = "127.0.0.1")
      : connect(InternetConnectA(session, host, port, nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0)) {
    REQUIRE(connect.h);
  }
  HINTERNET open(const char* verb, const std::string& path, DWORD flags = 0) {
    HINTERNET request = HttpOpenRequestA(connect, verb, path.c_str(), nullptr, nullptr, nullptr, flags, 0);
    REQUIRE(request);
    return request;
  }
};

std::string header(HINTERNET request, DWORD level) {
  char buffer[2048];
  DWORD size = sizeof(buffer);
  if (!HttpQueryInfoA(request, level, buffer, &size, nullptr)) return "<" + std::to_string(GetLastError()) + ">";
  return std::string(buffer, size);
}

std::string escaped(const std::string& url) {
  std::string out;
  for (char c : url) out += c == ':' ? "%3A" : c == '/' ? "%2F" : c == '?' ? "%3F" : std::string(1, c);
  return out;
}

// Turns on "Warn if changing between secure and not secure mode" for the
// current user while it lives, as an administrator or IE's options would.
struct ZoneCrossingWarning {
  static constexpr const wchar_t* kKey = L"Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings";
  ZoneCrossingWarning() {
    DWORD on = 1;
    REQUIRE(RegSetKeyValueW(HKEY_CURRENT_USER, kKey, L"WarnonZoneCrossing", REG_DWORD, &on, sizeof(on)) ==
            ERROR_SUCCESS);
  }
  ~ZoneCrossingWarning() { RegDeleteKeyValueW(HKEY_CURRENT_USER, kKey, L"WarnonZoneCrossing"); }
};

}  // namespace

TEST_CASE("WinINet redirects: followed, and the request headers show the last request") {
  Edge edge;
  InetHandle request(edge.open("GET", "/redirect/302/2?x=1"));
  REQUIRE(HttpAddRequestHeadersA(request, "X-Kept: yes\r\n", DWORD(-1), HTTP_ADDREQ_FLAG_ADD));
  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(statusOf(request) == 200);
  const std::string reported = header(request, HTTP_QUERY_RAW_HEADERS_CRLF | HTTP_QUERY_FLAG_REQUEST_HEADERS);
  REQUIRE(reported.rfind("GET /redirect/302/0?x=1 HTTP/1.1\r\n", 0) == 0);
  REQUIRE(headLines(readAll(request)) == headLines(reported));
  REQUIRE(customHeader(request, "X-Echo-Method") == "GET");
}

TEST_CASE("WinINet redirects: 301, 302 and 303 turn POST and PUT into GET; 307 and 308 keep them and the body") {
  struct Case {
    const char* verb;
    int code;
    const char* method;
    const char* bodyLength;
  };
  for (const Case& c : {Case{"POST", 301, "GET", "0"}, Case{"POST", 302, "GET", "0"}, Case{"POST", 303, "GET", "0"},
                        Case{"POST", 307, "POST", "5"}, Case{"POST", 308, "POST", "5"},
                        Case{"PUT", 302, "GET", "0"}, Case{"PUT", 307, "PUT", "5"}}) {
    INFO(c.verb << " " << c.code);
    Edge edge;
    InetHandle request(edge.open(c.verb, "/redirect/" + std::to_string(c.code) + "/1"));
    char body[] = "hello";
    REQUIRE(HttpSendRequestA(request, nullptr, 0, body, 5));
    REQUIRE(statusOf(request) == 200);
    REQUIRE(customHeader(request, "X-Echo-Method") == c.method);
    REQUIRE(customHeader(request, "X-Echo-Body-Length") == c.bodyLength);
    REQUIRE(header(request, HTTP_QUERY_REQUEST_METHOD) == c.method);
    const std::string reported = header(request, HTTP_QUERY_RAW_HEADERS_CRLF | HTTP_QUERY_FLAG_REQUEST_HEADERS);
    REQUIRE(headLines(readAll(request)) == headLines(reported));
  }
}

TEST_CASE("WinINet redirects: NO_AUTO_REDIRECT and a redirect without Location reach the program") {
  Edge edge;
  InetHandle held(edge.open("GET", "/redirect/301/1", INTERNET_FLAG_NO_AUTO_REDIRECT));
  REQUIRE(HttpSendRequestA(held, nullptr, 0, nullptr, 0));
  REQUIRE(statusOf(held) == 301);
  REQUIRE(header(held, HTTP_QUERY_LOCATION) == "/redirect/301/0");
  REQUIRE(header(held, HTTP_QUERY_RAW_HEADERS_CRLF | HTTP_QUERY_FLAG_REQUEST_HEADERS)
              .rfind("GET /redirect/301/1 HTTP/1.1\r\n", 0) == 0);
  REQUIRE(readAll(held) == "redirecting to /redirect/301/0\n");

  InetHandle bare(edge.open("GET", "/redirect-nolocation/302"));
  REQUIRE(HttpSendRequestA(bare, nullptr, 0, nullptr, 0));
  REQUIRE(statusOf(bare) == 302);
}

TEST_CASE("WinINet redirects: to another host, the Host header follows, A and W") {
  const std::string target = "http://localhost:" + std::to_string(edgePort()) + "/echo";
  Edge edge;
  InetHandle request(edge.open("GET", "/redirect-to?url=" + escaped(target)));
  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(statusOf(request) == 200);
  REQUIRE(header(request, HTTP_QUERY_HOST | HTTP_QUERY_FLAG_REQUEST_HEADERS) ==
          "localhost:" + std::to_string(edgePort()));

  InetHandle session(InternetOpenW(L"hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  const std::string start = "http://127.0.0.1:" + std::to_string(edgePort()) + "/redirect-abs/308/2";
  const std::wstring url(start.begin(), start.end());
  InetHandle file(InternetOpenUrlW(session, url.c_str(), nullptr, 0, 0, 0));
  REQUIRE(file.h);
  REQUIRE(statusOf(file) == 200);
  wchar_t line[256];
  DWORD size = sizeof(line);
  REQUIRE(HttpQueryInfoW(file, HTTP_QUERY_RAW_HEADERS_CRLF | HTTP_QUERY_FLAG_REQUEST_HEADERS, line, &size, nullptr));
  REQUIRE(std::wstring(line).rfind(L"GET /redirect-abs/308/0 HTTP/1.1\r\n", 0) == 0);
}

TEST_CASE("WinINet redirects across http and https: followed unless Internet Settings warn, then per flag") {
  const std::string httpsUrl = "https://localhost:" + std::to_string(edgeTlsPort()) + "/echo";
  const std::string httpUrl = "http://127.0.0.1:" + std::to_string(edgePort()) + "/echo";
  auto send = [](Edge& edge, const std::string& target, DWORD flags) {
    InetHandle request(edge.open("GET", "/redirect-to?url=" + escaped(target), flags));
    SetLastError(0xdeadbeef);
    const BOOL ok = HttpSendRequestA(request, nullptr, 0, nullptr, 0);
    return ok ? (statusOf(request) == 200 ? DWORD(ERROR_SUCCESS) : DWORD(0xBAD)) : GetLastError();
  };
  Edge plain;
  Edge secure(edgeTlsPort(), "localhost");
  REQUIRE(send(plain, httpsUrl, 0) == ERROR_SUCCESS);
  REQUIRE(send(secure, httpUrl, INTERNET_FLAG_SECURE) == ERROR_SUCCESS);

  ZoneCrossingWarning warning;
  REQUIRE(send(plain, httpsUrl, 0) == ERROR_INTERNET_HTTP_TO_HTTPS_ON_REDIR);
  REQUIRE(send(secure, httpUrl, INTERNET_FLAG_SECURE) == ERROR_INTERNET_HTTPS_TO_HTTP_ON_REDIR);
  REQUIRE(send(plain, httpsUrl, INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTPS) == ERROR_SUCCESS);
  REQUIRE(send(secure, httpUrl, INTERNET_FLAG_SECURE | INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTP) == ERROR_SUCCESS);
  // Each flag allows only its own direction.
  REQUIRE(send(plain, httpsUrl, INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTP) == ERROR_INTERNET_HTTP_TO_HTTPS_ON_REDIR);
  // Redirects that stay on one scheme are not affected.
  InetHandle same(plain.open("GET", "/redirect/302/1"));
  REQUIRE(HttpSendRequestA(same, nullptr, 0, nullptr, 0));
  REQUIRE(statusOf(same) == 200);
}
