// INTERNET_OPTION_HTTP_DECODING: WinINet decodes gzip and deflate bodies when
// the program asked for them in Accept-Encoding, and drops Content-Encoding
// once it has; without the option, or without the header, the body stays
// encoded.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>

#include "test_servers.h"
#include "wininet_helpers.h"

namespace {

std::string pattern(std::size_t size) {
  std::string text(size, ' ');
  for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>('a' + i % 26);
  return text;
}

struct Fetch {
  DWORD contentEncodingError = 0;
  std::string rawHeaders;
  std::string body;
};

Fetch fetch(HINTERNET connect, const char* path, const char* headers, bool decoding, bool onSession = false) {
  InetHandle request(HttpOpenRequestA(connect, "GET", path, nullptr, nullptr, nullptr, 0, 0));
  REQUIRE(request.h);
  if (!onSession) {
    BOOL on = decoding;
    REQUIRE(InternetSetOptionA(request, INTERNET_OPTION_HTTP_DECODING, &on, sizeof(on)));
  }
  REQUIRE(HttpSendRequestA(request, headers, headers ? DWORD(-1) : 0, nullptr, 0));
  REQUIRE(statusOf(request) == 200);
  Fetch out;
  char buffer[64];
  DWORD size = sizeof(buffer);
  SetLastError(0);
  if (!HttpQueryInfoA(request, HTTP_QUERY_CONTENT_ENCODING, buffer, &size, nullptr))
    out.contentEncodingError = GetLastError();
  char raw[2048];
  size = sizeof(raw);
  REQUIRE(HttpQueryInfoA(request, HTTP_QUERY_RAW_HEADERS_CRLF, raw, &size, nullptr));
  out.rawHeaders.assign(raw, size);
  out.body = readAll(request);
  return out;
}

}  // namespace

TEST_CASE("WinINet decoding: gzip and deflate decoded when asked for, Content-Encoding dropped") {
  InetHandle session(InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle connect(
      InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  for (const char* path : {"/gzip/5000", "/deflate/5000", "/gzip/5000?chunked=1"}) {
    INFO(path);
    const Fetch decoded = fetch(connect, path, "Accept-Encoding: gzip, deflate", true);
    REQUIRE(decoded.body == pattern(5000));
    REQUIRE(decoded.contentEncodingError == ERROR_HTTP_HEADER_NOT_FOUND);
    REQUIRE(decoded.rawHeaders.find("Content-Encoding") == std::string::npos);
  }
}

TEST_CASE("WinINet decoding: off by default, and without Accept-Encoding the body stays encoded") {
  InetHandle session(InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle connect(
      InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  const Fetch plain = fetch(connect, "/gzip/100", "Accept-Encoding: gzip", false);
  REQUIRE(plain.contentEncodingError == 0);
  REQUIRE(plain.body.substr(0, 2) == "\x1f\x8b");
  const Fetch unasked = fetch(connect, "/gzip/100", nullptr, true);
  REQUIRE(unasked.contentEncodingError == 0);
  REQUIRE(unasked.body.substr(0, 2) == "\x1f\x8b");
}

TEST_CASE("WinINet decoding: set on the session, it applies to requests opened under it") {
  InetHandle session(InternetOpenW(L"hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  BOOL on = TRUE;
  REQUIRE(InternetSetOptionW(session, INTERNET_OPTION_HTTP_DECODING, &on, sizeof(on)));
  InetHandle connect(
      InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  REQUIRE(fetch(connect, "/gzip/300", "Accept-Encoding: gzip\r\n", true, true).body == pattern(300));

  // Bad input: a short buffer, a NULL one, no handle.
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetSetOptionA(session, INTERNET_OPTION_HTTP_DECODING, &on, 1));
  REQUIRE(GetLastError() == ERROR_INTERNET_BAD_OPTION_LENGTH);
  REQUIRE_FALSE(InternetSetOptionA(session, INTERNET_OPTION_HTTP_DECODING, nullptr, sizeof(on)));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(InternetSetOptionW(nullptr, INTERNET_OPTION_HTTP_DECODING, &on, sizeof(on)));
  REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
}

TEST_CASE("WinINet decoding: a body that does not decode fails the read with DECODING_FAILED") {
  constexpr DWORD kDecodingFailed = INTERNET_ERROR_BASE + 175;  // ERROR_INTERNET_DECODING_FAILED
  InetHandle session(InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle connect(
      InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  for (const char* path : {"/gzip/100000?corrupt=1", "/deflate/100000?corrupt=1"}) {
    INFO(path);
    InetHandle request(HttpOpenRequestA(connect, "GET", path, nullptr, nullptr, nullptr, 0, 0));
    BOOL on = TRUE;
    REQUIRE(InternetSetOptionA(request, INTERNET_OPTION_HTTP_DECODING, &on, sizeof(on)));
    const char* accept = "Accept-Encoding: gzip, deflate";
    // As on Windows, the response itself arrives; reading its body fails.
    REQUIRE(HttpSendRequestA(request, accept, DWORD(-1), nullptr, 0));
    REQUIRE(statusOf(request) == 200);
    char buffer[4096];
    DWORD read = 0;
    BOOL ok = TRUE;
    while ((ok = InternetReadFile(request, buffer, sizeof(buffer), &read)) && read) {
    }
    REQUIRE_FALSE(ok);
    REQUIRE(GetLastError() == kDecodingFailed);
  }
}
