// The dial-up exports on a machine without dial-up connections:
// InternetAutodial, InternetAutodialHangup, InternetDial, InternetHangUp,
// InternetGoOnline, DoConnectoidsExist. What they answer follows the state
// InternetGetConnectedState reports; offline mode (INTERNET_OPTION_
// CONNECTED_STATE) makes the "not online" cases happen on any machine.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include "wininet_helpers.h"

namespace {

constexpr DWORD kNoConnection = 668;  // ERROR_NO_CONNECTION (raserror.h)

bool online() { return InternetGetConnectedState(nullptr, 0) != FALSE; }

// Offline mode for the scope, as a user's "Work Offline" sets it.
struct OfflineMode {
  OfflineMode() { REQUIRE(set(INTERNET_STATE_DISCONNECTED_BY_USER)); }
  ~OfflineMode() { set(INTERNET_STATE_CONNECTED); }
  static bool set(DWORD state) {
    INTERNET_CONNECTED_INFO info = {state, 0};
    return InternetSetOptionA(nullptr, INTERNET_OPTION_CONNECTED_STATE, &info, sizeof(info)) != FALSE;
  }
};

}  // namespace

TEST_CASE("WinINet dial-up: InternetAutodial dials nothing when the network is there") {
  if (online()) {
    SetLastError(0xdeadbeef);
    CHECK(InternetAutodial(0, nullptr));
    CHECK(InternetAutodial(INTERNET_AUTODIAL_FORCE_UNATTENDED, nullptr));
  }
  // A forced dial needs an entry to dial, and there is none.
  SetLastError(0xdeadbeef);
  CHECK_FALSE(InternetAutodial(INTERNET_AUTODIAL_FORCE_ONLINE, nullptr));
  CHECK(GetLastError() == kNoConnection);
  SetLastError(0xdeadbeef);
  CHECK_FALSE(InternetAutodial(INTERNET_AUTODIAL_OVERRIDE_NET_PRESENT | INTERNET_AUTODIAL_FORCE_UNATTENDED, nullptr));
  CHECK(GetLastError() == kNoConnection);

  OfflineMode offline;
  SetLastError(0xdeadbeef);
  CHECK_FALSE(InternetAutodial(0, nullptr));
  CHECK(GetLastError() == kNoConnection);
}

TEST_CASE("WinINet dial-up: InternetAutodialHangup has nothing to hang up") {
  CHECK(InternetAutodialHangup(0));
  OfflineMode offline;
  CHECK(InternetAutodialHangup(0));
}

TEST_CASE("WinINet dial-up: InternetDial has no connection to dial, A and W") {
  DWORD_PTR connection = 0x1234;
  CHECK(InternetDialA(nullptr, nullptr, INTERNET_DIAL_UNATTENDED, &connection, 0) == kNoConnection);
  CHECK(connection == 0);
  connection = 0x1234;
  char name[] = "Office modem";
  CHECK(InternetDialA(nullptr, name, INTERNET_AUTODIAL_FORCE_UNATTENDED, &connection, 0) == kNoConnection);
  CHECK(connection == 0);
  connection = 0x1234;
  wchar_t wide[] = L"Office modem";
  CHECK(InternetDialW(nullptr, wide, INTERNET_DIAL_UNATTENDED, &connection, 0) == kNoConnection);
  CHECK(connection == 0);
  // The A form is also exported as InternetDial.
  auto dialAlias = wininetProc<DWORD(WINAPI*)(HWND, LPSTR, DWORD, DWORD_PTR*, DWORD)>("InternetDial");
  REQUIRE(dialAlias);
  connection = 0x1234;
  CHECK(dialAlias(nullptr, name, INTERNET_DIAL_UNATTENDED, &connection, 0) == kNoConnection);
  CHECK(connection == 0);

  SECTION("without a place for the connection number") {
    CHECK(InternetDialA(nullptr, nullptr, 0, nullptr, 0) == ERROR_INVALID_PARAMETER);
    CHECK(InternetDialW(nullptr, nullptr, 0, nullptr, 0) == ERROR_INVALID_PARAMETER);
  }
}

TEST_CASE("WinINet dial-up: InternetHangUp knows no connection number") {
  CHECK(InternetHangUp(0, 0) == ERROR_INVALID_HANDLE);
  CHECK(InternetHangUp(1, 0) == ERROR_INVALID_HANDLE);
  CHECK(InternetHangUp(static_cast<DWORD_PTR>(-1), 0) == ERROR_INVALID_HANDLE);
}

TEST_CASE("WinINet dial-up: InternetGoOnline succeeds when online, A and W") {
  char url[] = "http://127.0.0.1/";
  wchar_t wide[] = L"http://127.0.0.1/";
  if (online()) {
    CHECK(InternetGoOnlineA(url, nullptr, 0));
    CHECK(InternetGoOnlineW(wide, nullptr, 0));
    CHECK(InternetGoOnlineA(url, nullptr, 1 /* INTERNET_GOONLINE_REFRESH */));
    auto goOnlineAlias = wininetProc<BOOL(WINAPI*)(LPSTR, HWND, DWORD)>("InternetGoOnline");
    REQUIRE(goOnlineAlias);
    CHECK(goOnlineAlias(url, nullptr, 0));
  }
  SECTION("a flag other than INTERNET_GOONLINE_REFRESH is refused") {
    SetLastError(0xdeadbeef);
    CHECK_FALSE(InternetGoOnlineA(url, nullptr, 2));
    CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    CHECK_FALSE(InternetGoOnlineW(wide, nullptr, 0x80000000));
    CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  }
  SECTION("offline mode stays: there is no user to ask") {
    OfflineMode offline;
    SetLastError(0xdeadbeef);
    CHECK_FALSE(InternetGoOnlineA(url, nullptr, 0));
    CHECK(GetLastError() == ERROR_NOT_CONNECTED);
    CHECK_FALSE(InternetGoOnlineW(wide, nullptr, 0));
    CHECK(GetLastError() == ERROR_NOT_CONNECTED);
    DWORD flags = 0;
    CHECK_FALSE(InternetGetConnectedState(&flags, 0));
    CHECK((flags & INTERNET_CONNECTION_OFFLINE));
  }
}

// Ordinal 101, exported without a name.
TEST_CASE("WinINet dial-up: DoConnectoidsExist finds no dial-up entry") {
  auto doConnectoidsExist = wininetProc<BOOL(WINAPI*)()>(MAKEINTRESOURCEA(101));
  REQUIRE(doConnectoidsExist);
  CHECK_FALSE(doConnectoidsExist());
}
