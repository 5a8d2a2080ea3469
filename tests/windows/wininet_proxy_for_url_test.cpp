// InternetGetProxyForUrl and InternetFreeProxyInfoList: the proxy a request
// for a URL on a session goes through (named proxies, per-scheme lists,
// bypass lists with <local>, PRECONFIG from the user's Internet Settings),
// and that a real request through the edge server as a proxy agrees.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>

#include "../../wininet/proxy_info_sdk.h"
#include "wininet_websocket_util.h"
#include "saved_user_proxy.h"
#include "test_servers.h"
#include "wininet_helpers.h"

namespace {

using GetProxyForUrl = DWORD(WINAPI*)(HINTERNET, PCWSTR, WININET_PROXY_INFO_LIST*);
using FreeProxyInfoList = void(WINAPI*)(WININET_PROXY_INFO_LIST*);

GetProxyForUrl getProxyForUrl() {
  auto function = wininetProc<GetProxyForUrl>("InternetGetProxyForUrl");
  REQUIRE(function);
  return function;
}

FreeProxyInfoList freeProxyInfoList() {
  auto function = wininetProc<FreeProxyInfoList>("InternetFreeProxyInfoList");
  REQUIRE(function);
  return function;
}

// One answer, copied out of the list, which is freed.
struct ProxyAnswer {
  DWORD error = ERROR_SUCCESS;
  DWORD count = 0;
  bool proxy = false;
  bool bypass = false;
  INTERNET_SCHEME scheme = INTERNET_SCHEME_DEFAULT;
  std::wstring host;
  INTERNET_PORT port = 0;
};

ProxyAnswer ask(HINTERNET handle, const wchar_t* url) {
  WININET_PROXY_INFO_LIST list;
  list.dwProxyInfoCount = 77;
  list.pProxyInfo = reinterpret_cast<WININET_PROXY_INFO*>(1);
  ProxyAnswer answer;
  answer.error = getProxyForUrl()(handle, url, &list);
  if (answer.error != ERROR_SUCCESS) {
    // A failure leaves nothing to free.
    CHECK(list.dwProxyInfoCount == 0);
    CHECK(list.pProxyInfo == nullptr);
    return answer;
  }
  answer.count = list.dwProxyInfoCount;
  REQUIRE(list.pProxyInfo);
  const WININET_PROXY_INFO& first = list.pProxyInfo[0];
  answer.proxy = first.fProxy != FALSE;
  answer.bypass = first.fBypass != FALSE;
  if (answer.proxy) {
    answer.scheme = first.ProxyScheme;
    REQUIRE(first.pwszProxy);
    answer.host = first.pwszProxy;
    answer.port = first.ProxyPort;
  } else {
    CHECK(first.pwszProxy == nullptr);
  }
  freeProxyInfoList()(&list);
  CHECK(list.dwProxyInfoCount == 0);
  CHECK(list.pProxyInfo == nullptr);
  return answer;
}

void requireProxy(HINTERNET handle, const wchar_t* url, INTERNET_SCHEME scheme, const wchar_t* host,
                  INTERNET_PORT port) {
  INFO("url " << std::string(url, url + wcslen(url)));
  const ProxyAnswer answer = ask(handle, url);
  REQUIRE(answer.error == ERROR_SUCCESS);
  CHECK(answer.count == 1);
  CHECK(answer.proxy);
  CHECK_FALSE(answer.bypass);
  CHECK(answer.scheme == scheme);
  CHECK(answer.host == host);
  CHECK(answer.port == port);
}

void requireDirect(HINTERNET handle, const wchar_t* url, bool bypassed) {
  INFO("url " << std::string(url, url + wcslen(url)));
  const ProxyAnswer answer = ask(handle, url);
  REQUIRE(answer.error == ERROR_SUCCESS);
  CHECK(answer.count == 1);
  CHECK_FALSE(answer.proxy);
  CHECK(answer.bypass == bypassed);
}

}  // namespace

