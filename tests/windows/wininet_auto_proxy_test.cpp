// DetectAutoProxyUrl and InternetInitializeAutoProxyDll on a network
// without WPAD: detection fails as Windows reports it in Wine's tests.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <cstring>

#include "wininet_helpers.h"

namespace {

constexpr DWORD kAutodetectionFailed = 12180;  // ERROR_WINHTTP_AUTODETECTION_FAILED

}  // namespace

TEST_CASE("WinINet auto-proxy: DetectAutoProxyUrl finds no script, by DHCP or DNS") {
  const DWORD types = GENERATE(DWORD(PROXY_AUTO_DETECT_TYPE_DHCP), DWORD(PROXY_AUTO_DETECT_TYPE_DNS_A),
                               DWORD(PROXY_AUTO_DETECT_TYPE_DHCP | PROXY_AUTO_DETECT_TYPE_DNS_A));
  char url[256];
  std::memset(url, 'x', sizeof(url));
  SetLastError(0xdeadbeef);
  CHECK_FALSE(DetectAutoProxyUrl(url, sizeof(url), types));
  CHECK(GetLastError() == kAutodetectionFailed);
  CHECK(url[0] == 0);
}

TEST_CASE("WinINet auto-proxy: DetectAutoProxyUrl refuses bad arguments") {
  char url[16];
  SetLastError(0xdeadbeef);
  CHECK_FALSE(DetectAutoProxyUrl(nullptr, sizeof(url), PROXY_AUTO_DETECT_TYPE_DHCP));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  SetLastError(0xdeadbeef);
  CHECK_FALSE(DetectAutoProxyUrl(url, 0, PROXY_AUTO_DETECT_TYPE_DHCP));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  SetLastError(0xdeadbeef);
  CHECK_FALSE(DetectAutoProxyUrl(url, sizeof(url), 0));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
}

TEST_CASE("WinINet auto-proxy: InternetInitializeAutoProxyDll re-reads the settings") {
  CHECK(InternetInitializeAutoProxyDll(0));
  // Sessions opened afterwards work as before.
  InetHandle session(InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_PRECONFIG, nullptr, nullptr, 0));
  CHECK(session.h);
}
