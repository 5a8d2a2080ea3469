// WinINet's proxies: InternetOpen's access types (named proxies with
// per-scheme and bypass lists, PRECONFIG reading the user's Internet
// Settings), INTERNET_OPTION_PROXY and INTERNET_OPTION_PER_CONNECTION_OPTION,
// against the edge server acting as a proxy on loopback.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <cctype>
#include <string>
#include <vector>

#include "run_unique_name.h"
#include "saved_user_proxy.h"
#include "test_servers.h"
#include "wininet_helpers.h"

namespace {


std::string edgeProxy() { return "127.0.0.1:" + std::to_string(edgePort()); }
// Nothing listens on port 1: a request sent there fails to connect.
const char kDeadProxy[] = "127.0.0.1:1";

// The request line the server saw for GET /echo on host:port through
// `session`, or "" with the error in `error`.
std::string echoThrough(HINTERNET session, const char* host, INTERNET_PORT port, DWORD* error = nullptr) {
  InetHandle connect(InternetConnectA(session, host, port, nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  REQUIRE(connect.h);
  InetHandle request(HttpOpenRequestA(connect, "GET", "/echo", nullptr, nullptr, nullptr, INTERNET_FLAG_RELOAD, 0));
  REQUIRE(request.h);
  if (!HttpSendRequestA(request, nullptr, 0, nullptr, 0)) {
    if (error) *error = GetLastError();
    return std::string();
  }
  REQUIRE(statusOf(request) == 200);
  const std::string body = readAll(request);
  return body.substr(0, body.find("\r\n"));
}

std::string echoVia(DWORD access, const char* proxy, const char* bypass, const char* host, INTERNET_PORT port,
                    DWORD* error = nullptr) {
  InetHandle session(InternetOpenA("hinternet-proxy", access, proxy, bypass, 0));
  REQUIRE(session.h);
  return echoThrough(session, host, port, error);
}

}  // namespace

TEST_CASE("WinINet proxy: a named proxy gets absolute-form requests, loopback goes direct") {
  const std::string proxy = edgeProxy();
  REQUIRE(echoVia(INTERNET_OPEN_TYPE_PROXY, proxy.c_str(), nullptr, "proxied.example", 80) ==
          "GET http://proxied.example/echo HTTP/1.1");
  REQUIRE(echoVia(INTERNET_OPEN_TYPE_PROXY, proxy.c_str(), nullptr, "proxied.example", 8081) ==
          "GET http://proxied.example:8081/echo HTTP/1.1");
  REQUIRE(echoVia(INTERNET_OPEN_TYPE_DIRECT, proxy.c_str(), nullptr, "127.0.0.1", edgePort()) ==
          "GET /echo HTTP/1.1");
  // Loopback bypasses the proxy unless the bypass list says <-loopback>.
  REQUIRE(echoVia(INTERNET_OPEN_TYPE_PROXY, kDeadProxy, nullptr, "127.0.0.1", edgePort()) == "GET /echo HTTP/1.1");
  REQUIRE(echoVia(INTERNET_OPEN_TYPE_PROXY, kDeadProxy, nullptr, "localhost", edgePort()) == "GET /echo HTTP/1.1");
  DWORD error = 0;
  REQUIRE(echoVia(INTERNET_OPEN_TYPE_PROXY, kDeadProxy, "<-loopback>", "127.0.0.1", edgePort(), &error).empty());
  REQUIRE(error == ERROR_INTERNET_CANNOT_CONNECT);
  const std::string viaEdge =
      "GET http://127.0.0.1:" + std::to_string(edgePort()) + "/echo HTTP/1.1";
  REQUIRE(echoVia(INTERNET_OPEN_TYPE_PROXY, proxy.c_str(), "<-loopback>", "127.0.0.1", edgePort()) == viaEdge);
}

TEST_CASE("WinINet proxy: per-scheme lists pick the entry for the URL's scheme") {
  const std::string forHttp = "https=" + std::string(kDeadProxy) + " http=" + edgeProxy();
  REQUIRE(echoVia(INTERNET_OPEN_TYPE_PROXY, forHttp.c_str(), nullptr, "proxied.example", 80) ==
          "GET http://proxied.example/echo HTTP/1.1");
  const std::string semicolons = "http=http://" + edgeProxy() + ";https=" + kDeadProxy;
  REQUIRE(echoVia(INTERNET_OPEN_TYPE_PROXY, semicolons.c_str(), nullptr, "proxied.example", 80) ==
          "GET http://proxied.example/echo HTTP/1.1");
  // Only an https proxy: plain http goes direct.
  const std::string httpsOnly = "https=" + std::string(kDeadProxy);
  REQUIRE(echoVia(INTERNET_OPEN_TYPE_PROXY, httpsOnly.c_str(), "<-loopback>", "127.0.0.1", edgePort()) ==
          "GET /echo HTTP/1.1");
}

TEST_CASE("WinINet proxy: bypass lists with names, wildcards and <local>") {
  const std::string direct = "GET /echo HTTP/1.1";
  REQUIRE(echoVia(INTERNET_OPEN_TYPE_PROXY, kDeadProxy, "<-loopback>;127.0.0.1", "127.0.0.1", edgePort()) == direct);
  REQUIRE(echoVia(INTERNET_OPEN_TYPE_PROXY, kDeadProxy, "<-loopback> other.host *.0.0.1", "127.0.0.1", edgePort()) ==
          direct);
  REQUIRE(echoVia(INTERNET_OPEN_TYPE_PROXY, kDeadProxy, "<-loopback>;<local>", "localhost", edgePort()) == direct);
  DWORD error = 0;
  REQUIRE(echoVia(INTERNET_OPEN_TYPE_PROXY, kDeadProxy, "<-loopback>;<local>", "127.0.0.1", edgePort(), &error)
              .empty());
  REQUIRE(error == ERROR_INTERNET_CANNOT_CONNECT);
}

TEST_CASE("WinINet proxy: PRECONFIG reads the user's Internet Settings, every scheme") {
  SavedUserProxy saved;
  const std::wstring edge = L"127.0.0.1:" + std::to_wstring(edgePort());
  const std::wstring list = L"http=" + edge + L";https=127.0.0.1:1";
  saved.setPlain(1, list.c_str(), L"<local>");
  for (DWORD access : {DWORD(INTERNET_OPEN_TYPE_PRECONFIG), DWORD(INTERNET_OPEN_TYPE_PRECONFIG_WITH_NO_AUTOPROXY)}) {
    INFO(access);
    InetHandle session(InternetOpenA("hinternet-proxy", access, nullptr, nullptr, 0));
    REQUIRE(echoThrough(session, "proxied.example", 80) == "GET http://proxied.example/echo HTTP/1.1");
    // The session reports the proxy it took.
    char buffer[512];
    DWORD size = sizeof(buffer);
    REQUIRE(InternetQueryOptionA(session, INTERNET_OPTION_PROXY, buffer, &size));
    const auto* info = reinterpret_cast<INTERNET_PROXY_INFO*>(buffer);
    REQUIRE(info->dwAccessType == INTERNET_OPEN_TYPE_PROXY);
    REQUIRE(std::string(reinterpret_cast<const char*>(info->lpszProxy)) ==
            "http=127.0.0.1:" + std::to_string(edgePort()) + ";https=127.0.0.1:1");
    REQUIRE(std::string(reinterpret_cast<const char*>(info->lpszProxyBypass)) == "<local>");
  }
  // With https through a proxy that is not there, an https request fails.
  InetHandle session(InternetOpenA("hinternet-proxy", INTERNET_OPEN_TYPE_PRECONFIG, nullptr, nullptr, 0));
  InetHandle connect(InternetConnectA(session, "proxied.example", 443, nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  InetHandle request(HttpOpenRequestA(connect, "GET", "/", nullptr, nullptr, nullptr, INTERNET_FLAG_SECURE, 0));
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(GetLastError() == ERROR_INTERNET_CANNOT_CONNECT);

  // A session reads the settings when it opens, and again on REFRESH.
  InetHandle before(InternetOpenA("hinternet-proxy", INTERNET_OPEN_TYPE_PRECONFIG, nullptr, nullptr, 0));
  saved.setPlain(0, edge.c_str(), nullptr);
  REQUIRE(echoThrough(before, "proxied.example", 80) == "GET http://proxied.example/echo HTTP/1.1");
  REQUIRE(InternetSetOptionA(before, INTERNET_OPTION_REFRESH, nullptr, 0));
  REQUIRE(echoThrough(before, "127.0.0.1", edgePort()) == "GET /echo HTTP/1.1");
  {
    char buffer[64];
    DWORD size = sizeof(buffer);
    REQUIRE(InternetQueryOptionA(before, INTERNET_OPTION_PROXY, buffer, &size));
    REQUIRE(reinterpret_cast<INTERNET_PROXY_INFO*>(buffer)->dwAccessType == INTERNET_OPEN_TYPE_DIRECT);
  }

  // A proxy that is not enabled is not used.
  InetHandle direct(InternetOpenA("hinternet-proxy", INTERNET_OPEN_TYPE_PRECONFIG, nullptr, nullptr, 0));
  char buffer[512];
  DWORD size = sizeof(buffer);
  REQUIRE(InternetQueryOptionA(direct, INTERNET_OPTION_PROXY, buffer, &size));
  REQUIRE(reinterpret_cast<INTERNET_PROXY_INFO*>(buffer)->dwAccessType == INTERNET_OPEN_TYPE_DIRECT);
  REQUIRE(echoThrough(direct, "127.0.0.1", edgePort()) == "GET /echo HTTP/1.1");
}

TEST_CASE("WinINet proxy: INTERNET_OPTION_PROXY reads and replaces a session's proxy, A and W") {
  InetHandle session(InternetOpenW(L"t", INTERNET_OPEN_TYPE_PROXY, L"127.0.0.1:1", L"<-loopback>", 0));
  // The strings follow the structure in the caller's buffer.
  DWORD size = 0;
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetQueryOptionW(session, INTERNET_OPTION_PROXY, nullptr, &size));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == sizeof(INTERNET_PROXY_INFO) + (12 + 12) * sizeof(wchar_t));
  std::string buffer(size, '\0');
  REQUIRE(InternetQueryOptionW(session, INTERNET_OPTION_PROXY, &buffer[0], &size));
  const auto* wide = reinterpret_cast<const INTERNET_PROXY_INFO*>(buffer.data());
  REQUIRE(wide->dwAccessType == INTERNET_OPEN_TYPE_PROXY);
  REQUIRE(std::wstring(reinterpret_cast<const wchar_t*>(wide->lpszProxy)) == L"127.0.0.1:1");
  REQUIRE(std::wstring(reinterpret_cast<const wchar_t*>(wide->lpszProxyBypass)) == L"<-loopback>");
  size = 0;
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetQueryOptionA(session, INTERNET_OPTION_PROXY, nullptr, &size));
  REQUIRE(size == sizeof(INTERNET_PROXY_INFO) + 12 + 12);

  // Replaced with the edge server, requests go there.
  const std::string edge = edgeProxy();
  struct {
    DWORD access;
    const char* proxy;
    const char* bypass;
  } info{INTERNET_OPEN_TYPE_PROXY, edge.c_str(), nullptr};
  REQUIRE(InternetSetOptionA(session, INTERNET_OPTION_PROXY, &info, sizeof(info)));
  REQUIRE(echoThrough(session, "proxied.example", 80) == "GET http://proxied.example/echo HTTP/1.1");
  info = {INTERNET_OPEN_TYPE_PROXY, nullptr, nullptr};
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetSetOptionA(session, INTERNET_OPTION_PROXY, &info, sizeof(info)));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  info = {12345, nullptr, nullptr};
  REQUIRE_FALSE(InternetSetOptionA(session, INTERNET_OPTION_PROXY, &info, sizeof(info)));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(InternetSetOptionA(session, INTERNET_OPTION_PROXY, &info, 4));
  REQUIRE(GetLastError() == ERROR_INTERNET_BAD_OPTION_LENGTH);
  info = {INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr};
  REQUIRE(InternetSetOptionA(session, INTERNET_OPTION_PROXY, &info, sizeof(info)));
  size = sizeof(INTERNET_PROXY_INFO);
  INTERNET_PROXY_INFO read{};
  REQUIRE(InternetQueryOptionA(session, INTERNET_OPTION_PROXY, &read, &size));
  REQUIRE(read.dwAccessType == INTERNET_OPEN_TYPE_DIRECT);
  REQUIRE(read.lpszProxy == nullptr);
  REQUIRE(size == sizeof(INTERNET_PROXY_INFO));

