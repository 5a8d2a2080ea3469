#include <catch.hpp>

#include "header_list.h"

using namespace hinternet;

TEST_CASE("status lines parse for HTTP/1.x and HTTP/2") {
  ResponseHead head;
  REQUIRE(head.parseStatusLine("HTTP/1.1 404 Not Found\r\n"));
  REQUIRE(head.status == 404);
  REQUIRE(head.version == "HTTP/1.1");
  REQUIRE(head.reason == "Not Found");
  REQUIRE(head.parseStatusLine("HTTP/2 200 \r\n"));
  REQUIRE(head.status == 200);
  REQUIRE(head.version == "HTTP/2");
  REQUIRE(head.reason.empty());
  REQUIRE_FALSE(head.parseStatusLine("HTTP/1.1 20 OK"));
  REQUIRE_FALSE(head.parseStatusLine("HTTP/1.1 2000 OK"));
  REQUIRE_FALSE(head.parseStatusLine("ICY 200 OK"));
}

TEST_CASE("header fields are found by name regardless of case, walking repeats by index") {
  ResponseHead head;
  REQUIRE(head.parseStatusLine("HTTP/1.1 200 OK"));
  REQUIRE(head.headers.addLine("Set-Cookie: a=1\r\n"));
  REQUIRE(head.headers.addLine("Content-Type:   text/plain  \r\n"));
  REQUIRE(head.headers.addLine("set-cookie: b=2\r\n"));
  REQUIRE_FALSE(head.headers.addLine("no colon here\r\n"));
  REQUIRE_FALSE(head.headers.addLine(": empty name\r\n"));
  REQUIRE(head.headers.find("content-type")->value == "text/plain");
  REQUIRE(head.headers.find("SET-COOKIE", 1)->value == "b=2");
  REQUIRE(head.headers.find("Set-Cookie", 2) == nullptr);
  REQUIRE(head.headers.count("set-cookie") == 2);
  REQUIRE(head.rawText() ==
          "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nContent-Type: text/plain\r\nset-cookie: b=2\r\n\r\n");
}

TEST_CASE("a token is found in any field of a name's comma-separated lists") {
  HeaderList headers;
  headers.add("Connection", "keep-alive,  Upgrade\t");
  headers.add("upgrade", "h2c");
  headers.add("Upgrade", " WebSocket ");
  REQUIRE(headers.hasToken("connection", "upgrade"));
  REQUIRE(headers.hasToken("Connection", "Keep-Alive"));
  REQUIRE(headers.hasToken("UPGRADE", "websocket"));
  REQUIRE(headers.hasToken("Upgrade", "h2c"));
  REQUIRE_FALSE(headers.hasToken("Upgrade", "web"));
  REQUIRE_FALSE(headers.hasToken("Upgrade", "websocket/13"));
  REQUIRE_FALSE(headers.hasToken("Connection", "keep"));
  REQUIRE_FALSE(headers.hasToken("Connection", ""));
  REQUIRE_FALSE(headers.hasToken("Via", "websocket"));
  HeaderList empty;
  empty.add("Upgrade", "");
  REQUIRE_FALSE(empty.hasToken("Upgrade", "websocket"));
}

TEST_CASE("URLs and Host headers are assembled") {
  REQUIRE(makeUrl(false, "127.0.0.1", 0, "/x") == "http://127.0.0.1:80/x");
  REQUIRE(makeUrl(true, "::1", 8443, "y") == "https://[::1]:8443/y");
  REQUIRE(makeUrl(true, "[::1]", 0, "") == "https://[::1]:443/");
  REQUIRE(hostHeaderValue(false, "example.com", 0) == "example.com");
  REQUIRE(hostHeaderValue(false, "example.com", 80) == "example.com");
  REQUIRE(hostHeaderValue(true, "example.com", 80) == "example.com:80");
  REQUIRE(hostHeaderValue(true, "::1", 8443) == "[::1]:8443");
  REQUIRE(hostHeaderValue(true, "[::1]", 443) == "[::1]");
}
