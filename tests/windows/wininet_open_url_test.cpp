// InternetOpenUrl reads its URL as InternetCrackUrl does: the request line
// it sends for URL shapes a generic URL parser reads otherwise.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>

#include "test_servers.h"
#include "wininet_helpers.h"

namespace {

std::string requestLine(HINTERNET request) {
  char buffer[4096];
  DWORD length = sizeof(buffer);
  REQUIRE(HttpQueryInfoA(request, HTTP_QUERY_RAW_HEADERS_CRLF | HTTP_QUERY_FLAG_REQUEST_HEADERS, buffer, &length,
                         nullptr));
  const std::string head(buffer, length);
  return head.substr(0, head.find("\r\n"));
}

std::string openedRequestLine(const std::string& url) {
  InetHandle session(InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle file(InternetOpenUrlA(session, url.c_str(), nullptr, 0, INTERNET_FLAG_RELOAD, 0));
  REQUIRE(file.h);
  return requestLine(file);
}

}  // namespace

TEST_CASE("WinINet InternetOpenUrl: the request target of URL shapes InternetCrackUrl reads its own way") {
  const std::string origin = "http://127.0.0.1:" + std::to_string(httpPort());
  SECTION("no path at all") { CHECK(openedRequestLine(origin) == "GET / HTTP/1.1"); }
  SECTION("extra information straight after the host") {
    CHECK(openedRequestLine(origin + "?x=1") == "GET /?x=1 HTTP/1.1");
  }
  SECTION("a fragment stays with the caller") {
    CHECK(openedRequestLine(origin + "/headers?x=1#part") == "GET /headers?x=1 HTTP/1.1");
  }
  SECTION("the scheme in capitals") {
    CHECK(openedRequestLine("HTTP://127.0.0.1:" + std::to_string(httpPort()) + "/headers") ==
          "GET /headers HTTP/1.1");
  }
}