  // Connect and request handles have none of their own.
  InetHandle connect(InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  size = sizeof(read);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetQueryOptionA(connect, INTERNET_OPTION_PROXY, &read, &size));
  REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  // The process-wide value exists even with nothing set.
  size = 0;
  REQUIRE_FALSE(InternetQueryOptionA(nullptr, INTERNET_OPTION_PROXY, nullptr, &size));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size >= sizeof(INTERNET_PROXY_INFO));
}

TEST_CASE("WinINet proxy: PER_CONNECTION_OPTION reads and writes the user's settings") {
  SavedUserProxy saved;
  SECTION("wide") {
    INTERNET_PER_CONN_OPTIONW options[2] = {};
    INTERNET_PER_CONN_OPTION_LISTW list{sizeof(list), nullptr, 2, 0, options};
    options[0].dwOption = INTERNET_PER_CONN_PROXY_SERVER;
    options[0].Value.pszValue = const_cast<wchar_t*>(L"proxy.example:3128");
    options[1].dwOption = INTERNET_PER_CONN_FLAGS;
    options[1].Value.dwValue = PROXY_TYPE_PROXY;
    REQUIRE(InternetSetOptionW(nullptr, INTERNET_OPTION_PER_CONNECTION_OPTION, &list, sizeof(list)));
    SavedValue check(HKEY_CURRENT_USER, kInternetSettingsKey, L"ProxyEnable");
    REQUIRE(check.existed);
    REQUIRE(*reinterpret_cast<const DWORD*>(check.data.data()) == 1);

    INTERNET_PER_CONN_OPTIONW read[3] = {};
    read[0].dwOption = INTERNET_PER_CONN_PROXY_SERVER;
    read[1].dwOption = INTERNET_PER_CONN_FLAGS;
    read[2].dwOption = INTERNET_PER_CONN_PROXY_BYPASS;
    INTERNET_PER_CONN_OPTION_LISTW query{sizeof(query), nullptr, 3, 0, read};
    DWORD size = sizeof(query);
    REQUIRE(InternetQueryOptionW(nullptr, INTERNET_OPTION_PER_CONNECTION_OPTION, &query, &size));
    REQUIRE(std::wstring(read[0].Value.pszValue) == L"proxy.example:3128");
    REQUIRE(read[1].Value.dwValue == PROXY_TYPE_PROXY);
    REQUIRE(read[2].Value.pszValue == nullptr);
    GlobalFree(read[0].Value.pszValue);

    // Sessions opened later use it.
    InetHandle session(InternetOpenW(L"t", INTERNET_OPEN_TYPE_PRECONFIG, nullptr, nullptr, 0));
    INTERNET_PROXY_INFO info{};
    size = sizeof(info);
    SetLastError(0xdeadbeef);
    REQUIRE_FALSE(InternetQueryOptionW(session, INTERNET_OPTION_PROXY, &info, &size));
    REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);

    options[0].dwOption = INTERNET_PER_CONN_FLAGS;
    options[0].Value.dwValue = PROXY_TYPE_DIRECT;
    list.dwOptionCount = 1;
    REQUIRE(InternetSetOptionW(nullptr, INTERNET_OPTION_PER_CONNECTION_OPTION, &list, sizeof(list)));
    query.dwOptionCount = 2;
    read[0].dwOption = INTERNET_PER_CONN_FLAGS;
    read[1].dwOption = 0xdead;
    SetLastError(0xdeadbeef);
    REQUIRE_FALSE(InternetQueryOptionW(nullptr, INTERNET_OPTION_PER_CONNECTION_OPTION, &query, &size));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
    REQUIRE(query.dwOptionError == 1);
    query.dwOptionCount = 1;
    REQUIRE(InternetQueryOptionW(nullptr, INTERNET_OPTION_PER_CONNECTION_OPTION, &query, &size));
    REQUIRE(read[0].Value.dwValue == PROXY_TYPE_DIRECT);
  }
  SECTION("ANSI, and a NULL proxy server") {
    INTERNET_PER_CONN_OPTIONA options[2] = {};
    INTERNET_PER_CONN_OPTION_LISTA list{sizeof(list), nullptr, 2, 0, options};
    options[0].dwOption = INTERNET_PER_CONN_PROXY_SERVER;
    options[0].Value.pszValue = const_cast<char*>("proxy.example");
    options[1].dwOption = INTERNET_PER_CONN_FLAGS;
    options[1].Value.dwValue = PROXY_TYPE_PROXY | PROXY_TYPE_DIRECT;
    REQUIRE(InternetSetOptionA(nullptr, INTERNET_OPTION_PER_CONNECTION_OPTION, &list, sizeof(list)));
    INTERNET_PER_CONN_OPTIONA read[2] = {};
    read[0].dwOption = INTERNET_PER_CONN_PROXY_SERVER;
    read[1].dwOption = INTERNET_PER_CONN_FLAGS;
    INTERNET_PER_CONN_OPTION_LISTA query{sizeof(query), nullptr, 2, 0, read};
    DWORD size = sizeof(query);
    REQUIRE(InternetQueryOptionA(nullptr, INTERNET_OPTION_PER_CONNECTION_OPTION, &query, &size));
    REQUIRE(std::string(read[0].Value.pszValue) == "proxy.example");
    REQUIRE(read[1].Value.dwValue == (PROXY_TYPE_PROXY | PROXY_TYPE_DIRECT));
    GlobalFree(read[0].Value.pszValue);

    options[0].Value.pszValue = nullptr;
    list.dwOptionCount = 1;
    REQUIRE(InternetSetOptionA(nullptr, INTERNET_OPTION_PER_CONNECTION_OPTION, &list, sizeof(list)));
    query.dwOptionCount = 1;
    REQUIRE(InternetQueryOptionA(nullptr, INTERNET_OPTION_PER_CONNECTION_OPTION, &query, &size));
    REQUIRE(read[0].Value.pszValue == nullptr);
    size = sizeof(query) - 1;
    SetLastError(0xdeadbeef);
    REQUIRE_FALSE(InternetQueryOptionA(nullptr, INTERNET_OPTION_PER_CONNECTION_OPTION, &query, &size));
    REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  }
}

