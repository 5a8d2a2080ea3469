// HttpIsHostHstsEnabled (Windows 10): whether WinINet's HSTS list has the
// host of a URL. This WinINet keeps no HSTS list (it neither records
// Strict-Transport-Security nor ships a preload list), so every host is
// answered FALSE once the arguments pass the checks.
#include <windows.h>
#include <wininet.h>

#include "api_guard.h"
#include "text.h"

using hinternet::win32::guardedCall;

extern "C" DWORD WINAPI HttpIsHostHstsEnabled(LPCWSTR url, BOOL* enabled) {
  LOG_TRACE("HttpIsHostHstsEnabled(%s, %p)", url ? hinternet::win32::utf8FromWide(url).c_str() : "(null)",
            static_cast<void*>(enabled));
  return guardedCall("HttpIsHostHstsEnabled", DWORD(ERROR_INVALID_PARAMETER), [&]() -> DWORD {
    if (!url || !enabled) return ERROR_INVALID_PARAMETER;
    *enabled = FALSE;
    return ERROR_SUCCESS;
  });
}
