// InternetTimeFromSystemTime and InternetTimeToSystemTime, A and W, with the
// cases Wine's tests verify against Windows (dlls/wininet/tests/internet.c).
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <cstring>
#include <string>

namespace {

constexpr DWORD kUnset = 0xdeadbeef;
const SYSTEMTIME kJan7 = {2005, 1, 5, 7, 12, 6, 35, 0};

bool same(const SYSTEMTIME& a, const SYSTEMTIME& b) { return std::memcmp(&a, &b, sizeof(a)) == 0; }

}  // namespace

TEST_CASE("InternetTimeFromSystemTime writes RFC 1123, its buffer sized in bytes", "[wininet][time]") {
  char a[INTERNET_RFC1123_BUFSIZE];
  REQUIRE(InternetTimeFromSystemTimeA(&kJan7, INTERNET_RFC1123_FORMAT, a, sizeof(a)));
  CHECK(std::string(a) == "Fri, 07 Jan 2005 12:06:35 GMT");

  wchar_t w[INTERNET_RFC1123_BUFSIZE + 1];
  REQUIRE(InternetTimeFromSystemTimeW(&kJan7, INTERNET_RFC1123_FORMAT, w, sizeof(w)));
  CHECK(std::wstring(w) == L"Fri, 07 Jan 2005 12:06:35 GMT");

  // The plain name is the A form.
  using TimeFrom = BOOL(WINAPI*)(const SYSTEMTIME*, DWORD, LPSTR, DWORD);
  const auto plain = reinterpret_cast<TimeFrom>(
      reinterpret_cast<void*>(GetProcAddress(GetModuleHandleA("wininet.dll"), "InternetTimeFromSystemTime")));
  REQUIRE(plain);
  std::memset(a, 0, sizeof(a));
  REQUIRE(plain(&kJan7, INTERNET_RFC1123_FORMAT, a, sizeof(a)));
  CHECK(std::string(a) == "Fri, 07 Jan 2005 12:06:35 GMT");
}

TEST_CASE("InternetTimeFromSystemTime: bad input", "[wininet][time]") {
  char a[INTERNET_RFC1123_BUFSIZE];
  wchar_t w[INTERNET_RFC1123_BUFSIZE + 1];
  struct Case {
    const SYSTEMTIME* time;
    DWORD format;
    bool buffer;
    DWORD sizeA, sizeW;
    DWORD error;
  };
  const Case cases[] = {
      {nullptr, INTERNET_RFC1123_FORMAT, true, sizeof(a), sizeof(w), ERROR_INVALID_PARAMETER},
      {&kJan7, INTERNET_RFC1123_FORMAT, false, sizeof(a), sizeof(w), ERROR_INVALID_PARAMETER},
      {&kJan7, INTERNET_RFC1123_FORMAT + 1, true, sizeof(a), sizeof(w), ERROR_INVALID_PARAMETER},
      {&kJan7, INTERNET_RFC1123_FORMAT, true, 0, 0, ERROR_INSUFFICIENT_BUFFER},
      // A size in characters is too small for the W form.
      {&kJan7, INTERNET_RFC1123_FORMAT, true, INTERNET_RFC1123_BUFSIZE - 1, INTERNET_RFC1123_BUFSIZE + 1,
       ERROR_INSUFFICIENT_BUFFER},
  };
  for (const Case& c : cases) {
    SetLastError(kUnset);
    CHECK_FALSE(InternetTimeFromSystemTimeA(c.time, c.format, c.buffer ? a : nullptr, c.sizeA));
    CHECK(GetLastError() == c.error);
    SetLastError(kUnset);
    CHECK_FALSE(InternetTimeFromSystemTimeW(c.time, c.format, c.buffer ? w : nullptr, c.sizeW));
    CHECK(GetLastError() == c.error);
  }
  SYSTEMTIME badMonth = kJan7;
  badMonth.wMonth = 13;
  SetLastError(kUnset);
  CHECK_FALSE(InternetTimeFromSystemTimeA(&badMonth, INTERNET_RFC1123_FORMAT, a, sizeof(a)));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
}

