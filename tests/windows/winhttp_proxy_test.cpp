// Named proxies with per-scheme and bypass lists, WinHTTP's default proxy in
// the registry, the user's Internet Options proxy, and proxy
// auto-configuration failing as on Windows when there is no script.
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <string>
#include <vector>

#include "saved_user_proxy.h"
#include "test_servers.h"
#include "winhttp_helpers.h"



namespace {


std::wstring edgeProxy() { return L"127.0.0.1:" + std::to_wstring(edgePort()); }
// Nothing listens on port 1: a request sent there fails to connect.
const wchar_t kDeadProxy[] = L"127.0.0.1:1";

// GET /echo on host:port through a session with these proxy settings; the
// echoed request line, or "" with the error in `error`.
std::string echoVia(DWORD access, LPCWSTR proxy, LPCWSTR bypass, LPCWSTR host, INTERNET_PORT port,
                    DWORD* error = nullptr) {
  WinHttpHandle session(WinHttpOpen(L"hinternet-proxy", access, proxy, bypass, 0));
  REQUIRE(session.h);
  WinHttpHandle connect(WinHttpConnect(session, host, port, 0));
  WinHttpHandle request(openGet(connect, L"/echo"));
  if (!sendAndReceive(request)) {
    if (error) *error = GetLastError();
    return std::string();
  }
  REQUIRE(statusCode(request) == 200);
  const std::string body = readBody(request);
  return body.substr(0, body.find("\r\n"));
}

// WinHttpSetDefaultProxyConfiguration writes both registry views.
struct SavedDefaultProxy {
  SavedValue view64{HKEY_LOCAL_MACHINE, kConnectionsKey, L"WinHttpSettings", KEY_WOW64_64KEY};
  SavedValue view32{HKEY_LOCAL_MACHINE, kConnectionsKey, L"WinHttpSettings", KEY_WOW64_32KEY};
};

std::vector<BYTE> settingsBlob(DWORD magic, DWORD counter, DWORD flags, const std::string& proxy,
                               const std::string& bypass, const std::string* pacUrl = nullptr) {
  std::vector<BYTE> blob;
  auto word = [&](DWORD v) {
    for (int i = 0; i < 4; ++i) blob.push_back(static_cast<BYTE>(v >> (8 * i)));
  };
  auto text = [&](const std::string& s) {
    word(static_cast<DWORD>(s.size()));
    blob.insert(blob.end(), s.begin(), s.end());
  };
  word(magic);
  word(counter);
  word(flags);
  text(proxy);
  text(bypass);
  if (pacUrl) text(*pacUrl);
  return blob;
}

std::string narrow(LPCWSTR text) { return text ? std::string(text, text + wcslen(text)) : std::string("(null)"); }

}  // namespace

TEST_CASE("WinHTTP proxy: a named proxy gets absolute-form requests") {
  const std::wstring proxy = edgeProxy();
  REQUIRE(echoVia(WINHTTP_ACCESS_TYPE_NAMED_PROXY, proxy.c_str(), nullptr, L"proxied.example", 80) ==
          "GET http://proxied.example/echo HTTP/1.1");
  REQUIRE(echoVia(WINHTTP_ACCESS_TYPE_NAMED_PROXY, proxy.c_str(), nullptr, L"proxied.example", 8081) ==
          "GET http://proxied.example:8081/echo HTTP/1.1");
  // Without a proxy the request goes straight to the server, in origin form.
  REQUIRE(echoVia(WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, L"127.0.0.1", edgePort()) ==
          "GET /echo HTTP/1.1");
}

