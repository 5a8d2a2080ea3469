// Small WinINet exports outside the request path: IsHostInProxyBypassList
// (the user's own bypass list), InternetWriteFileExA/W (which Windows never
// implemented) and HttpIsHostHstsEnabled (no HSTS list here).
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <cstring>

#include "saved_user_proxy.h"
#include "wininet_helpers.h"

// Exported by wininet.dll but missing from MinGW's wininet.h.
extern "C" {
BOOL WINAPI IsHostInProxyBypassList(INTERNET_SCHEME scheme, LPCSTR host, DWORD length);
DWORD WINAPI HttpIsHostHstsEnabled(LPCWSTR url, BOOL* enabled);
BOOL WINAPI InternetWriteFileExA(HINTERNET file, LPINTERNET_BUFFERSA buffers, DWORD flags, DWORD_PTR context);
BOOL WINAPI InternetWriteFileExW(HINTERNET file, LPINTERNET_BUFFERSW buffers, DWORD flags, DWORD_PTR context);
}

namespace {

// The user's bypass list, with a proxy the test never reaches.
struct UserBypassList : SavedUserProxy {
  explicit UserBypassList(LPCWSTR bypass, DWORD proxyOn = 1) { setPlain(proxyOn, L"127.0.0.1:1", bypass); }
};

BOOL inList(INTERNET_SCHEME scheme, const char* host) {
  return IsHostInProxyBypassList(scheme, host, static_cast<DWORD>(strlen(host)));
}

}  // namespace

TEST_CASE("IsHostInProxyBypassList answers from the user's bypass list") {
  UserBypassList settings(L"*.intranet.test;<local>;https://secure.test;10.1.*;ported.test:8080");
  CHECK(inList(INTERNET_SCHEME_HTTP, "host.intranet.test"));
  CHECK(inList(INTERNET_SCHEME_HTTPS, "HOST.Intranet.Test"));
  CHECK(inList(INTERNET_SCHEME_HTTP, "10.1.2.3"));
  CHECK_FALSE(inList(INTERNET_SCHEME_HTTP, "other.test"));
  CHECK_FALSE(inList(INTERNET_SCHEME_HTTP, "intranet.test.example"));
  // <local>: names without a dot.
  CHECK(inList(INTERNET_SCHEME_HTTP, "fileserver"));
  // An entry with a scheme matches that scheme only.
  CHECK(inList(INTERNET_SCHEME_HTTPS, "secure.test"));
  CHECK_FALSE(inList(INTERNET_SCHEME_HTTP, "secure.test"));
  // A host without a port is on the scheme's default port.
  CHECK_FALSE(inList(INTERNET_SCHEME_HTTP, "ported.test"));
  // Loopback goes around the proxy unless the list says <-loopback>.
  CHECK(inList(INTERNET_SCHEME_HTTP, "localhost"));
  CHECK(inList(INTERNET_SCHEME_HTTP, "127.0.0.1"));
}

TEST_CASE("IsHostInProxyBypassList: the length counts the name; zero means NUL-terminated") {
  UserBypassList settings(L"*.intranet.test");
  const char text[] = "host.intranet.test.other";
  CHECK(IsHostInProxyBypassList(INTERNET_SCHEME_HTTP, text, 18));
  CHECK_FALSE(IsHostInProxyBypassList(INTERNET_SCHEME_HTTP, text, sizeof(text) - 1));
  CHECK(IsHostInProxyBypassList(INTERNET_SCHEME_HTTP, "a.intranet.test", 0));
}

TEST_CASE("IsHostInProxyBypassList: <-loopback> takes loopback off the list") {
  UserBypassList settings(L"<-loopback>;bypassed.test");
  CHECK_FALSE(inList(INTERNET_SCHEME_HTTP, "localhost"));
  CHECK_FALSE(inList(INTERNET_SCHEME_HTTP, "127.0.0.1"));
  CHECK(inList(INTERNET_SCHEME_HTTP, "bypassed.test"));
}

