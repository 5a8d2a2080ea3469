// WinHttpTimeFromSystemTime, WinHttpTimeToSystemTime.
#include <windows.h>
#include <winhttp.h>

#include "api_guard.h"
#include "http_date.h"
#include "system_time.h"
#include "text.h"

using namespace hinternet;
using win32::guardedCall;

extern "C" BOOL WINAPI WinHttpTimeFromSystemTime(const SYSTEMTIME* time, LPWSTR text) {
  LOG_TRACE("WinHttpTimeFromSystemTime(%p, %p)", static_cast<const void*>(time), static_cast<void*>(text));
  return guardedCall("WinHttpTimeFromSystemTime", FALSE, [&]() -> BOOL {
    std::string formatted;
    // The caller's buffer is WINHTTP_TIME_FORMAT_BUFSIZE bytes; formatHttpDate
    // refuses anything that would not fit in it.
    if (!time || !text || !formatHttpDate(win32::httpDateFromSystemTime(*time), formatted)) {
      SetLastError(ERROR_INVALID_PARAMETER);
      return FALSE;
    }
    static_assert(WINHTTP_TIME_FORMAT_BUFSIZE / sizeof(WCHAR) >= 30, "29 characters and a terminator");
    std::size_t i = 0;
    for (; i < formatted.size(); ++i) text[i] = static_cast<WCHAR>(formatted[i]);
    text[i] = L'\0';
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  });
}

extern "C" BOOL WINAPI WinHttpTimeToSystemTime(LPCWSTR text, SYSTEMTIME* time) {
  LOG_TRACE("WinHttpTimeToSystemTime(%s, %p)", win32::utf8FromWide(text).c_str(), static_cast<void*>(time));
  return guardedCall("WinHttpTimeToSystemTime", FALSE, [&]() -> BOOL {
    if (!text || !time) {
      SetLastError(ERROR_INVALID_PARAMETER);
      return FALSE;
    }
    *time = win32::systemTimeFromHttpText(win32::utf8FromWide(text));
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  });
}