TEST_CASE("WinHTTP proxy: per-scheme proxy lists pick the entry for the URL's scheme") {
  const std::wstring forHttp = L"https=" + std::wstring(kDeadProxy) + L";http=" + edgeProxy();
  REQUIRE(echoVia(WINHTTP_ACCESS_TYPE_NAMED_PROXY, forHttp.c_str(), nullptr, L"proxied.example", 80) ==
          "GET http://proxied.example/echo HTTP/1.1");
  // Only an https proxy: plain http goes direct.
  const std::wstring httpsOnly = L"https=" + std::wstring(kDeadProxy);
  REQUIRE(echoVia(WINHTTP_ACCESS_TYPE_NAMED_PROXY, httpsOnly.c_str(), nullptr, L"127.0.0.1", edgePort()) ==
          "GET /echo HTTP/1.1");
  DWORD error = 0;
  REQUIRE(echoVia(WINHTTP_ACCESS_TYPE_NAMED_PROXY, kDeadProxy, nullptr, L"127.0.0.1", edgePort(), &error).empty());
  REQUIRE(error == ERROR_WINHTTP_CANNOT_CONNECT);
}

TEST_CASE("WinHTTP proxy: bypass lists with names, wildcards and <local>") {
  const std::string direct = "GET /echo HTTP/1.1";
  REQUIRE(echoVia(WINHTTP_ACCESS_TYPE_NAMED_PROXY, kDeadProxy, L"127.0.0.1", L"127.0.0.1", edgePort()) == direct);
  REQUIRE(echoVia(WINHTTP_ACCESS_TYPE_NAMED_PROXY, kDeadProxy, L"other.host;*.0.0.1", L"127.0.0.1", edgePort()) ==
          direct);
  // <local>: names without a dot bypass the proxy; addresses with dots do not.
  REQUIRE(echoVia(WINHTTP_ACCESS_TYPE_NAMED_PROXY, kDeadProxy, L"<local>", L"localhost", edgePort()) == direct);
  DWORD error = 0;
  REQUIRE(echoVia(WINHTTP_ACCESS_TYPE_NAMED_PROXY, kDeadProxy, L"<local>", L"127.0.0.1", edgePort(), &error).empty());
  REQUIRE(error == ERROR_WINHTTP_CANNOT_CONNECT);
}

TEST_CASE("WinHTTP proxy: automatic proxy sessions connect directly for now") {
  REQUIRE(echoVia(WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY, nullptr, nullptr, L"127.0.0.1", edgePort()) ==
          "GET /echo HTTP/1.1");
}

TEST_CASE("WinHTTP proxy: the default proxy configuration is kept in the registry") {
  SavedDefaultProxy saved;
  WINHTTP_PROXY_INFO info{};
  SECTION("bad arguments") {
    SetLastError(0xdeadbeef);
    REQUIRE_FALSE(WinHttpGetDefaultProxyConfiguration(nullptr));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
    info.dwAccessType = 0xdeadbeef;
    REQUIRE_FALSE(WinHttpSetDefaultProxyConfiguration(&info));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
    info.dwAccessType = WINHTTP_ACCESS_TYPE_NAMED_PROXY;
    info.lpszProxyBypass = const_cast<LPWSTR>(L"foo");
    REQUIRE_FALSE(WinHttpSetDefaultProxyConfiguration(&info));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
    wchar_t wide[] = {0x226f, 0x575b, 0};
    info.lpszProxy = wide;
    REQUIRE_FALSE(WinHttpSetDefaultProxyConfiguration(&info));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  }
  SECTION("a named proxy round-trips and DEFAULT_PROXY sessions use it") {
    const std::wstring proxy = edgeProxy();
    info.dwAccessType = WINHTTP_ACCESS_TYPE_NAMED_PROXY;
    info.lpszProxy = const_cast<LPWSTR>(proxy.c_str());
    info.lpszProxyBypass = const_cast<LPWSTR>(L"<local>");
    SetLastError(0xdeadbeef);
    REQUIRE(WinHttpSetDefaultProxyConfiguration(&info));
    REQUIRE(GetLastError() == ERROR_SUCCESS);

    // The value Windows uses, in its layout.
    SavedValue raw(HKEY_LOCAL_MACHINE, kConnectionsKey, L"WinHttpSettings");
    REQUIRE(raw.type == REG_BINARY);
    const std::string proxyText = narrow(proxy.c_str());
    REQUIRE(raw.data == settingsBlob(0x18, 0, 2, proxyText, "<local>"));

    WINHTTP_PROXY_INFO read{};
    REQUIRE(WinHttpGetDefaultProxyConfiguration(&read));
    REQUIRE(read.dwAccessType == WINHTTP_ACCESS_TYPE_NAMED_PROXY);
    REQUIRE(narrow(read.lpszProxy) == proxyText);
    REQUIRE(narrow(read.lpszProxyBypass) == "<local>");
    REQUIRE(GlobalFree(read.lpszProxy) == nullptr);
    REQUIRE(GlobalFree(read.lpszProxyBypass) == nullptr);

    REQUIRE(echoVia(WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, nullptr, nullptr, L"proxied.example", 80) ==
            "GET http://proxied.example/echo HTTP/1.1");
    REQUIRE(echoVia(WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, nullptr, nullptr, L"localhost", edgePort()) ==
            "GET /echo HTTP/1.1");
  }
  SECTION("no proxy") {
    info.dwAccessType = WINHTTP_ACCESS_TYPE_NO_PROXY;
    info.lpszProxy = const_cast<LPWSTR>(L"ignored:1");
    REQUIRE(WinHttpSetDefaultProxyConfiguration(&info));
    WINHTTP_PROXY_INFO read{};
    read.lpszProxy = reinterpret_cast<LPWSTR>(1);
    REQUIRE(WinHttpGetDefaultProxyConfiguration(&read));
    REQUIRE(read.dwAccessType == WINHTTP_ACCESS_TYPE_NO_PROXY);
    REQUIRE(read.lpszProxy == nullptr);
    REQUIRE(read.lpszProxyBypass == nullptr);
    REQUIRE(echoVia(WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, nullptr, nullptr, L"127.0.0.1", edgePort()) ==
            "GET /echo HTTP/1.1");
  }
}