TEST_CASE("IsHostInProxyBypassList ignores sessions' own proxy settings") {
  UserBypassList settings(L"user.test");
  InetHandle session(InternetOpenA("test", INTERNET_OPEN_TYPE_PROXY, "127.0.0.1:1", "session.test", 0));
  REQUIRE(session.h);
  CHECK(inList(INTERNET_SCHEME_HTTP, "user.test"));
  CHECK_FALSE(inList(INTERNET_SCHEME_HTTP, "session.test"));
}

TEST_CASE("IsHostInProxyBypassList: bad input") {
  UserBypassList settings(L"<local>");
  SetLastError(0xdeadbeef);
  CHECK_FALSE(IsHostInProxyBypassList(INTERNET_SCHEME_HTTP, nullptr, 5));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  SetLastError(0xdeadbeef);
  CHECK_FALSE(IsHostInProxyBypassList(INTERNET_SCHEME_HTTP, "", 0));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  // An unknown scheme only meets entries without one.
  CHECK(IsHostInProxyBypassList(static_cast<INTERNET_SCHEME>(1234), "plain", 5));
}

TEST_CASE("InternetWriteFileExA/W fail with ERROR_CALL_NOT_IMPLEMENTED, as on Windows") {
  InetHandle session(InternetOpenA("test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  REQUIRE(session.h);
  InetHandle connect(InternetConnectA(session, "127.0.0.1", 80, nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  REQUIRE(connect.h);
  InetHandle request(HttpOpenRequestA(connect, "POST", "/", nullptr, nullptr, nullptr, 0, 0));
  REQUIRE(request.h);
  char body[] = "data";
  INTERNET_BUFFERSA buffersA = {};
  buffersA.dwStructSize = sizeof(buffersA);
  buffersA.lpvBuffer = body;
  buffersA.dwBufferLength = 4;
  INTERNET_BUFFERSW buffersW = {};
  buffersW.dwStructSize = sizeof(buffersW);
  buffersW.lpvBuffer = body;
  buffersW.dwBufferLength = 4;

  SetLastError(0xdeadbeef);
  CHECK_FALSE(InternetWriteFileExA(request, &buffersA, 0, 1));
  CHECK(GetLastError() == ERROR_CALL_NOT_IMPLEMENTED);
  SetLastError(0xdeadbeef);
  CHECK_FALSE(InternetWriteFileExW(request, &buffersW, 0, 1));
  CHECK(GetLastError() == ERROR_CALL_NOT_IMPLEMENTED);
  // Bad input gets the same answer, without a crash.
  SetLastError(0xdeadbeef);
  CHECK_FALSE(InternetWriteFileExA(nullptr, nullptr, 0, 0));
  CHECK(GetLastError() == ERROR_CALL_NOT_IMPLEMENTED);
  SetLastError(0xdeadbeef);
  CHECK_FALSE(InternetWriteFileExW(reinterpret_cast<HINTERNET>(0x1234), nullptr, 0, 0));
  CHECK(GetLastError() == ERROR_CALL_NOT_IMPLEMENTED);
}

TEST_CASE("HttpIsHostHstsEnabled: no host is on the (absent) HSTS list") {
  BOOL enabled = TRUE;
  CHECK(HttpIsHostHstsEnabled(L"https://127.0.0.1/", &enabled) == ERROR_SUCCESS);
  CHECK(enabled == FALSE);
  enabled = TRUE;
  CHECK(HttpIsHostHstsEnabled(L"http://localhost:8080/path", &enabled) == ERROR_SUCCESS);
  CHECK(enabled == FALSE);
}

TEST_CASE("HttpIsHostHstsEnabled: bad input") {
  BOOL enabled = TRUE;
  CHECK(HttpIsHostHstsEnabled(nullptr, &enabled) == ERROR_INVALID_PARAMETER);
  CHECK(enabled == TRUE);
  CHECK(HttpIsHostHstsEnabled(L"https://127.0.0.1/", nullptr) == ERROR_INVALID_PARAMETER);
}