TEST_CASE("WinINet proxy: INTERNET_OPTION_PROXY on the NULL handle is what PRECONFIG sessions take") {
  SavedUserProxy saved;
  saved.setPlain(0, L"127.0.0.1:1", nullptr);
  const std::string edge = edgeProxy();
  struct {
    DWORD access;
    const char* proxy;
    const char* bypass;
  } info{INTERNET_OPEN_TYPE_PROXY, edge.c_str(), "<local>"};
  REQUIRE(InternetSetOptionA(nullptr, INTERNET_OPTION_PROXY, &info, sizeof(info)));
  {
    char buffer[256];
    DWORD size = sizeof(buffer);
    REQUIRE(InternetQueryOptionA(nullptr, INTERNET_OPTION_PROXY, buffer, &size));
    const auto* read = reinterpret_cast<const INTERNET_PROXY_INFO*>(buffer);
    REQUIRE(read->dwAccessType == INTERNET_OPEN_TYPE_PROXY);
    REQUIRE(std::string(reinterpret_cast<const char*>(read->lpszProxy)) == edge);
    InetHandle session(InternetOpenA("t", INTERNET_OPEN_TYPE_PRECONFIG, nullptr, nullptr, 0));
    REQUIRE(echoThrough(session, "proxied.example", 80) == "GET http://proxied.example/echo HTTP/1.1");
    // A session with its own access type is not touched.
    InetHandle direct(InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
    REQUIRE(echoThrough(direct, "127.0.0.1", edgePort()) == "GET /echo HTTP/1.1");
  }
  // PRECONFIG on the NULL handle goes back to the user's settings.
  info = {INTERNET_OPEN_TYPE_PRECONFIG, nullptr, nullptr};
  REQUIRE(InternetSetOptionA(nullptr, INTERNET_OPTION_PROXY, &info, sizeof(info)));
  INTERNET_PROXY_INFO read{};
  DWORD size = sizeof(read);
  REQUIRE(InternetQueryOptionA(nullptr, INTERNET_OPTION_PROXY, &read, &size));
  REQUIRE(read.dwAccessType == INTERNET_OPEN_TYPE_DIRECT);
}

TEST_CASE("WinINet proxy: PER_CONNECTION_OPTION on a session changes that session only") {
  InetHandle session(InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  const std::string edge = edgeProxy();
  INTERNET_PER_CONN_OPTIONA options[2] = {};
  options[0].dwOption = INTERNET_PER_CONN_FLAGS;
  options[0].Value.dwValue = PROXY_TYPE_PROXY;
  options[1].dwOption = INTERNET_PER_CONN_PROXY_SERVER;
  options[1].Value.pszValue = const_cast<char*>(edge.c_str());
  INTERNET_PER_CONN_OPTION_LISTA list{sizeof(list), nullptr, 2, 0, options};
  REQUIRE(InternetSetOptionA(session, INTERNET_OPTION_PER_CONNECTION_OPTION, &list, sizeof(list)));
  REQUIRE(echoThrough(session, "proxied.example", 80) == "GET http://proxied.example/echo HTTP/1.1");
  INTERNET_PER_CONN_OPTIONA read[2] = {};
  read[0].dwOption = INTERNET_PER_CONN_FLAGS;
  read[1].dwOption = INTERNET_PER_CONN_PROXY_SERVER;
  INTERNET_PER_CONN_OPTION_LISTA query{sizeof(query), nullptr, 2, 0, read};
  DWORD size = sizeof(query);
  REQUIRE(InternetQueryOptionA(session, INTERNET_OPTION_PER_CONNECTION_OPTION, &query, &size));
  REQUIRE(read[0].Value.dwValue == PROXY_TYPE_PROXY);
  REQUIRE(std::string(read[1].Value.pszValue) == edge);
  GlobalFree(read[1].Value.pszValue);
  // Others are as they were.
  InetHandle other(InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  REQUIRE(echoThrough(other, "127.0.0.1", edgePort()) == "GET /echo HTTP/1.1");
  // Connect handles take none.
  InetHandle connect(InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetSetOptionA(connect, INTERNET_OPTION_PER_CONNECTION_OPTION, &list, sizeof(list)));
  REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  REQUIRE_FALSE(InternetSetOptionA(session, INTERNET_OPTION_PER_CONNECTION_OPTION, &list, 4));
  REQUIRE(GetLastError() == ERROR_INTERNET_BAD_OPTION_LENGTH);
}

// SOCKS: "socks=host:port" in a proxy list, against the edge server's SOCKS
// mode, which records every CONNECT it forwards (GET /socks-log). WinINet
// speaks SOCKS version 4 (names resolved by the client) and uses the socks=
// entry for a scheme that has no entry of its own and no general entry:
// Chromium's and Firefox's readers of these same settings say so (Chromium:
// "socks=" is a SOCKS4 fallback for every scheme without its own proxy;
// Firefox: scheme entry, then general entry, then SOCKS).
namespace {

std::string urlEncoded(const std::string& text) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// A tag no other request of this run carries.
std::string socksTag(const char* what) {
  return runUniqueName((std::string("socks-") + what + "-" + std::to_string(sizeof(void*) * 8)).c_str());
}

// The edge server's SOCKS records containing `match`, asked directly.
std::vector<std::string> socksRecords(const std::string& match) {
  InetHandle session(InternetOpenA("hinternet-socks-log", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle connect(InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  const std::string path = "/socks-log?match=" + urlEncoded(match);
  InetHandle request(
      HttpOpenRequestA(connect, "GET", path.c_str(), nullptr, nullptr, nullptr, INTERNET_FLAG_RELOAD, 0));
  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(statusOf(request) == 200);
  const std::string body = readAll(request);
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < body.size();) {
    const std::size_t end = body.find('\n', start);
    lines.push_back(body.substr(start, end - start));
    start = end == std::string::npos ? body.size() : end + 1;
  }
  return lines;
}

// GET `path` on host:port through `session`: the first line the server saw,
// or "" with the error in `error`.
std::string requestLineThrough(HINTERNET session, const char* host, INTERNET_PORT port, const std::string& path,
                               DWORD* error = nullptr, DWORD* requestFlags = nullptr) {
  InetHandle connect(InternetConnectA(session, host, port, nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  REQUIRE(connect.h);
  InetHandle request(
      HttpOpenRequestA(connect, "GET", path.c_str(), nullptr, nullptr, nullptr, INTERNET_FLAG_RELOAD, 0));
  REQUIRE(request.h);
  if (!HttpSendRequestA(request, nullptr, 0, nullptr, 0)) {
    if (error) *error = GetLastError();
    return std::string();
  }
  if (requestFlags) {
    DWORD size = sizeof(*requestFlags);
    REQUIRE(InternetQueryOptionA(request, INTERNET_OPTION_REQUEST_FLAGS, requestFlags, &size));
  }
  REQUIRE(statusOf(request) == 200);
  const std::string body = readAll(request);
  return body.substr(0, body.find("\r\n"));
}

// An https GET of `path` on localhost:port through `session`. Tests use
// different ports: a kept connection carries later requests through the
// same tunnel, which the SOCKS server sees once.
void getOverTls(HINTERNET session, INTERNET_PORT port, const char* path) {
  InetHandle connect(InternetConnectA(session, "localhost", port, nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  InetHandle request(HttpOpenRequestA(connect, "GET", path, nullptr, nullptr, nullptr,
                                      INTERNET_FLAG_SECURE | INTERNET_FLAG_RELOAD, 0));
  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(statusOf(request) == 200);
  REQUIRE_FALSE(readAll(request).empty());
}

std::string socksEntry() { return "socks=127.0.0.1:" + std::to_string(edgePort()); }

}  // namespace

TEST_CASE("WinINet proxy: socks= carries http and https through a SOCKS 4 proxy, origin-form") {
  const std::string proxy = socksEntry();
  InetHandle session(InternetOpenA("hinternet-proxy", INTERNET_OPEN_TYPE_PROXY, proxy.c_str(), "<-loopback>", 0));
  const std::string tag = socksTag("http");
  DWORD flags = 0;
  REQUIRE(requestLineThrough(session, "127.0.0.1", edgePort(), "/echo?" + tag, nullptr, &flags) ==
          "GET /echo?" + tag + " HTTP/1.1");
  const std::vector<std::string> records = socksRecords(tag);
  REQUIRE(records.size() == 1);
  REQUIRE(records[0].find(" version=4 target=127.0.0.1:" + std::to_string(edgePort()) +
                          " user= result=granted request=GET /echo?" + tag + " HTTP/1.1") != std::string::npos);
  // The request went to the server itself, in origin form: not "via proxy".
  REQUIRE((flags & INTERNET_REQFLAG_VIA_PROXY) == 0);

  // https: the TLS session runs through the tunnel, to the server's name.
  const std::string tlsTarget = "target=127.0.0.1:" + std::to_string(httpsPort()) + " ";
  const std::size_t before = socksRecords(tlsTarget).size();
  getOverTls(session, httpsPort(), "/hello.txt");
  REQUIRE(socksRecords(tlsTarget).size() == before + 1);
  REQUIRE(socksRecords(tlsTarget).back().find("version=4 ") != std::string::npos);
}

TEST_CASE("WinINet proxy: SOCKS and the bypass list, loopback included") {
  const std::string proxy = socksEntry();
  // Loopback bypasses a SOCKS proxy too unless the list says <-loopback>.
  {
    InetHandle session(InternetOpenA("hinternet-proxy", INTERNET_OPEN_TYPE_PROXY, proxy.c_str(), nullptr, 0));
    const std::string tag = socksTag("loopback");
    REQUIRE(requestLineThrough(session, "127.0.0.1", edgePort(), "/echo?" + tag) == "GET /echo?" + tag + " HTTP/1.1");
    REQUIRE(socksRecords(tag).empty());
  }
  InetHandle session(
      InternetOpenA("hinternet-proxy", INTERNET_OPEN_TYPE_PROXY, proxy.c_str(), "<-loopback>;localhost", 0));
  const std::string bypassed = socksTag("bypassed");
  REQUIRE(requestLineThrough(session, "localhost", edgePort(), "/echo?" + bypassed) ==
          "GET /echo?" + bypassed + " HTTP/1.1");
  REQUIRE(socksRecords(bypassed).empty());
  const std::string proxied = socksTag("proxied");
  REQUIRE(requestLineThrough(session, "127.0.0.1", edgePort(), "/echo?" + proxied) ==
          "GET /echo?" + proxied + " HTTP/1.1");
  REQUIRE(socksRecords(proxied).size() == 1);
}

TEST_CASE("WinINet proxy: a scheme's own entry and a general entry come before socks=") {
  const std::string edge = edgeProxy();
  const std::string absolute = "GET http://127.0.0.1:" + std::to_string(edgePort()) + "/echo?";
  // http= for http; https has no entry of its own and takes SOCKS.
  {
    const std::string proxy = socksEntry() + " http=" + edge;
    InetHandle session(InternetOpenA("hinternet-proxy", INTERNET_OPEN_TYPE_PROXY, proxy.c_str(), "<-loopback>", 0));
    const std::string tag = socksTag("http-entry");
    DWORD flags = 0;
    REQUIRE(requestLineThrough(session, "127.0.0.1", edgePort(), "/echo?" + tag, nullptr, &flags) ==
            absolute + tag + " HTTP/1.1");
    REQUIRE(socksRecords(tag).empty());
    REQUIRE((flags & INTERNET_REQFLAG_VIA_PROXY) != 0);
    const std::string tlsTarget = "target=127.0.0.1:" + std::to_string(edgeTlsPort()) + " ";
    const std::size_t before = socksRecords(tlsTarget).size();
    getOverTls(session, edgeTlsPort(), "/status/200");
    REQUIRE(socksRecords(tlsTarget).size() == before + 1);
  }
  // A general entry serves every scheme, before SOCKS (here a dead one).
  {
    const std::string proxy = "socks=" + std::string(kDeadProxy) + ";" + edge;
    InetHandle session(InternetOpenA("hinternet-proxy", INTERNET_OPEN_TYPE_PROXY, proxy.c_str(), "<-loopback>", 0));
    const std::string tag = socksTag("general");
    REQUIRE(requestLineThrough(session, "127.0.0.1", edgePort(), "/echo?" + tag) == absolute + tag + " HTTP/1.1");
  }
}

TEST_CASE("WinINet proxy: SOCKS failures are ERROR_INTERNET_CANNOT_CONNECT") {
  // No SOCKS server there.
  {
    const std::string proxy = "socks=" + std::string(kDeadProxy);
    InetHandle session(InternetOpenA("hinternet-proxy", INTERNET_OPEN_TYPE_PROXY, proxy.c_str(), "<-loopback>", 0));
    DWORD error = 0;
    REQUIRE(requestLineThrough(session, "127.0.0.1", edgePort(), "/echo", &error).empty());
    REQUIRE(error == ERROR_INTERNET_CANNOT_CONNECT);
  }
  // The SOCKS server refuses: nothing listens where the request goes.
  const std::string proxy = socksEntry();
  InetHandle session(InternetOpenA("hinternet-proxy", INTERNET_OPEN_TYPE_PROXY, proxy.c_str(), "<-loopback>", 0));
  const std::size_t before = socksRecords("target=127.0.0.1:1 ").size();
  DWORD error = 0;
  REQUIRE(requestLineThrough(session, "127.0.0.1", 1, "/echo", &error).empty());
  REQUIRE(error == ERROR_INTERNET_CANNOT_CONNECT);
  const std::vector<std::string> records = socksRecords("target=127.0.0.1:1 ");
  REQUIRE(records.size() == before + 1);
  REQUIRE(records.back().find("result=refused") != std::string::npos);
}

TEST_CASE("WinINet proxy: socks= from the registry, INTERNET_OPTION_PROXY and PER_CONNECTION_OPTION") {
  SavedUserProxy saved;
  const std::string proxy = socksEntry();
  const std::wstring wide(proxy.begin(), proxy.end());
  SECTION("PRECONFIG reads ProxyServer") {
    saved.setPlain(1, wide.c_str(), L"<-loopback>");
    InetHandle session(InternetOpenA("hinternet-proxy", INTERNET_OPEN_TYPE_PRECONFIG, nullptr, nullptr, 0));
    const std::string tag = socksTag("registry");
    REQUIRE(requestLineThrough(session, "127.0.0.1", edgePort(), "/echo?" + tag) == "GET /echo?" + tag + " HTTP/1.1");
    REQUIRE(socksRecords(tag).size() == 1);
  }
  SECTION("INTERNET_OPTION_PROXY on a session") {
    InetHandle session(InternetOpenA("hinternet-proxy", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
    struct {
      DWORD access;
      const char* proxy;
      const char* bypass;
    } info{INTERNET_OPEN_TYPE_PROXY, proxy.c_str(), "<-loopback>"};
    REQUIRE(InternetSetOptionA(session, INTERNET_OPTION_PROXY, &info, sizeof(info)));
    const std::string tag = socksTag("option");
    REQUIRE(requestLineThrough(session, "127.0.0.1", edgePort(), "/echo?" + tag) == "GET /echo?" + tag + " HTTP/1.1");
    REQUIRE(socksRecords(tag).size() == 1);
  }
  SECTION("PER_CONNECTION_OPTION on a session") {
    InetHandle session(InternetOpenA("hinternet-proxy", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
    INTERNET_PER_CONN_OPTIONA options[3] = {};
    options[0].dwOption = INTERNET_PER_CONN_FLAGS;
    options[0].Value.dwValue = PROXY_TYPE_PROXY;
    options[1].dwOption = INTERNET_PER_CONN_PROXY_SERVER;
    options[1].Value.pszValue = const_cast<char*>(proxy.c_str());
    options[2].dwOption = INTERNET_PER_CONN_PROXY_BYPASS;
    options[2].Value.pszValue = const_cast<char*>("<-loopback>");
    INTERNET_PER_CONN_OPTION_LISTA list{sizeof(list), nullptr, 3, 0, options};
    REQUIRE(InternetSetOptionA(session, INTERNET_OPTION_PER_CONNECTION_OPTION, &list, sizeof(list)));
    const std::string tag = socksTag("per-connection");
    REQUIRE(requestLineThrough(session, "127.0.0.1", edgePort(), "/echo?" + tag) == "GET /echo?" + tag + " HTTP/1.1");
    REQUIRE(socksRecords(tag).size() == 1);
  }
}
