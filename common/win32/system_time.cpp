#include "system_time.h"

namespace hinternet::win32 {

HttpDate httpDateFromSystemTime(const SYSTEMTIME& time) {
  HttpDate date;
  date.year = time.wYear;
  date.month = time.wMonth;
  date.day = time.wDay;
  date.dayOfWeek = time.wDayOfWeek;
  date.hour = time.wHour;
  date.minute = time.wMinute;
  date.second = time.wSecond;
  date.millisecond = time.wMilliseconds;
  return date;
}

SYSTEMTIME systemTimeFromHttpDate(const HttpDate& date) {
  SYSTEMTIME time{};
  time.wYear = static_cast<WORD>(date.year);
  time.wMonth = static_cast<WORD>(date.month);
  time.wDay = static_cast<WORD>(date.day);
  time.wDayOfWeek = static_cast<WORD>(date.dayOfWeek);
  time.wHour = static_cast<WORD>(date.hour);
  time.wMinute = static_cast<WORD>(date.minute);
  time.wSecond = static_cast<WORD>(date.second);
  time.wMilliseconds = static_cast<WORD>(date.millisecond);
  return time;
}

SYSTEMTIME systemTimeFromHttpText(std::string_view text, unsigned centuryPivot) {
  SYSTEMTIME now;
  GetSystemTime(&now);
  HttpDate date = httpDateFromSystemTime(now);
  parseHttpDate(text, date, centuryPivot);
  return systemTimeFromHttpDate(date);
}

}  // namespace hinternet::win32
