// InternetCrackUrl and InternetCreateUrl, A and W, with the cases Wine's
// tests verify against Windows (dlls/wininet/tests/url.c) and the buffer
// rules.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr DWORD kUnset = 0xdeadbeef;

std::wstring wide(const std::string& ascii) { return std::wstring(ascii.begin(), ascii.end()); }

// One crack case: offsets into the URL (-1: a NULL pointer) and lengths in
// pointer mode; the texts a buffer receives.
struct CrackCase {
  const char* url;
  int schemeOff, schemeLen;
  INTERNET_SCHEME scheme;
  int hostOff, hostLen;
  INTERNET_PORT port;
  int userOff, userLen, passOff, passLen, pathOff, pathLen, extraOff, extraLen;
  const char *expScheme, *expHost, *expUser, *expPass, *expPath, *expExtra;
};

const CrackCase kCrackCases[] = {
    {"http://www.winehq.org/site/about#hi", 0, 4, INTERNET_SCHEME_HTTP, 7, 14, 80, -1, 0, -1, 0, 21, 11, 32, 3,
     "http", "www.winehq.org", "", "", "/site/about", "#hi"},
    {"http://www.myserver.com/myscript.php?arg=1", 0, 4, INTERNET_SCHEME_HTTP, 7, 16, 80, -1, 0, -1, 0, 23, 13, 36,
     6, "http", "www.myserver.com", "", "", "/myscript.php", "?arg=1"},
    {"http://www.winehq.org?test=123", 0, 4, INTERNET_SCHEME_HTTP, 7, 14, 80, -1, 0, -1, 0, 21, 0, 21, 9, "http",
     "www.winehq.org", "", "", "", "?test=123"},
    {"http://www.winehq.org/myscript.php;test=123", 0, 4, INTERNET_SCHEME_HTTP, 7, 14, 80, -1, 0, -1, 0, 21, 22, -1,
     0, "http", "www.winehq.org", "", "", "/myscript.php;test=123", ""},
    {"HtTp://www.winehq.org/scheme", 0, 4, INTERNET_SCHEME_HTTP, 7, 14, 80, -1, 0, -1, 0, 21, 7, -1, 0, "HtTp",
     "www.winehq.org", "", "", "/scheme", ""},
    {"http://www.winehq.org", 0, 4, INTERNET_SCHEME_HTTP, 7, 14, 80, -1, 0, -1, 0, 21, 0, -1, 0, "http",
     "www.winehq.org", "", "", "", ""},
    {"file:///C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml", 0, 4, INTERNET_SCHEME_FILE, -1, 0, 0, -1, 0,
     -1, 0, 7, 55, -1, 0, "file", "", "", "", "C:\\Program Files\\Atmel\\AVR Tools\\STK500\\STK500.xml", ""},
    {"fide:///C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml", 0, 4, INTERNET_SCHEME_UNKNOWN, 7, 0, 0, -1, 0,
     -1, 0, 7, 55, -1, 0, "fide", "", "", "", "/C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml", ""},
    {"file://C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml", 0, 4, INTERNET_SCHEME_FILE, -1, 0, 0, -1, 0,
     -1, 0, 7, 54, -1, 0, "file", "", "", "", "C:\\Program%20Files\\Atmel\\AVR%20Tools\\STK500\\STK500.xml", ""},
    {"file://C:/Program%20Files/Atmel/..", 0, 4, INTERNET_SCHEME_FILE, -1, 0, 0, -1, 0, -1, 0, 7, 27, -1, 0, "file",
     "", "", "", "C:\\Program%20Files\\Atmel\\..\\", ""},
    {"file:///C:/Program%20Files/Atmel/../Asdf.xml", 0, 4, INTERNET_SCHEME_FILE, -1, 0, 0, -1, 0, -1, 0, 7, 37, -1,
     0, "file", "", "", "", "C:\\Program Files\\Atmel\\..\\Asdf.xml", ""},
    {"file:///C:/Program%20Files/Atmel/.", 0, 4, INTERNET_SCHEME_FILE, -1, 0, 0, -1, 0, -1, 0, 7, 27, -1, 0, "file",
     "", "", "", "C:\\Program Files\\Atmel\\.\\", ""},
    {"C:\\file.txt", 0, 1, INTERNET_SCHEME_UNKNOWN, -1, 0, 0, -1, 0, -1, 0, 2, 9, -1, 0, "C", "", "", "",
     "\\file.txt", ""},
    {"res://IELib.dll/test.htm", 0, 3, INTERNET_SCHEME_RES, 6, 9, 0, -1, 0, -1, 0, 15, 9, -1, 0, "res", "IELib.dll",
     "", "", "/test.htm", ""},
    {"gopher://www.winehq.org/site/about#hi", 0, 6, INTERNET_SCHEME_GOPHER, 9, 14, 0, -1, 0, -1, 0, 23, 11, 34, 3,
     "gopher", "www.winehq.org", "", "", "/site/about", "#hi"},
    {"https://user:pass@host:8443/p?q", 0, 5, INTERNET_SCHEME_HTTPS, 18, 4, 8443, 8, 4, 13, 4, 27, 2, 29, 2, "https",
     "host", "user", "pass", "/p", "?q"},
    {"ftp://host/f", 0, 3, INTERNET_SCHEME_FTP, 6, 4, 21, -1, 0, -1, 0, 10, 2, -1, 0, "ftp", "host", "", "", "/f", ""},
};