TEST_CASE("InternetGetProxyForUrl: a named proxy, its port, and the bypass list with <local>") {
  InetHandle session(
      InternetOpenW(L"hinternet-proxy-for-url", INTERNET_OPEN_TYPE_PROXY, L"proxy.example:8080",
                    L"<local>;*.direct.example", 0));
  REQUIRE(session.h);
  // Unconfirmed: one entry per answer (a static list names one proxy per
  // URL); fBypass TRUE where the bypass list sent the URL around the proxy;
  // a proxy without "scheme://" is an INTERNET_SCHEME_HTTP one.
  requireProxy(session, L"http://www.example.com/page?q=1", INTERNET_SCHEME_HTTP, L"proxy.example", 8080);
  requireProxy(session, L"https://www.example.com/", INTERNET_SCHEME_HTTP, L"proxy.example", 8080);
  requireDirect(session, L"http://intranet/", true);
  requireDirect(session, L"http://host.direct.example:8081/x", true);
  // Loopback goes around the proxy (since Internet Explorer 9), as the
  // session's requests do.
  requireDirect(session, L"http://127.0.0.1/", true);
  requireDirect(session, L"http://localhost:81/", true);
  InetHandle throughLoopback(InternetOpenW(L"hinternet-proxy-for-url", INTERNET_OPEN_TYPE_PROXY,
                                           L"proxy.example:8080", L"<-loopback>", 0));
  REQUIRE(throughLoopback.h);
  requireProxy(throughLoopback, L"http://127.0.0.1/", INTERNET_SCHEME_HTTP, L"proxy.example", 8080);
  // Unconfirmed: schemes no proxy serves are answered with a direct entry.
  requireDirect(session, L"file:///C:/windows/win.ini", false);
}

TEST_CASE("InternetGetProxyForUrl: per-scheme proxies and a SOCKS fallback") {
  InetHandle session(InternetOpenA("hinternet-proxy-for-url", INTERNET_OPEN_TYPE_PROXY,
                                   "http=hp.example:81 https=https://sp.example:82 socks=sk.example", nullptr, 0));
  REQUIRE(session.h);
  requireProxy(session, L"http://a.example/", INTERNET_SCHEME_HTTP, L"hp.example", 81);
  requireProxy(session, L"https://a.example/", INTERNET_SCHEME_HTTPS, L"sp.example", 82);
  // Without an ftp= or general entry, the SOCKS proxy (port 1080 by default).
  requireProxy(session, L"ftp://a.example/file", INTERNET_SCHEME_SOCKS, L"sk.example", 1080);

  InetHandle onlyHttps(InternetOpenA("hinternet-proxy-for-url", INTERNET_OPEN_TYPE_PROXY, "https=sp.example:82",
                                     nullptr, 0));
  REQUIRE(onlyHttps.h);
  // No proxy for the scheme: direct, and not because of the bypass list.
  requireDirect(onlyHttps, L"http://a.example/", false);
}

