#pragma once
#include <string>
#include <string_view>

namespace hinternet {

// A calendar time in UTC, field for field what Windows keeps in a SYSTEMTIME
// (month 1-12, day of week 0 = Sunday), so the export layers convert it
// without arithmetic.
struct HttpDate {
  unsigned year = 0;
  unsigned month = 0;
  unsigned day = 0;
  unsigned dayOfWeek = 0;
  unsigned hour = 0;
  unsigned minute = 0;
  unsigned second = 0;
  unsigned millisecond = 0;
};

// RFC 1123 form, "Sun, 06 Nov 1994 08:49:37 GMT". Uses the day of week as
// given, as Windows does. False if the month or day of week has no name, or
// a field does not fit its width (year above 9999, others above 99), so the
// text is never longer than 29 characters.
bool formatHttpDate(const HttpDate& date, std::string& text);

// Reads a date as leniently as WinHttpTimeToSystemTime and
// InternetTimeToSystemTime do. Accepts RFC 1123, RFC 850 (a two-digit year
// below `centuryPivot` is in the 2000s, else the 1900s: WinHTTP pivots at
// 50, WinINet at 80), asctime, numeric weekdays and months ("5, 07-01-2005")
// and any non-alphanumeric separators. Fields are read in order and each one
// found overwrites `date`; reading stops at the first that is missing or not
// understood, so the caller's values (Windows: the current time) stay in the
// rest. Milliseconds become 0 only when every field was read. Returns
// whether every field was read.
bool parseHttpDate(std::string_view text, HttpDate& date, unsigned centuryPivot = 50);

}  // namespace hinternet
