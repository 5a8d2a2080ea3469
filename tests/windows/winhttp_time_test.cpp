// WinHttpTimeFromSystemTime and WinHttpTimeToSystemTime, with the cases
// Wine's tests verify against Windows (dlls/winhttp/tests/winhttp.c,
// dlls/wininet/tests/internet.c).
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <string>

namespace {

constexpr DWORD kUnset = 0xdeadbeef;

bool same(const SYSTEMTIME& a, const SYSTEMTIME& b) { return std::memcmp(&a, &b, sizeof(a)) == 0; }

SYSTEMTIME parse(const wchar_t* text) {
  SYSTEMTIME time;
  std::memset(&time, 0xcc, sizeof(time));
  SetLastError(kUnset);
  REQUIRE(WinHttpTimeToSystemTime(text, &time));
  REQUIRE(GetLastError() == ERROR_SUCCESS);
  return time;
}

}  // namespace

TEST_CASE("WinHttpTimeFromSystemTime writes RFC 1123 into WINHTTP_TIME_FORMAT_BUFSIZE bytes") {
  const SYSTEMTIME time = {2008, 7, 1, 28, 10, 5, 52, 0};
  wchar_t text[WINHTTP_TIME_FORMAT_BUFSIZE / sizeof(wchar_t) + 8];
  std::fill(std::begin(text), std::end(text), L'#');
  SetLastError(kUnset);
  REQUIRE(WinHttpTimeFromSystemTime(&time, text));
  REQUIRE(GetLastError() == ERROR_SUCCESS);
  REQUIRE(std::wstring(text) == L"Mon, 28 Jul 2008 10:05:52 GMT");
  for (std::size_t i = 30; i < sizeof(text) / sizeof(text[0]); ++i) REQUIRE(text[i] == L'#');

  SetLastError(kUnset);
  REQUIRE_FALSE(WinHttpTimeFromSystemTime(&time, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  SetLastError(kUnset);
  REQUIRE_FALSE(WinHttpTimeFromSystemTime(nullptr, text));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
}

TEST_CASE("WinHttpTimeFromSystemTime refuses a SYSTEMTIME it cannot name") {
  wchar_t text[WINHTTP_TIME_FORMAT_BUFSIZE / sizeof(wchar_t)] = L"unchanged";
  for (SYSTEMTIME time : {SYSTEMTIME{2008, 0, 1, 28, 10, 5, 52, 0}, SYSTEMTIME{2008, 13, 1, 28, 10, 5, 52, 0},
                          SYSTEMTIME{2008, 7, 7, 28, 10, 5, 52, 0}, SYSTEMTIME{2008, 7, 1, 28, 10, 5, 65535, 0}}) {
    SetLastError(kUnset);
    REQUIRE_FALSE(WinHttpTimeFromSystemTime(&time, text));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  }
  REQUIRE(std::wstring(text) == L"unchanged");
}

TEST_CASE("WinHttpTimeToSystemTime reads the forms Windows reads") {
  const SYSTEMTIME expected = {2008, 7, 1, 28, 10, 5, 52, 0};
  REQUIRE(same(parse(L"Mon, 28 Jul 2008 10:05:52 GMT\n"), expected));
  REQUIRE(same(parse(L" mon 28 jul 2008 10 05 52\n"), expected));
  REQUIRE(same(parse(L"Monday, 28-Jul-08 10:05:52 GMT"), expected));
  REQUIRE(same(parse(L"Mon Jul 28 10:05:52 2008"), expected));
  REQUIRE(same(parse(L"1, 28-07-2008 10:05:52 UTC"), expected));
}

TEST_CASE("WinHttpTimeToSystemTime fills what the text lacks from the current time") {
  SYSTEMTIME before, after;
  GetSystemTime(&before);
  const SYSTEMTIME partial = parse(L"Fr");
  const SYSTEMTIME empty = parse(L"");
  const SYSTEMTIME dateOnly = parse(L"Fri, 07 Jan");
  GetSystemTime(&after);
  for (const SYSTEMTIME& t : {partial, empty}) {
    REQUIRE(t.wYear >= before.wYear);
    REQUIRE(t.wYear <= after.wYear);
    REQUIRE(t.wMonth >= 1);
    REQUIRE(t.wMonth <= 12);
  }
  REQUIRE(dateOnly.wDayOfWeek == 5);
  REQUIRE(dateOnly.wDay == 7);
  REQUIRE(dateOnly.wMonth == 1);
  REQUIRE(dateOnly.wYear >= before.wYear);
  REQUIRE(dateOnly.wYear <= after.wYear);
}

TEST_CASE("WinHttpTimeToSystemTime rejects only missing arguments") {
  SYSTEMTIME time;
  SetLastError(kUnset);
  REQUIRE_FALSE(WinHttpTimeToSystemTime(L"Mon, 28 Jul 2008 10:05:52 GMT", nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  SetLastError(kUnset);
  REQUIRE_FALSE(WinHttpTimeToSystemTime(nullptr, &time));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
}

TEST_CASE("WinHttpTimeFromSystemTime and WinHttpTimeToSystemTime round-trip the current time") {
  SYSTEMTIME now;
  GetSystemTime(&now);
  wchar_t text[WINHTTP_TIME_FORMAT_BUFSIZE / sizeof(wchar_t)];
  REQUIRE(WinHttpTimeFromSystemTime(&now, text));
  SYSTEMTIME back = parse(text);
  now.wMilliseconds = 0;
  REQUIRE(same(back, now));
}
