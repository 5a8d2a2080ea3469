// Cookies per WinHTTP session, against the edge server's /set-cookie and
// /cookies endpoints.
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <algorithm>
#include <string>
#include <vector>

#include "test_servers.h"
#include "winhttp_helpers.h"



namespace {

// One Cookie header value with its pairs sorted: the order of cookies in
// the header is not what these tests check.
std::string sorted(const std::string& line) {
  std::string text = line;
  if (!text.empty() && text.back() == '\n') text.pop_back();
  std::vector<std::string> pairs;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find("; ", start);
    if (end == std::string::npos) end = text.size();
    if (end > start) pairs.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& p : pairs) out += (out.empty() ? "" : "; ") + p;
  return out;
}

struct Session {
  WinHttpHandle session{WinHttpOpen(L"hinternet-cookies", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0)};
  Session() { REQUIRE(session.h); }

  // GET path on host:port; the body of the response.
  std::string get(const std::wstring& path, LPCWSTR host = L"127.0.0.1", INTERNET_PORT port = edgePort(),
                  LPCWSTR headers = WINHTTP_NO_ADDITIONAL_HEADERS, DWORD flags = 0) {
    WinHttpHandle connect(WinHttpConnect(session, host, port, 0));
    REQUIRE(connect.h);
    WinHttpHandle request(openGet(connect, path.c_str(), flags));
    REQUIRE(sendAndReceive(request, headers));
    REQUIRE(statusCode(request) == 200);
    lastCookieHeaders = header(request, L"X-Cookie-Count");
    return readBody(request);
  }
  // The Cookie header values the server received, one line each.
  std::string cookies(LPCWSTR host = L"127.0.0.1", LPCWSTR headers = WINHTTP_NO_ADDITIONAL_HEADERS) {
    return get(L"/cookies", host, edgePort(), headers);
  }
  std::string lastCookieHeaders;
};

}  // namespace

TEST_CASE("WinHTTP cookies: a Set-Cookie is sent back by the same session only") {
  Session a, b;
  a.get(L"/set-cookie?first=1&second=two");
  REQUIRE(sorted(a.cookies()) == "first=1; second=two");
  REQUIRE(a.lastCookieHeaders == "1");
  // Another connect handle of the same session shares them.
  REQUIRE(sorted(a.cookies()) == "first=1; second=two");
  // Another session has its own, empty, store.
  REQUIRE(b.cookies().empty());
  REQUIRE(b.lastCookieHeaders == "0");
  // A new value replaces the old one.
  a.get(L"/set-cookie?first=changed");
  REQUIRE(sorted(a.cookies()) == "first=changed; second=two");
}

TEST_CASE("WinHTTP cookies: spaces around the name and value are not part of them") {
  Session s;
  s.get(L"/set-cookie?c=%20name%20=%20value%20");
  REQUIRE(s.cookies() == "name=value\n");
}

TEST_CASE("WinHTTP cookies: host, path, expiry and secure rules decide what is sent") {
  Session s;
  s.get(L"/set-cookie?c=here%3D1%3B%20Path%3D%2Fcookies"
        L"&c=elsewhere%3D1%3B%20Path%3D%2Fother"
        L"&c=prefix%3D1%3B%20Path%3D%2Fcook"
        L"&c=old%3D1%3B%20Expires%3DWed%2C%2013%20Jan%202021%2022%3A23%3A01%20GMT"
        L"&c=later%3D1%3B%20Max-Age%3D3600");
  REQUIRE(sorted(s.cookies()) == "here=1; later=1");
  // A cookie of 127.0.0.1 is not one of localhost.
  REQUIRE(s.cookies(L"localhost").empty());
  // Max-Age=0 removes it.
  s.get(L"/set-cookie?c=later%3D1%3B%20Max-Age%3D0");
  REQUIRE(s.cookies() == "here=1\n");
}

TEST_CASE("WinHTTP cookies: a Secure cookie set over HTTPS is not sent over HTTP") {
  Session s;
  REQUIRE(s.get(L"/set-cookie?c=safe%3D1%3B%20Secure&plain=1", L"localhost", edgeTlsPort(),
                WINHTTP_NO_ADDITIONAL_HEADERS, WINHTTP_FLAG_SECURE) == "2 cookies set\n");
  REQUIRE(sorted(s.get(L"/cookies", L"localhost", edgeTlsPort(), WINHTTP_NO_ADDITIONAL_HEADERS,
                       WINHTTP_FLAG_SECURE)) == "plain=1; safe=1");
  // curl counts loopback hosts as secure, so a plain request that must not
  // get the cookie goes to a non-loopback name through the edge server as
  // proxy.
  const std::wstring proxy = L"127.0.0.1:" + std::to_wstring(edgePort());
  WinHttpHandle proxied(WinHttpOpen(L"hinternet-cookies", WINHTTP_ACCESS_TYPE_NAMED_PROXY, proxy.c_str(), nullptr, 0));
  WinHttpHandle connect(WinHttpConnect(proxied, L"proxied.example", 80, 0));
  WinHttpHandle set(openGet(connect, L"/set-cookie?c=safe%3D1%3B%20Secure&plain=1"));
  REQUIRE(sendAndReceive(set));
  WinHttpHandle get(openGet(connect, L"/cookies"));
  REQUIRE(sendAndReceive(get));
  REQUIRE(readBody(get) == "plain=1\n");
}

TEST_CASE("WinHTTP cookies: the program's Cookie header is merged into one header with the stored ones") {
  Session s;
  s.get(L"/set-cookie?stored=1");
  const std::string line = s.cookies(L"127.0.0.1", L"Cookie: mine=2\r\n");
  REQUIRE(s.lastCookieHeaders == "1");
  REQUIRE(sorted(line) == "mine=2; stored=1");
  // Without stored cookies the program's header goes out alone.
  Session fresh;
  REQUIRE(fresh.cookies(L"127.0.0.1", L"Cookie: only=1\r\n") == "only=1\n");
}

TEST_CASE("WinHTTP cookies: cookies set by a redirect response are sent on the redirected request") {
  Session s;
  REQUIRE(s.get(L"/set-cookie?hop=1&redirect=/cookies") == "hop=1\n");
}

TEST_CASE("WinHTTP: connections are reused within a session, never across sessions") {
  auto countOn = [](HINTERNET connect) {
    WinHttpHandle request(openGet(connect, L"/keepalive-count"));
    REQUIRE(sendAndReceive(request));
    return std::stoi(readBody(request));
  };
  WinHttpHandle first(WinHttpOpen(L"pool-a", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  WinHttpHandle firstConnect(WinHttpConnect(first, L"127.0.0.1", edgePort(), 0));
  const int a1 = countOn(firstConnect);
  REQUIRE(countOn(firstConnect) == a1 + 1);  // the same connection again
  // Another session must open its own connection, as on Windows: a
  // connection authenticated for one session (NTLM) is never lent out.
  WinHttpHandle second(WinHttpOpen(L"pool-b", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  WinHttpHandle secondConnect(WinHttpConnect(second, L"127.0.0.1", edgePort(), 0));
  REQUIRE(countOn(secondConnect) == 1);
}
