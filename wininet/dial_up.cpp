// The dial-up exports: InternetAutodial, InternetAutodialHangup,
// InternetDial, InternetHangUp, InternetGoOnline, DoConnectoidsExist.
// WinINet dials through RAS phonebook entries ("connectoids"); this DLL
// dials nothing and knows no entry, so each answers as Windows does on a
// machine with a network and no dial-up connection configured, from the
// same state InternetGetConnectedState reports.
#include "api_guard.h"
#include "connection_state.h"
#include "handles.h"
#include "text.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::failWith;
using win32::guardedCall;

namespace {

// raserror.h's: what InternetDial's documentation names for "a problem
// with the dial-up connection", here that there is none to dial.
constexpr DWORD kNoConnection = 668;  // ERROR_NO_CONNECTION

constexpr DWORD kGoOnlineRefresh = 0x1;  // INTERNET_GOONLINE_REFRESH

DWORD dial(const char* api, const std::string& connectoid, DWORD flags, DWORD_PTR* connection) {
  LOG_TRACE("%s(%s, 0x%lx, %p)", api, connectoid.c_str(), flags, static_cast<void*>(connection));
  return guardedCall(api, DWORD(ERROR_INTERNET_INTERNAL_ERROR), [&]() -> DWORD {
    if (!connection) return ERROR_INVALID_PARAMETER;
    *connection = 0;
    return kNoConnection;
  });
}

BOOL goOnline(const char* api, const std::string& url, DWORD flags) {
  LOG_TRACE("%s(%s, 0x%lx)", api, url.c_str(), flags);
  return guardedCall(api, FALSE, [&]() -> BOOL {
    // The one flag its documentation allows, which it also says is unused.
    if (flags & ~kGoOnlineRefresh) return failWith(ERROR_INVALID_PARAMETER);
    // Going online would mean asking the user to leave offline mode or to
    // dial; there is no one to ask, so it is online if it already is.
    DWORD state = 0;
    if (!connectedState(state)) return failWith(ERROR_NOT_CONNECTED);
    return win32::succeed();
  });
}

}  // namespace

extern "C" BOOL WINAPI InternetAutodial(DWORD flags, HWND parent) {
  LOG_TRACE("InternetAutodial(0x%lx, %p)", flags, static_cast<void*>(parent));
  return guardedCall("InternetAutodial", FALSE, [&]() -> BOOL {
    // Its documentation: with a LAN connection and no flag forcing a dial,
    // it dials nothing and returns TRUE.
    DWORD state = 0;
    const bool forced = flags & (INTERNET_AUTODIAL_FORCE_ONLINE | INTERNET_AUTODIAL_OVERRIDE_NET_PRESENT);
    if (!forced && connectedState(state)) return win32::succeed();
    // Otherwise it would dial the autodial entry, and there is none.
    return failWith(kNoConnection);
  });
}

// Its documentation: TRUE when autodial is off or has no entry to hang up.
extern "C" BOOL WINAPI InternetAutodialHangup(DWORD reserved) {
  LOG_TRACE("InternetAutodialHangup(%lu)", reserved);
  return guardedCall("InternetAutodialHangup", FALSE, [&]() -> BOOL { return win32::succeed(); });
}

extern "C" DWORD WINAPI InternetDialA(HWND, LPSTR connectoid, DWORD flags, DWORD_PTR* connection, DWORD) {
  return dial("InternetDialA", win32::utf8FromAnsi(connectoid), flags, connection);
}

extern "C" DWORD WINAPI InternetDialW(HWND, LPWSTR connectoid, DWORD flags, DWORD_PTR* connection, DWORD) {
  return dial("InternetDialW", win32::utf8FromWide(connectoid), flags, connection);
}

// InternetDial never hands out a connection number, so none is known here.
// WinINet's number is the RAS connection handle, and RasHangUp answers an
// unknown one with ERROR_INVALID_HANDLE.
extern "C" DWORD WINAPI InternetHangUp(DWORD_PTR connection, DWORD reserved) {
  LOG_TRACE("InternetHangUp(%p, %lu)", (void*)connection, reserved);
  return guardedCall("InternetHangUp", DWORD(ERROR_INTERNET_INTERNAL_ERROR),
                     [&]() -> DWORD { return ERROR_INVALID_HANDLE; });
}

extern "C" BOOL WINAPI InternetGoOnlineA(LPSTR url, HWND, DWORD flags) {
  return goOnline("InternetGoOnlineA", win32::utf8FromAnsi(url), flags);
}

extern "C" BOOL WINAPI InternetGoOnlineW(LPWSTR url, HWND, DWORD flags) {
  return goOnline("InternetGoOnlineW", win32::utf8FromWide(url), flags);
}

// Whether the RAS phonebook has entries: there are none.
extern "C" BOOL WINAPI DoConnectoidsExist() {
  LOG_TRACE("DoConnectoidsExist()");
  return guardedCall("DoConnectoidsExist", FALSE, [&]() -> BOOL { return FALSE; });
}