template <class C>
struct Forms;

template <>
struct Forms<char> {
  using Components = URL_COMPONENTSA;
  static BOOL crack(const char* url, DWORD length, DWORD flags, Components* uc) {
    return InternetCrackUrlA(url, length, flags, uc);
  }
  static BOOL create(Components* uc, DWORD flags, char* url, DWORD* length) {
    return InternetCreateUrlA(uc, flags, url, length);
  }
  static std::string text(const std::string& ascii) { return ascii; }
};

template <>
struct Forms<wchar_t> {
  using Components = URL_COMPONENTSW;
  static BOOL crack(const wchar_t* url, DWORD length, DWORD flags, Components* uc) {
    return InternetCrackUrlW(url, length, flags, uc);
  }
  static BOOL create(Components* uc, DWORD flags, wchar_t* url, DWORD* length) {
    return InternetCreateUrlW(uc, flags, url, length);
  }
  static std::wstring text(const std::string& ascii) { return wide(ascii); }
};

template <class C>
typename Forms<C>::Components pointerRequest() {
  typename Forms<C>::Components uc{};
  uc.dwStructSize = sizeof(uc);
  uc.dwSchemeLength = uc.dwHostNameLength = uc.dwUserNameLength = 1;
  uc.dwPasswordLength = uc.dwUrlPathLength = uc.dwExtraInfoLength = 1;
  return uc;
}

template <class C>
struct Buffers {
  C scheme[64], host[64], user[64], pass[64], path[128], extra[128];
  typename Forms<C>::Components request() {
    typename Forms<C>::Components uc{};
    uc.dwStructSize = sizeof(uc);
    uc.lpszScheme = scheme;
    uc.dwSchemeLength = 64;
    uc.lpszHostName = host;
    uc.dwHostNameLength = 64;
    uc.lpszUserName = user;
    uc.dwUserNameLength = 64;
    uc.lpszPassword = pass;
    uc.dwPasswordLength = 64;
    uc.lpszUrlPath = path;
    uc.dwUrlPathLength = 128;
    uc.lpszExtraInfo = extra;
    uc.dwExtraInfoLength = 128;
    return uc;
  }
};

template <class C>
void checkPointer(const C* base, C* field, DWORD length, int offset, int expectedLength) {
  if (offset < 0) {
    CHECK(field == nullptr);
  } else {
    CHECK(field == base + offset);
  }
  CHECK(length == DWORD(expectedLength));
}

