#include <catch.hpp>

#include "http_date.h"

using namespace hinternet;

namespace {

HttpDate date(unsigned year, unsigned month, unsigned dayOfWeek, unsigned day, unsigned hour, unsigned minute,
              unsigned second, unsigned millisecond = 0) {
  HttpDate d;
  d.year = year;
  d.month = month;
  d.dayOfWeek = dayOfWeek;
  d.day = day;
  d.hour = hour;
  d.minute = minute;
  d.second = second;
  d.millisecond = millisecond;
  return d;
}

bool same(const HttpDate& a, const HttpDate& b) {
  return a.year == b.year && a.month == b.month && a.dayOfWeek == b.dayOfWeek && a.day == b.day &&
         a.hour == b.hour && a.minute == b.minute && a.second == b.second && a.millisecond == b.millisecond;
}

// Parses over a recognisable base, as Windows parses over the current time.
HttpDate parsed(const char* text, bool expectComplete = true) {
  HttpDate d = date(1999, 9, 3, 9, 9, 9, 9, 999);
  CHECK(parseHttpDate(text, d) == expectComplete);
  return d;
}

}  // namespace

TEST_CASE("HTTP dates format as RFC 1123 with the given weekday") {
  std::string text;
  REQUIRE(formatHttpDate(date(2008, 7, 1, 28, 10, 5, 52), text));
  REQUIRE(text == "Mon, 28 Jul 2008 10:05:52 GMT");
  REQUIRE(formatHttpDate(date(1994, 11, 0, 6, 8, 49, 37, 500), text));
  REQUIRE(text == "Sun, 06 Nov 1994 08:49:37 GMT");
  REQUIRE(formatHttpDate(date(2005, 1, 2, 7, 0, 0, 0), text));
  REQUIRE(text == "Tue, 07 Jan 2005 00:00:00 GMT");  // the weekday is not recomputed
}

TEST_CASE("HTTP dates refuse fields that have no name or do not fit") {
  std::string text = "unchanged";
  REQUIRE_FALSE(formatHttpDate(date(2008, 0, 1, 28, 10, 5, 52), text));
  REQUIRE_FALSE(formatHttpDate(date(2008, 13, 1, 28, 10, 5, 52), text));
  REQUIRE_FALSE(formatHttpDate(date(2008, 7, 7, 28, 10, 5, 52), text));
  REQUIRE_FALSE(formatHttpDate(date(10000, 7, 1, 28, 10, 5, 52), text));
  REQUIRE_FALSE(formatHttpDate(date(2008, 7, 1, 100, 10, 5, 52), text));
  REQUIRE_FALSE(formatHttpDate(date(2008, 7, 1, 28, 10, 5, 65535), text));
  REQUIRE(text == "unchanged");
}

TEST_CASE("HTTP dates parse in the forms Windows accepts") {
  const HttpDate expect1 = date(2005, 1, 5, 7, 12, 6, 35);
  const HttpDate expect2 = date(2022, 1, 2, 11, 11, 13, 5);
  for (const char* text : {"Fri, 07 Jan 2005 12:06:35 GMT", "Fri, 07 Jan 2005 12:06:35 UTC",
                           " fri, 7 jan 2005 12 06 35", "Fri, 07-01-2005 12:06:35", "5, 07-01-2005 12:06:35 GMT",
                           "5, 07-01-2005 12:06:35 GMT;", "5, 07-01-2005 12:06:35 GMT123",
                           "Friday, 07-Jan-05 12:06:35 GMT", "Fri Jan  7 12:06:35 2005",
                           "Fri Jan 7 12:06:35 2005 GMT"}) {
    INFO(text);
    CHECK(same(parsed(text), expect1));
  }
  for (const char* text : {"2, 11 01 2022 11 13 05", "2, 11-01-2022 11#13^05", "2, 11*01/2022 11+13=05",
                           "2, 11-Jan-2022 11:13:05"}) {
    INFO(text);
    CHECK(same(parsed(text), expect2));
  }
  CHECK(same(parsed("Mon, 28 Jul 2008 10:05:52 GMT\n"), date(2008, 7, 1, 28, 10, 5, 52)));
  CHECK(same(parsed(" mon 28 jul 2008 10 05 52\n"), date(2008, 7, 1, 28, 10, 5, 52)));
  CHECK(same(parsed("Thursday, 01-Jan-70 00:00:00 GMT"), date(1970, 1, 4, 1, 0, 0, 0)));
}

TEST_CASE("HTTP dates that stop early keep the caller's values for the rest") {
  const HttpDate base = date(1999, 9, 3, 9, 9, 9, 9, 999);
  CHECK(same(parsed("", false), base));
  CHECK(same(parsed("Fr", false), base));
  CHECK(same(parsed("Xyz, 07 Jan 2005", false), base));
  CHECK(same(parsed("9, 07 Jan 2005", false), base));
  CHECK(same(parsed("07 Jan 2005 12:06:35", false), base));  // a leading number is the weekday
  CHECK(same(parsed("Fri, 07 Jan", false), date(1999, 1, 5, 7, 9, 9, 9, 999)));
  CHECK(same(parsed("Fri, 07 Foo 2005", false), date(1999, 9, 5, 7, 9, 9, 9, 999)));
  CHECK(same(parsed("Fri, 07 13 2005", false), date(1999, 9, 5, 7, 9, 9, 9, 999)));
  CHECK(same(parsed("Fri, 07 Jan 2005 12:06", false), date(2005, 1, 5, 7, 12, 6, 9, 999)));
  CHECK(same(parsed("Fri Jan 7 12:06:35", false), date(1999, 1, 5, 7, 12, 6, 35, 999)));
}

TEST_CASE("HTTP dates survive hostile numbers") {
  HttpDate d = parsed("Fri, 99999999999999999999 Jan 2005 12:06:35");
  CHECK(d.day == 65535);
  CHECK(d.year == 2005);
  d = parsed("Fri, 07 Jan 99999999999999999999999 1:2:3");
  CHECK(d.year == 65535);
}
