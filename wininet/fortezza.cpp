// InternetQueryFortezzaStatus and InternetFortezzaCommand: IE's support for
// Fortezza crypto cards (FORTSTAT_* and FORTCMD_* in the SDK's winineti.h).
// Windows no longer carries it, so these answer as for a machine without a
// card: no status bits, and every command fails.
#include "handles.h"

#include "api_guard.h"
#include "security_sdk.h"

using namespace hinternet;
using win32::failWith;
using win32::guardedCall;

namespace {
// FORTCMD_LOGON, FORTCMD_LOGOFF, FORTCMD_CHG_PERSONALITY.
constexpr DWORD kFirstCommand = 1;
constexpr DWORD kLastCommand = 3;
}  // namespace

extern "C" BOOL WINAPI InternetQueryFortezzaStatus(DWORD* status, DWORD_PTR reserved) {
  LOG_TRACE("InternetQueryFortezzaStatus(%p, %p)", static_cast<void*>(status), reinterpret_cast<void*>(reserved));
  return guardedCall("InternetQueryFortezzaStatus", FALSE, [&]() -> BOOL {
    if (!status) return failWith(ERROR_INVALID_PARAMETER);
    *status = 0;  // neither FORTSTAT_INSTALLED nor FORTSTAT_LOGGEDON
    return win32::succeed();
  });
}

extern "C" BOOL WINAPI InternetFortezzaCommand(DWORD command, HWND window, DWORD_PTR reserved) {
  LOG_TRACE("InternetFortezzaCommand(%lu, %p, %p)", command, static_cast<void*>(window),
            reinterpret_cast<void*>(reserved));
  return guardedCall("InternetFortezzaCommand", FALSE, [&]() -> BOOL {
    if (command < kFirstCommand || command > kLastCommand) return failWith(ERROR_INVALID_PARAMETER);
    // No card to log on to, log off from or switch the personality of.
    return failWith(ERROR_NOT_SUPPORTED);
  });
}