template <class C>
void checkCrackCase(const CrackCase& t) {
  using F = Forms<C>;
  const auto url = F::text(t.url);
  auto uc = pointerRequest<C>();
  SetLastError(kUnset);
  REQUIRE(F::crack(url.c_str(), DWORD(url.size()), 0, &uc));
  checkPointer(url.c_str(), uc.lpszScheme, uc.dwSchemeLength, t.schemeOff, t.schemeLen);
  CHECK(uc.nScheme == t.scheme);
  checkPointer(url.c_str(), uc.lpszHostName, uc.dwHostNameLength, t.hostOff, t.hostLen);
  CHECK(uc.nPort == t.port);
  checkPointer(url.c_str(), uc.lpszUserName, uc.dwUserNameLength, t.userOff, t.userLen);
  checkPointer(url.c_str(), uc.lpszPassword, uc.dwPasswordLength, t.passOff, t.passLen);
  checkPointer(url.c_str(), uc.lpszUrlPath, uc.dwUrlPathLength, t.pathOff, t.pathLen);
  checkPointer(url.c_str(), uc.lpszExtraInfo, uc.dwExtraInfoLength, t.extraOff, t.extraLen);

  Buffers<C> b;
  uc = b.request();
  REQUIRE(F::crack(url.c_str(), DWORD(url.size()), 0, &uc));
  CHECK(std::basic_string<C>(b.scheme) == F::text(t.expScheme));
  CHECK(uc.dwSchemeLength == std::strlen(t.expScheme));
  CHECK(std::basic_string<C>(b.host) == F::text(t.expHost));
  CHECK(uc.dwHostNameLength == std::strlen(t.expHost));
  CHECK(std::basic_string<C>(b.user) == F::text(t.expUser));
  CHECK(std::basic_string<C>(b.pass) == F::text(t.expPass));
  CHECK(std::basic_string<C>(b.path) == F::text(t.expPath));
  CHECK(uc.dwUrlPathLength == std::strlen(t.expPath));
  CHECK(std::basic_string<C>(b.extra) == F::text(t.expExtra));
  CHECK(uc.dwExtraInfoLength == std::strlen(t.expExtra));
  CHECK(uc.nScheme == t.scheme);
  CHECK(uc.nPort == t.port);
}

template <class C>
DWORD crackError(const std::string& url, DWORD length = 0, DWORD flags = 0) {
  auto uc = pointerRequest<C>();
  const auto text = Forms<C>::text(url);
  SetLastError(kUnset);
  if (Forms<C>::crack(text.c_str(), length, flags, &uc)) return ERROR_SUCCESS;
  return GetLastError();
}

}  // namespace

TEMPLATE_TEST_CASE("InternetCrackUrl: Windows' cases, pointers and buffers", "[wininet][url]", char, wchar_t) {
  for (const CrackCase& t : kCrackCases) {
    INFO(t.url);
    checkCrackCase<TestType>(t);
  }
}

TEMPLATE_TEST_CASE("InternetCrackUrl: without a place for extra information the path keeps it", "[wininet][url]",
                   char, wchar_t) {
  using F = Forms<TestType>;
  const auto url = F::text("http://192.168.0.22/CFIDE/main.cfm?CFSVR=IDE&ACTION=IDE_DEFAULT");
  Buffers<TestType> b;
  auto uc = b.request();
  uc.lpszScheme = uc.lpszUserName = uc.lpszPassword = uc.lpszExtraInfo = nullptr;
  uc.dwSchemeLength = uc.dwUserNameLength = uc.dwPasswordLength = uc.dwExtraInfoLength = 0;
  REQUIRE(F::crack(url.c_str(), 0, 0, &uc));
  CHECK(uc.dwHostNameLength == 12);
  CHECK(uc.dwUrlPathLength == 44);
  CHECK(uc.dwExtraInfoLength == 0);

  uc = b.request();
  uc.lpszExtraInfo = nullptr;  // a pointer is wanted: the extra stays apart
  REQUIRE(F::crack(url.c_str(), 0, 0, &uc));
  CHECK(uc.dwUrlPathLength == 15);
  CHECK(uc.dwExtraInfoLength == 29);
  CHECK(uc.lpszExtraInfo == url.c_str() + 34);
}

TEMPLATE_TEST_CASE("InternetCrackUrl: bad input fails with Windows' errors", "[wininet][url]", char, wchar_t) {
  using F = Forms<TestType>;
  auto uc = pointerRequest<TestType>();
  SetLastError(kUnset);
  CHECK_FALSE(F::crack(nullptr, 0, 0, &uc));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  const auto url = F::text("http://host/");
  SetLastError(kUnset);
  CHECK_FALSE(F::crack(url.c_str(), 0, 0, nullptr));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);

  CHECK(crackError<TestType>("") == ERROR_INTERNET_UNRECOGNIZED_SCHEME);
  CHECK(crackError<TestType>("file.txt") == ERROR_INTERNET_UNRECOGNIZED_SCHEME);
  CHECK(crackError<TestType>("www.winehq.org") == ERROR_INTERNET_UNRECOGNIZED_SCHEME);
  CHECK(crackError<TestType>("../Ritz.xml") == ERROR_INTERNET_UNRECOGNIZED_SCHEME);
  CHECK(crackError<TestType>("http://") == ERROR_INTERNET_INVALID_URL);
  CHECK(crackError<TestType>("http://host:65536/") == ERROR_INTERNET_INVALID_URL);
  CHECK(crackError<TestType>("http://host:65535/") == ERROR_SUCCESS);
}

