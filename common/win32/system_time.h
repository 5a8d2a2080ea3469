#pragma once
#include <windows.h>

#include <string_view>

#include "http_date.h"

namespace hinternet::win32 {

HttpDate httpDateFromSystemTime(const SYSTEMTIME& time);
SYSTEMTIME systemTimeFromHttpDate(const HttpDate& date);

// What WinHttpTimeToSystemTime and InternetTimeToSystemTime make of a date
// string: the current UTC time, with the fields the text supplies in place
// of the current ones. Windows never rejects the text, so neither does this.
SYSTEMTIME systemTimeFromHttpText(std::string_view text, unsigned centuryPivot = 50);

}  // namespace hinternet::win32
