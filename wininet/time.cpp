// InternetTimeFromSystemTime(A/W), InternetTimeToSystemTime(A/W).
#include "api_guard.h"
#include "handles.h"
#include "http_date.h"
#include "system_time.h"
#include "text.h"

using namespace hinternet;
using win32::guardedCall;

namespace {

// Two-digit years below this are in the 2000s ("79" is 2079, "80" 1980).
constexpr unsigned kCenturyPivot = 80;

// The buffer's size is in bytes for both forms: RFC 1123 text is 29
// characters and a terminator.
template <class C>
BOOL timeFromSystemTime(const char* api, const SYSTEMTIME* time, DWORD format, C* text, DWORD size) {
  return guardedCall(api, FALSE, [&]() -> BOOL {
    std::string formatted;
    if (!time || !text || format != INTERNET_RFC1123_FORMAT) {
      SetLastError(ERROR_INVALID_PARAMETER);
      return FALSE;
    }
    if (size < INTERNET_RFC1123_BUFSIZE * sizeof(C)) {
      SetLastError(ERROR_INSUFFICIENT_BUFFER);
      return FALSE;
    }
    if (!formatHttpDate(win32::httpDateFromSystemTime(*time), formatted)) {
      SetLastError(ERROR_INVALID_PARAMETER);
      return FALSE;
    }
    std::size_t i = 0;
    for (; i < formatted.size(); ++i) text[i] = static_cast<C>(formatted[i]);
    text[i] = C(0);
    return TRUE;
  });
}

BOOL timeToSystemTime(const char* api, const std::string* text, SYSTEMTIME* time) {
  return guardedCall(api, FALSE, [&]() -> BOOL {
    if (!text || !time) {
      SetLastError(ERROR_INVALID_PARAMETER);
      return FALSE;
    }
    // Windows never rejects the text: what it cannot read stays the
    // current time.
    *time = win32::systemTimeFromHttpText(*text, kCenturyPivot);
    return TRUE;
  });
}

}  // namespace

extern "C" BOOL WINAPI InternetTimeFromSystemTimeA(const SYSTEMTIME* time, DWORD format, LPSTR text, DWORD size) {
  LOG_TRACE("InternetTimeFromSystemTimeA(%p, %lu, %p, %lu)", static_cast<const void*>(time), format,
            static_cast<void*>(text), size);
  return timeFromSystemTime("InternetTimeFromSystemTimeA", time, format, text, size);
}

extern "C" BOOL WINAPI InternetTimeFromSystemTimeW(const SYSTEMTIME* time, DWORD format, LPWSTR text, DWORD size) {
  LOG_TRACE("InternetTimeFromSystemTimeW(%p, %lu, %p, %lu)", static_cast<const void*>(time), format,
            static_cast<void*>(text), size);
  return timeFromSystemTime("InternetTimeFromSystemTimeW", time, format, text, size);
}

extern "C" BOOL WINAPI InternetTimeToSystemTimeA(LPCSTR text, SYSTEMTIME* time, DWORD reserved) {
  LOG_TRACE("InternetTimeToSystemTimeA(%s, %p, %lu)", text ? text : "(null)", static_cast<void*>(time), reserved);
  // The date's words are ASCII, so the ANSI bytes read as they are.
  const std::string bytes = text ? std::string(text) : std::string();
  return timeToSystemTime("InternetTimeToSystemTimeA", text ? &bytes : nullptr, time);
}

extern "C" BOOL WINAPI InternetTimeToSystemTimeW(LPCWSTR text, SYSTEMTIME* time, DWORD reserved) {
  LOG_TRACE("InternetTimeToSystemTimeW(%s, %p, %lu)", win32::utf8FromWide(text).c_str(), static_cast<void*>(time),
            reserved);
  const std::string utf8 = win32::utf8FromWide(text);
  return timeToSystemTime("InternetTimeToSystemTimeW", text ? &utf8 : nullptr, time);
}