TEST_CASE("InternetCrackUrlA checks the structure's size; the W form does not", "[wininet][url]") {
  URL_COMPONENTSA a = pointerRequest<char>();
  a.dwStructSize = 0;
  SetLastError(kUnset);
  CHECK_FALSE(InternetCrackUrlA("http://host/", 0, 0, &a));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  a.dwStructSize = sizeof(a) + 1;
  CHECK_FALSE(InternetCrackUrlA("http://host/", 0, 0, &a));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);

  URL_COMPONENTSW w = pointerRequest<wchar_t>();
  w.dwStructSize = 0;
  CHECK(InternetCrackUrlW(L"http://host/", 0, 0, &w));
}

TEMPLATE_TEST_CASE("InternetCrackUrl: the URL's length is a maximum a NUL cuts short", "[wininet][url]", char,
                   wchar_t) {
  using F = Forms<TestType>;
  Buffers<TestType> b;
  auto uc = b.request();
  const auto url = F::text("http://x.org");
  REQUIRE(F::crack(url.c_str(), 13, 0, &uc));  // counts the terminator
  CHECK(uc.dwHostNameLength == 5);

  std::basic_string<TestType> withNul = F::text("http://x.org");
  withNul.push_back(TestType(0));
  withNul += F::text("/x");
  uc = b.request();
  REQUIRE(F::crack(withNul.c_str(), DWORD(withNul.size()), 0, &uc));
  CHECK(uc.dwUrlPathLength == 0);
  CHECK(b.path[0] == 0);

  uc = b.request();
  REQUIRE(F::crack(url.c_str(), 8, 0, &uc));  // "http://x"
  CHECK(std::basic_string<TestType>(b.host) == F::text("x"));
}