TEST_CASE("InternetGetProxyForUrl: a direct session, and INTERNET_OPTION_PROXY set later") {
  InetHandle session(InternetOpenA("hinternet-proxy-for-url", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  REQUIRE(session.h);
  requireDirect(session, L"http://www.example.com/", false);

  INTERNET_PROXY_INFO info = {INTERNET_OPEN_TYPE_PROXY, L"later.example:3128", L"*.skip.example"};
  REQUIRE(InternetSetOptionW(session, INTERNET_OPTION_PROXY, &info, sizeof(info)));
  requireProxy(session, L"http://www.example.com/", INTERNET_SCHEME_HTTP, L"later.example", 3128);
  requireDirect(session, L"http://a.skip.example/", true);
}

TEST_CASE("InternetGetProxyForUrl: PRECONFIG answers with the user's Internet Settings") {
  SavedUserProxy saved;
  saved.setPlain(1, L"registry.example:3128", L"<local>");
  InetHandle session(InternetOpenA("hinternet-proxy-for-url", INTERNET_OPEN_TYPE_PRECONFIG, nullptr, nullptr, 0));
  REQUIRE(session.h);
  requireProxy(session, L"http://www.example.com/", INTERNET_SCHEME_HTTP, L"registry.example", 3128);
  requireDirect(session, L"http://intranet/", true);
}

TEST_CASE("InternetGetProxyForUrl: every handle of a session answers alike, and requests agree") {
  const std::string proxy = "127.0.0.1:" + std::to_string(edgePort());
  InetHandle session(InternetOpenA("hinternet-proxy-for-url", INTERNET_OPEN_TYPE_PROXY, proxy.c_str(), nullptr, 0));
  REQUIRE(session.h);
  InetHandle connect(InternetConnectA(session, "proxied.example", 80, nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  REQUIRE(connect.h);
  InetHandle request(HttpOpenRequestA(connect, "GET", "/echo", nullptr, nullptr, nullptr, INTERNET_FLAG_RELOAD, 0));
  REQUIRE(request.h);
  const INTERNET_PORT port = static_cast<INTERNET_PORT>(edgePort());
  // Unconfirmed: a connect or request handle answers for its session.
  for (HINTERNET handle : {session.h, connect.h, request.h})
    requireProxy(handle, L"http://proxied.example/echo", INTERNET_SCHEME_HTTP, L"127.0.0.1", port);
  // The request goes where the answer said: to the proxy, in absolute form.
  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(statusOf(request) == 200);
  const std::string body = readAll(request);
  CHECK(body.substr(0, body.find("\r\n")) == "GET http://proxied.example/echo HTTP/1.1");
}

TEST_CASE("InternetGetProxyForUrl: bad handles, URLs and lists") {
  InetHandle session(InternetOpenA("hinternet-proxy-for-url", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  REQUIRE(session.h);
  WININET_PROXY_INFO_LIST list{};
  // Unconfirmed: NULL is no session (not the process's settings), and the
  // errors are those of the other WinINet exports.
  CHECK(getProxyForUrl()(nullptr, L"http://a.example/", &list) == ERROR_INVALID_HANDLE);
  CHECK(getProxyForUrl()(reinterpret_cast<HINTERNET>(0x12345), L"http://a.example/", &list) == ERROR_INVALID_HANDLE);
  HINTERNET closed = InternetOpenA("hinternet-proxy-for-url", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0);
  REQUIRE(closed);
  REQUIRE(InternetCloseHandle(closed));
  CHECK(getProxyForUrl()(closed, L"http://a.example/", &list) == ERROR_INVALID_HANDLE);
  CHECK(getProxyForUrl()(session, nullptr, &list) == ERROR_INVALID_PARAMETER);
  CHECK(getProxyForUrl()(session, L"http://a.example/", nullptr) == ERROR_INVALID_PARAMETER);
  CHECK(ask(session, L"no scheme here").error == ERROR_INTERNET_UNRECOGNIZED_SCHEME);
  CHECK(ask(session, L"http://").error == ERROR_INTERNET_INVALID_URL);
  CHECK(ask(session, L"http://host:99999/").error == ERROR_INTERNET_INVALID_URL);
}

TEST_CASE("InternetFreeProxyInfoList tolerates a NULL or zeroed list") {
  WININET_PROXY_INFO_LIST zeroed{};
  freeProxyInfoList()(&zeroed);
  CHECK(zeroed.dwProxyInfoCount == 0);
  CHECK(zeroed.pProxyInfo == nullptr);
  freeProxyInfoList()(nullptr);
}

TEST_CASE("InternetGetProxyForUrl: a WebSocket handle is of the wrong type") {
  InetHandle session(InternetOpenA("hinternet-proxy-for-url", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  REQUIRE(session.h);
  InetHandle connect(InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  REQUIRE(connect.h);
  InetHandle request(HttpOpenRequestA(connect, "GET", "/ws/echo", nullptr, nullptr, nullptr, INTERNET_FLAG_RELOAD, 0));
  REQUIRE(request.h);
  const std::string& headers = wsHandshakeHeaders();
  REQUIRE(HttpSendRequestA(request, headers.c_str(), static_cast<DWORD>(headers.size()), nullptr, 0));
  REQUIRE(statusOf(request) == 101);
  InetHandle socket(HttpWebSocketCompleteUpgrade(request, 0));
  REQUIRE(socket.h);
  WININET_PROXY_INFO_LIST list{};
  // Unconfirmed: the code the other exports give a handle of the wrong type.
  CHECK(getProxyForUrl()(socket, L"http://a.example/", &list) == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  CHECK(list.pProxyInfo == nullptr);
}