TEST_CASE("WinHTTP proxy: the user's Internet Options proxy, binary settings first") {
  SavedUserProxy user;
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(WinHttpGetIEProxyConfigForCurrentUser(nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);

  WINHTTP_CURRENT_USER_IE_PROXY_CONFIG config{};
  auto read = [&] {
    SetLastError(0xdeadbeef);
    REQUIRE(WinHttpGetIEProxyConfigForCurrentUser(&config));
    REQUIRE(GetLastError() == ERROR_SUCCESS);
  };
  auto release = [&] {
    GlobalFree(config.lpszAutoConfigUrl);
    GlobalFree(config.lpszProxy);
    GlobalFree(config.lpszProxyBypass);
  };

  const std::string url = "http://pac.example/proxy.pac";
  const std::vector<BYTE> settings = settingsBlob(0x46, 3, 2 | 4 | 8, "http=p:8080", "<local>;*.corp", &url);
  user.blob.set(REG_BINARY, settings.data(), static_cast<DWORD>(settings.size()));
  read();
  REQUIRE(config.fAutoDetect);
  REQUIRE(narrow(config.lpszProxy) == "http=p:8080");
  REQUIRE(narrow(config.lpszProxyBypass) == "<local>;*.corp");
  REQUIRE(narrow(config.lpszAutoConfigUrl) == url);
  release();

  // Flags decide: a proxy list that is not enabled is not reported.
  const std::vector<BYTE> directOnly = settingsBlob(0x46, 4, 1, "p:1", "x", &url);
  user.blob.set(REG_BINARY, directOnly.data(), static_cast<DWORD>(directOnly.size()));
  read();
  REQUIRE_FALSE(config.fAutoDetect);
  REQUIRE(config.lpszProxy == nullptr);
  REQUIRE(config.lpszProxyBypass == nullptr);
  REQUIRE(config.lpszAutoConfigUrl == nullptr);
  release();

  // Only the plain values.
  user.blob.remove();
  const DWORD on = 1;
  user.enable.set(REG_DWORD, &on, sizeof(on));
  user.server.setString(L"plain.proxy:3128");
  user.overrides.setString(L"<local>");
  user.pac.setString(L"http://plain/pac");
  read();
  REQUIRE(narrow(config.lpszProxy) == "plain.proxy:3128");
  REQUIRE(narrow(config.lpszProxyBypass) == "<local>");
  REQUIRE(narrow(config.lpszAutoConfigUrl) == "http://plain/pac");
  release();
  const DWORD off = 0;
  user.enable.set(REG_DWORD, &off, sizeof(off));
  read();
  REQUIRE(config.lpszProxy == nullptr);
  release();
}

TEST_CASE("WinHTTP proxy: auto-detection finds no script here") {
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(WinHttpDetectAutoProxyConfigUrl(0, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  LPWSTR url = reinterpret_cast<LPWSTR>(1);
  REQUIRE_FALSE(WinHttpDetectAutoProxyConfigUrl(0, &url));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(WinHttpDetectAutoProxyConfigUrl(WINHTTP_AUTO_DETECT_TYPE_DNS_A, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  for (DWORD flags : {DWORD(WINHTTP_AUTO_DETECT_TYPE_DHCP), DWORD(WINHTTP_AUTO_DETECT_TYPE_DNS_A)}) {
    url = reinterpret_cast<LPWSTR>(1);
    const BOOL found = WinHttpDetectAutoProxyConfigUrl(flags, &url);
    if (found) {
      GlobalFree(url);  // a network that really has WPAD
      continue;
    }
    REQUIRE(GetLastError() == ERROR_WINHTTP_AUTODETECTION_FAILED);
    REQUIRE(url == nullptr);
  }
}

TEST_CASE("WinHTTP proxy: WinHttpGetProxyForUrl checks its arguments and reports missing scripts") {
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(WinHttpGetProxyForUrl(nullptr, nullptr, nullptr, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
  WinHttpHandle session(WinHttpOpen(L"hinternet-proxy", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  WinHttpHandle connect(WinHttpConnect(session, L"127.0.0.1", edgePort(), 0));
  WINHTTP_AUTOPROXY_OPTIONS options{};
  WINHTTP_PROXY_INFO info{};
  REQUIRE_FALSE(WinHttpGetProxyForUrl(connect, L"http://a.b/", &options, &info));
  REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
  REQUIRE_FALSE(WinHttpGetProxyForUrl(session, nullptr, nullptr, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(WinHttpGetProxyForUrl(session, L"http://a.b/", &options, &info));  // no flags
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  options.dwFlags = WINHTTP_AUTOPROXY_AUTO_DETECT;
  REQUIRE_FALSE(WinHttpGetProxyForUrl(session, L"http://a.b/", &options, &info));  // no detect flags
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  options.dwAutoDetectFlags = WINHTTP_AUTO_DETECT_TYPE_DNS_A;
  REQUIRE_FALSE(WinHttpGetProxyForUrl(session, L"http://a.b/", &options, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  options.dwFlags |= WINHTTP_AUTOPROXY_CONFIG_URL;  // without the URL
  REQUIRE_FALSE(WinHttpGetProxyForUrl(session, L"http://a.b/", &options, &info));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);

  options.dwFlags = WINHTTP_AUTOPROXY_AUTO_DETECT;
  REQUIRE_FALSE(WinHttpGetProxyForUrl(session, L"http://a.b/", &options, &info));
  REQUIRE(GetLastError() == ERROR_WINHTTP_AUTODETECTION_FAILED);

  struct Case {
    std::wstring pac;
    DWORD error;
  } cases[] = {
      {L"http://127.0.0.1:" + std::to_wstring(edgePort()) + L"/status/404", ERROR_WINHTTP_UNABLE_TO_DOWNLOAD_SCRIPT},
      {L"http://127.0.0.1:1/proxy.pac", ERROR_WINHTTP_UNABLE_TO_DOWNLOAD_SCRIPT},
      {L"ftp://127.0.0.1/proxy.pac", ERROR_WINHTTP_UNRECOGNIZED_SCHEME},
      // A script is there but cannot be run yet.
      {L"http://127.0.0.1:" + std::to_wstring(edgePort()) +
           L"/status/200?body=function%20FindProxyForURL(u,h){return%20%22DIRECT%22;}",
       ERROR_WINHTTP_BAD_AUTO_PROXY_SCRIPT},
  };
  for (const Case& c : cases) {
    INFO(narrow(c.pac.c_str()));
    options.dwFlags = WINHTTP_AUTOPROXY_CONFIG_URL;
    options.dwAutoDetectFlags = 0;
    options.lpszAutoConfigUrl = c.pac.c_str();
    SetLastError(0xdeadbeef);
    REQUIRE_FALSE(WinHttpGetProxyForUrl(session, L"http://a.b/", &options, &info));
    REQUIRE(GetLastError() == c.error);
  }
}

namespace {

struct ResolverRun {
  HANDLE done = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  DWORD status = 0, api = 0, error = 0;
  DWORD_PTR context = 0;
  ~ResolverRun() { CloseHandle(done); }
};

void CALLBACK onResolver(HINTERNET, DWORD_PTR context, DWORD status, LPVOID info, DWORD) {
  if (status != WINHTTP_CALLBACK_STATUS_REQUEST_ERROR && status != WINHTTP_CALLBACK_STATUS_GETPROXYFORURL_COMPLETE)
    return;
  auto* run = reinterpret_cast<ResolverRun*>(context);
  run->status = status;
  if (status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR) {
    run->api = static_cast<DWORD>(static_cast<WINHTTP_ASYNC_RESULT*>(info)->dwResult);
    run->error = static_cast<WINHTTP_ASYNC_RESULT*>(info)->dwError;
  }
  SetEvent(run->done);
}

}  // namespace

TEST_CASE("WinHTTP proxy: a proxy resolver reports a missing script through the callback") {
  HINTERNET resolver = nullptr;
  REQUIRE(WinHttpCreateProxyResolver(nullptr, &resolver) == ERROR_INVALID_HANDLE);
  WinHttpHandle sync(WinHttpOpen(L"hinternet-proxy", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  REQUIRE(WinHttpCreateProxyResolver(sync, &resolver) == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);

  WinHttpHandle session(WinHttpOpen(L"hinternet-proxy", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, WINHTTP_FLAG_ASYNC));
  WinHttpSetStatusCallback(session, onResolver,
                           WINHTTP_CALLBACK_FLAG_REQUEST_ERROR | WINHTTP_CALLBACK_FLAG_GETPROXYFORURL_COMPLETE, 0);
  REQUIRE(WinHttpCreateProxyResolver(session, nullptr) == ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpCreateProxyResolver(session, &resolver) == ERROR_SUCCESS);
  WinHttpHandle owned(resolver);

  WINHTTP_PROXY_RESULT result{};
  REQUIRE(WinHttpGetProxyResult(session, &result) == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
  REQUIRE(WinHttpGetProxyResult(resolver, &result) == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);

  WINHTTP_AUTOPROXY_OPTIONS options{};
  REQUIRE(WinHttpGetProxyForUrlEx(resolver, L"http://a.b/", &options, 0) == ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpGetProxyForUrlEx(session, L"http://a.b/", &options, 0) == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);

  const std::wstring pac = L"http://127.0.0.1:" + std::to_wstring(edgePort()) + L"/status/404";
  options.dwFlags = WINHTTP_AUTOPROXY_CONFIG_URL;
  options.lpszAutoConfigUrl = pac.c_str();
  ResolverRun run;
  REQUIRE(WinHttpGetProxyForUrlEx(resolver, L"http://a.b/", &options, reinterpret_cast<DWORD_PTR>(&run)) ==
          ERROR_IO_PENDING);
  REQUIRE(WaitForSingleObject(run.done, 30000) == WAIT_OBJECT_0);
  REQUIRE(run.status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
  REQUIRE(run.api == API_GET_PROXY_FOR_URL);
  REQUIRE(run.error == ERROR_WINHTTP_UNABLE_TO_DOWNLOAD_SCRIPT);
  REQUIRE(WinHttpGetProxyResult(resolver, &result) == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
}