TEMPLATE_TEST_CASE("InternetCrackUrl: short and zero-length buffers get the size needed", "[wininet][url]", char,
                   wchar_t) {
  using F = Forms<TestType>;
  const auto url = F::text("http://www.winehq.org/path/#" + std::string(200, 'x'));
  Buffers<TestType> b;
  auto uc = b.request();
  uc.dwSchemeLength = 4;  // "http" and no room for its terminator
  SetLastError(kUnset);
  CHECK_FALSE(F::crack(url.c_str(), 0, 0, &uc));
  CHECK(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  CHECK(uc.dwSchemeLength == 5);
  CHECK(uc.dwExtraInfoLength == 202);  // 201 characters do not fit in 128
  CHECK(uc.dwHostNameLength == 14);    // the others are filled in

  uc = b.request();
  uc.dwUrlPathLength = 0;  // a buffer without a length
  CHECK_FALSE(F::crack(url.c_str(), 0, 0, &uc));
  CHECK(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
}

TEMPLATE_TEST_CASE("InternetCrackUrl: ICU_DECODE and ICU_ESCAPE decode into buffers", "[wininet][url]", char,
                   wchar_t) {
  using F = Forms<TestType>;
  const auto url = F::text("http://us%65r@host/a%20b?c%3Dd");
  for (DWORD flags : {DWORD(ICU_DECODE), DWORD(ICU_ESCAPE)}) {
    Buffers<TestType> b;
    auto uc = b.request();
    REQUIRE(F::crack(url.c_str(), 0, flags, &uc));
    CHECK(std::basic_string<TestType>(b.user) == F::text("user"));
    CHECK(std::basic_string<TestType>(b.path) == F::text("/a b"));
    CHECK(std::basic_string<TestType>(b.extra) == F::text("?c=d"));

    auto zero = b.request();
    zero.dwSchemeLength = zero.dwHostNameLength = zero.dwUserNameLength = 0;
    zero.dwPasswordLength = zero.dwUrlPathLength = zero.dwExtraInfoLength = 0;
    SetLastError(kUnset);
    CHECK_FALSE(F::crack(url.c_str(), 0, flags, &zero));
    CHECK(GetLastError() == ERROR_INVALID_PARAMETER);

    auto pointers = pointerRequest<TestType>();
    CHECK_FALSE(F::crack(url.c_str(), 0, flags, &pointers));
    CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  }
}

TEMPLATE_TEST_CASE("InternetCrackUrl: ICU_DECODE writes an empty path, and refuses buffers of no length",
                   "[wininet][url]", char, wchar_t) {
  using F = Forms<TestType>;
  // Windows writes the empty path of "http://x.org" into the buffer when
  // decoding, as it does without ICU_DECODE (wine wininet tests, url.c,
  // InternetCrackUrlW_test).
  {
    const auto url = F::text("http://x.org");
    Buffers<TestType> b;
    b.path[0] = TestType(0xBA);
    typename F::Components uc{};
    uc.dwStructSize = sizeof(uc);
    uc.lpszHostName = b.host;
    uc.dwHostNameLength = 64;
    uc.lpszUrlPath = b.path;
    uc.dwUrlPathLength = 128;
    SetLastError(kUnset);
    REQUIRE(F::crack(url.c_str(), 0, ICU_DECODE, &uc));
    CHECK(std::basic_string<TestType>(b.host) == F::text("x.org"));
    CHECK(uc.dwHostNameLength == 5);
    CHECK(b.path[0] == 0);
    CHECK(uc.dwUrlPathLength == 0);
  }
  // A buffer whose length is 0 is too small, path and extra information
  // included; the first four parts all fail alike (wine wininet tests,
  // url.c, InternetCrackUrl_test on a file URL with ICU_DECODE).
  const auto url = F::text("file:///C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml");
  auto crackWithZero = [&](int zeroed) {
    Buffers<TestType> b;
    auto uc = b.request();
    DWORD* lengths[] = {&uc.dwSchemeLength, &uc.dwHostNameLength, &uc.dwUserNameLength,
                        &uc.dwPasswordLength, &uc.dwUrlPathLength, &uc.dwExtraInfoLength};
    *lengths[zeroed] = 0;
    SetLastError(kUnset);
    return F::crack(url.c_str(), 0, ICU_DECODE, &uc) ? DWORD(ERROR_SUCCESS) : GetLastError();
  };
  const DWORD first = crackWithZero(0);
  for (int part = 1; part < 4; ++part) CHECK(crackWithZero(part) == first);
  CHECK(crackWithZero(4) == ERROR_INSUFFICIENT_BUFFER);
  CHECK(crackWithZero(5) == ERROR_INSUFFICIENT_BUFFER);
}

namespace {

// Wine's fill_url_components: every part, port 80.
template <class C>
struct CreateParts {
  std::basic_string<C> http = Forms<C>::text("http"), host = Forms<C>::text("www.winehq.org"),
                       user = Forms<C>::text("username"), pass = Forms<C>::text("password"),
                       path = Forms<C>::text("/site/about"), empty;
  typename Forms<C>::Components components() {
    typename Forms<C>::Components uc{};
    uc.dwStructSize = sizeof(uc);
    uc.lpszScheme = http.data();
    uc.dwSchemeLength = DWORD(http.size());
    uc.nScheme = INTERNET_SCHEME_HTTP;
    uc.lpszHostName = host.data();
    uc.dwHostNameLength = DWORD(host.size());
    uc.nPort = 80;
    uc.lpszUserName = user.data();
    uc.dwUserNameLength = DWORD(user.size());
    uc.lpszPassword = pass.data();
    uc.dwPasswordLength = DWORD(pass.size());
    uc.lpszUrlPath = path.data();
    uc.dwUrlPathLength = DWORD(path.size());
    uc.lpszExtraInfo = empty.data();
    uc.dwExtraInfoLength = 0;
    return uc;
  }
};

template <class C>
std::basic_string<C> created(typename Forms<C>::Components uc, DWORD flags = 0) {
  C buffer[256];
  DWORD length = 256;
  SetLastError(kUnset);
  REQUIRE(Forms<C>::create(&uc, flags, buffer, &length));
  CHECK(GetLastError() == kUnset);  // success leaves the last error alone
  CHECK(length == std::basic_string<C>(buffer).size());
  return buffer;
}

}  // namespace

TEMPLATE_TEST_CASE("InternetCreateUrl: lengths in characters, a short buffer's size in bytes", "[wininet][url]",
                   char, wchar_t) {
  using F = Forms<TestType>;
  CreateParts<TestType> parts;
  auto uc = parts.components();
  DWORD length = kUnset;
  SetLastError(kUnset);
  CHECK_FALSE(F::create(nullptr, 0, nullptr, &length));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  CHECK(length == kUnset);
  typename F::Components zeroed{};
  CHECK_FALSE(F::create(&zeroed, 0, nullptr, &length));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  CHECK_FALSE(F::create(&uc, 0, nullptr, nullptr));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);

  // "http://username:password@www.winehq.org/site/about" is 50 characters.
  const DWORD needed = 51 * sizeof(TestType);
  length = 0;
  CHECK_FALSE(F::create(&uc, 0, nullptr, &length));
  CHECK(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  CHECK(length == needed);
  length = 1000;  // no buffer is too small whatever its size
  CHECK_FALSE(F::create(&uc, 0, nullptr, &length));
  CHECK(length == needed);
  std::vector<TestType> buffer(64, TestType('#'));
  length = 50;
  CHECK_FALSE(F::create(&uc, 0, buffer.data(), &length));
  CHECK(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  CHECK(length == needed);
  CHECK(buffer[0] == TestType('#'));
  length = 51;
  SetLastError(kUnset);
  REQUIRE(F::create(&uc, 0, buffer.data(), &length));
  CHECK(length == 50);
  CHECK(std::basic_string<TestType>(buffer.data()) == F::text("http://username:password@www.winehq.org/site/about"));
}

TEMPLATE_TEST_CASE("InternetCreateUrl: Windows' cases", "[wininet][url]", char, wchar_t) {
  using F = Forms<TestType>;
  CreateParts<TestType> parts;

  auto uc = parts.components();
  uc.lpszScheme = nullptr;  // nScheme names it
  CHECK(created<TestType>(uc) == F::text("http://username:password@www.winehq.org/site/about"));
  uc = parts.components();
  uc.nScheme = INTERNET_SCHEME(-3);  // ignored beside a scheme name
  CHECK(created<TestType>(uc) == F::text("http://username:password@www.winehq.org/site/about"));
  uc = parts.components();
  uc.lpszScheme = nullptr;
  uc.nScheme = INTERNET_SCHEME(-3);
  DWORD length = 256;
  TestType buffer[256];
  SetLastError(kUnset);
  CHECK_FALSE(F::create(&uc, 0, buffer, &length));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);

  uc = parts.components();
  uc.lpszPassword = nullptr;
  CHECK(created<TestType>(uc) == F::text("http://username@www.winehq.org/site/about"));
  uc = parts.components();
  uc.lpszUserName = uc.lpszPassword = nullptr;
  CHECK(created<TestType>(uc) == F::text("http://www.winehq.org/site/about"));
  uc = parts.components();
  uc.lpszUserName = nullptr;  // a password needs a user
  length = 42;
  SetLastError(kUnset);
  CHECK_FALSE(F::create(&uc, 0, buffer, &length));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  CHECK(length == 42);

  uc = parts.components();
  const auto nhttp = F::text("nhttp");
  uc.lpszScheme = const_cast<TestType*>(nhttp.c_str());
  uc.dwSchemeLength = 5;
  CHECK(created<TestType>(uc, ICU_ESCAPE) == F::text("nhttp://username:password@www.winehq.org:80/site/about"));
  uc = parts.components();
  uc.nPort = 42;
  CHECK(created<TestType>(uc, ICU_ESCAPE) == F::text("http://username:password@www.winehq.org:42/site/about"));

  // Lengths of 0 mean NUL-terminated.
  uc = parts.components();
  const auto https = F::text("https");
  uc.lpszScheme = const_cast<TestType*>(https.c_str());
  uc.dwSchemeLength = uc.dwHostNameLength = uc.dwUserNameLength = uc.dwPasswordLength = uc.dwUrlPathLength = 0;
  uc.nPort = 443;
  CHECK(created<TestType>(uc, ICU_ESCAPE) == F::text("https://username:password@www.winehq.org/site/about"));

  const auto about = F::text("about"), blank = F::text("blank"), host = F::text("host");
  typename F::Components bare{};
  bare.dwStructSize = sizeof(bare);
  bare.lpszScheme = const_cast<TestType*>(about.c_str());
  bare.lpszUrlPath = const_cast<TestType*>(blank.c_str());
  CHECK(created<TestType>(bare, ICU_ESCAPE) == F::text("about:blank"));
  bare.lpszHostName = const_cast<TestType*>(host.c_str());
  CHECK(created<TestType>(bare, ICU_ESCAPE) == F::text("about://host/blank"));
  bare.lpszHostName = nullptr;
  bare.lpszUrlPath = nullptr;
  bare.nPort = 8080;
  CHECK(created<TestType>(bare, ICU_ESCAPE) == F::text("about:"));

  uc = parts.components();
  uc.lpszUserName = uc.lpszPassword = uc.lpszUrlPath = uc.lpszExtraInfo = nullptr;
  uc.nPort = 65535;
  CHECK(created<TestType>(uc) == F::text("http://www.winehq.org:65535"));

  const auto root = F::text("/"), query = F::text("?test=123");
  uc = parts.components();
  uc.lpszUserName = uc.lpszPassword = nullptr;
  uc.lpszUrlPath = const_cast<TestType*>(root.c_str());
  uc.dwUrlPathLength = 1;
  uc.lpszExtraInfo = const_cast<TestType*>(query.c_str());
  uc.dwExtraInfoLength = 9;
  CHECK(created<TestType>(uc, ICU_ESCAPE) == F::text("http://www.winehq.org/?test=123"));
}

TEMPLATE_TEST_CASE("InternetCreateUrl: ICU_ESCAPE escapes the path and extra information only", "[wininet][url]",
                   char, wchar_t) {
  // "Converts all unsafe characters to their corresponding escape sequences
  // in the path ... and in the extra-information string"
  // (InternetCreateUrl's documentation); unsafe as RFC 1738 names them:
  // controls, space, non-ASCII and  " # % < > [ \ ] ^ ` { | } ~. What a URL
  // needs stays: '/', '?', '=', '&' (wine wininet tests, url.c: "/site/about"
  // and "?test=123" come back unchanged with ICU_ESCAPE).
  using F = Forms<TestType>;
  CreateParts<TestType> parts;
  auto uc = parts.components();
  uc.lpszUserName = uc.lpszPassword = nullptr;
  const auto path = F::text("/a b<c>"), extra = F::text("?x=1 2");
  uc.lpszUrlPath = const_cast<TestType*>(path.c_str());
  uc.dwUrlPathLength = 0;
  uc.lpszExtraInfo = const_cast<TestType*>(extra.c_str());
  uc.dwExtraInfoLength = 0;
  CHECK(created<TestType>(uc, ICU_ESCAPE) == F::text("http://www.winehq.org/a%20b%3Cc%3E?x=1%202"));
  CHECK(created<TestType>(uc) == F::text("http://www.winehq.org/a b<c>?x=1 2"));

  const auto unsafe = F::text("/%\"{|}\\^~[]`"), marks = F::text("?a=1&b=/c#d");
  uc.lpszUrlPath = const_cast<TestType*>(unsafe.c_str());
  uc.lpszExtraInfo = const_cast<TestType*>(marks.c_str());
  CHECK(created<TestType>(uc, ICU_ESCAPE) ==
        F::text("http://www.winehq.org/%25%22%7B%7C%7D%5C%5E%7E%5B%5D%60?a=1&b=/c%23d"));
  // User, password and host are copied as they are.
  const auto user = F::text("a b"), host = F::text("h<st");
  uc.lpszUserName = const_cast<TestType*>(user.c_str());
  uc.dwUserNameLength = 0;
  uc.lpszHostName = const_cast<TestType*>(host.c_str());
  uc.dwHostNameLength = 0;
  uc.lpszUrlPath = uc.lpszExtraInfo = nullptr;
  CHECK(created<TestType>(uc, ICU_ESCAPE) == F::text("http://a b@h<st"));
}

TEST_CASE("InternetCreateUrlW: ICU_ESCAPE falls back to UTF-8 outside the ANSI code page", "[wininet][url]") {
  CreateParts<wchar_t> parts;
  auto uc = parts.components();
  uc.lpszUserName = uc.lpszPassword = nullptr;
  std::wstring path = L"/\x263A";  // no form in any single-byte code page
  uc.lpszUrlPath = path.data();
  uc.dwUrlPathLength = 2;
  CHECK(created<wchar_t>(uc, ICU_ESCAPE) == L"http://www.winehq.org/%E2%98%BA");
}
