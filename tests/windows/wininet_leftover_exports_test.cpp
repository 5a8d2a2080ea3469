// Small public WinINet exports with nothing behind them here:
// InternetSetDialState (obsolete: every parameter unused), DllInstall (no
// per-user setup), DeleteWpadCacheForNetworks (no WPAD cache) and
// InternetDebugGetLocalTime.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include "required_export.h"

// Exported by wininet.dll but missing from MinGW's wininet.h.
extern "C" {
BOOL WINAPI DeleteWpadCacheForNetworks(DWORD scope);
BOOL WINAPI InternetDebugGetLocalTime(SYSTEMTIME* localTime, DWORD* reserved);
}

namespace {

constexpr DWORD kDialStateDisconnected = 1;  // INTERNET_DIALSTATE_DISCONNECTED
constexpr DWORD kWpadDeleteCurrent = 0;      // WPAD_CACHE_DELETE_CURRENT
constexpr DWORD kWpadDeleteAll = 1;          // WPAD_CACHE_DELETE_ALL

// Minutes since midnight, to compare two local times a moment apart.
int minuteOfDay(const SYSTEMTIME& time) { return time.wHour * 60 + time.wMinute; }

}  // namespace

TEST_CASE("WinINet InternetSetDialState: every parameter unused, nothing to change") {
  // Unconfirmed: Microsoft documents no return value; TRUE, as a call that
  // had nothing to do.
  const BOOL connectedBefore = InternetGetConnectedState(nullptr, 0);
  SetLastError(5);
  REQUIRE(InternetSetDialStateA("My ISP", kDialStateDisconnected, 0));
  REQUIRE(GetLastError() == ERROR_SUCCESS);
  REQUIRE(InternetSetDialStateW(L"My ISP", kDialStateDisconnected, 0));
  REQUIRE(InternetSetDialStateA(nullptr, 0, 0));
  REQUIRE(InternetSetDialStateW(nullptr, 0xFFFFFFFF, 7));
  // The undecorated name is the ANSI one.
  using SetDialState = BOOL(WINAPI*)(LPCSTR, DWORD, DWORD);
  REQUIRE(requiredExport<SetDialState>(L"wininet.dll", "InternetSetDialState")("My ISP", kDialStateDisconnected, 0));
  // No connection went away.
  REQUIRE(InternetGetConnectedState(nullptr, 0) == connectedBefore);
}

TEST_CASE("WinINet DllInstall: nothing to set up, for any command line") {
  using Install = HRESULT(WINAPI*)(BOOL, LPCWSTR);
  auto install = requiredExport<Install>(L"wininet.dll", "DllInstall");
  // Unconfirmed: S_OK for install and uninstall whatever the command line.
  REQUIRE(install(TRUE, nullptr) == S_OK);
  REQUIRE(install(TRUE, L"") == S_OK);
  REQUIRE(install(TRUE, L"user") == S_OK);
  REQUIRE(install(FALSE, L"user") == S_OK);
  REQUIRE(install(FALSE, L"no such option") == S_OK);
}

TEST_CASE("WinINet DeleteWpadCacheForNetworks: nothing cached, either scope succeeds") {
  SetLastError(5);
  REQUIRE(DeleteWpadCacheForNetworks(kWpadDeleteCurrent));
  REQUIRE(GetLastError() == ERROR_SUCCESS);
  REQUIRE(DeleteWpadCacheForNetworks(kWpadDeleteAll));
  // Unconfirmed: a scope that is neither is a parameter error.
  SetLastError(0);
  REQUIRE_FALSE(DeleteWpadCacheForNetworks(2));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
}

TEST_CASE("WinINet InternetDebugGetLocalTime: the local time, the reserved output 0") {
  SYSTEMTIME before{}, got{}, after{};
  GetLocalTime(&before);
  DWORD reserved = 7;
  REQUIRE(InternetDebugGetLocalTime(&got, &reserved));
  GetLocalTime(&after);
  REQUIRE(reserved == 0);
  REQUIRE(got.wYear >= before.wYear);
  REQUIRE(got.wYear <= after.wYear);
  if (before.wDay == after.wDay) {
    REQUIRE(minuteOfDay(got) >= minuteOfDay(before));
    REQUIRE(minuteOfDay(got) <= minuteOfDay(after));
  }
  REQUIRE(InternetDebugGetLocalTime(&got, nullptr));
  // Unconfirmed: no SYSTEMTIME is a parameter error.
  SetLastError(0);
  REQUIRE_FALSE(InternetDebugGetLocalTime(nullptr, &reserved));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
}