TEST_CASE("InternetTimeToSystemTime reads the dates servers send", "[wininet][time]") {
  const SYSTEMTIME jan7 = kJan7;
  const SYSTEMTIME jan11 = {2022, 1, 2, 11, 11, 13, 5, 0};
  auto year = [](WORD y) {
    SYSTEMTIME t = kJan7;
    t.wYear = y;
    return t;
  };
  struct Case {
    const char* text;
    SYSTEMTIME expected;
  };
  const Case cases[] = {
      {"Fri, 07 Jan 2005 12:06:35 GMT", jan7},   {"Fri, 07 Jan 2005 12:06:35 UTC", jan7},
      {" fri, 7 jan 2005 12 06 35", jan7},       {"Fri, 07-01-2005 12:06:35", jan7},
      {"5, 07-01-2005 12:06:35 GMT", jan7},      {"5, 07-01-2005 12:06:35 GMT;", jan7},
      {"5, 07-01-2005 12:06:35 GMT123", jan7},   {"2, 11 01 2022 11 13 05", jan11},
      {"2, 11-01-2022 11#13^05", jan11},         {"2, 11*01/2022 11+13=05", jan11},
      {"2, 11-Jan-2022 11:13:05", jan11},        {"Fri Jan 7 12:06:35 2005", jan7},
      {"Fri Jan 7 12:06:35 2005 GMT", jan7},     {"Fri, 7-Jan-05 12:06:35 GMT", jan7},
      {"Fri Jan 7 12:06:35 99 UTC", year(1999)}, {"Fri Jan 7 12:06:35 100 UTC", year(100)},
      {"Fri Jan 7 12:06:35 1600 UTC", year(1600)}, {"Fri Jan 7 12:06:35 30828 UTC", year(30828)},
      {"Fri Jan 7 12:06:35 79 UTC", year(2079)}, {"Fri Jan 7 12:06:35 80 UTC", year(1980)},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    SYSTEMTIME time{};
    SetLastError(kUnset);
    REQUIRE(InternetTimeToSystemTimeA(c.text, &time, 0));
    CHECK(same(time, c.expected));
    const std::string ascii(c.text);
    const std::wstring wide(ascii.begin(), ascii.end());
    time = SYSTEMTIME{};
    REQUIRE(InternetTimeToSystemTimeW(wide.c_str(), &time, 0));
    CHECK(same(time, c.expected));
  }
  // Text it cannot read is no error: the fields stay the current time's.
  SYSTEMTIME time{};
  CHECK(InternetTimeToSystemTimeA("Fr", &time, 0));
  CHECK(time.wYear >= 2020);
}

TEST_CASE("InternetTimeToSystemTime: bad input", "[wininet][time]") {
  SYSTEMTIME time;
  SetLastError(kUnset);
  CHECK_FALSE(InternetTimeToSystemTimeA(nullptr, &time, 0));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  CHECK_FALSE(InternetTimeToSystemTimeA("Fri, 07 Jan 2005 12:06:35 GMT", nullptr, 0));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  CHECK_FALSE(InternetTimeToSystemTimeW(nullptr, &time, 0));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  CHECK_FALSE(InternetTimeToSystemTimeW(L"Fri, 07 Jan 2005 12:06:35 GMT", nullptr, 0));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  using TimeTo = BOOL(WINAPI*)(LPCSTR, SYSTEMTIME*, DWORD);
  const auto plain = reinterpret_cast<TimeTo>(
      reinterpret_cast<void*>(GetProcAddress(GetModuleHandleA("wininet.dll"), "InternetTimeToSystemTime")));
  REQUIRE(plain);
  REQUIRE(plain("Fri, 07 Jan 2005 12:06:35 GMT", &time, 0));
  CHECK(same(time, kJan7));
}
