// InternetCanonicalizeUrl and InternetCombineUrl, A and W: every ICU flag on
// the cases Wine's tests verify against Windows (dlls/wininet/tests/url.c,
// internet.c) and the buffer rules.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>
#include <vector>

namespace {

constexpr DWORD kUnset = 0xdeadbeef;

template <class C>
struct Forms;

template <>
struct Forms<char> {
  static BOOL canonicalize(const char* url, char* buffer, DWORD* length, DWORD flags) {
    return InternetCanonicalizeUrlA(url, buffer, length, flags);
  }
  static BOOL combine(const char* base, const char* relative, char* buffer, DWORD* length, DWORD flags) {
    return InternetCombineUrlA(base, relative, buffer, length, flags);
  }
  static std::string text(const std::string& ascii) { return ascii; }
};

template <>
struct Forms<wchar_t> {
  static BOOL canonicalize(const wchar_t* url, wchar_t* buffer, DWORD* length, DWORD flags) {
    return InternetCanonicalizeUrlW(url, buffer, length, flags);
  }
  static BOOL combine(const wchar_t* base, const wchar_t* relative, wchar_t* buffer, DWORD* length, DWORD flags) {
    return InternetCombineUrlW(base, relative, buffer, length, flags);
  }
  static std::wstring text(const std::string& ascii) { return std::wstring(ascii.begin(), ascii.end()); }
};

template <class C>
std::basic_string<C> canonical(const std::string& url, DWORD flags) {
  C buffer[256];
  DWORD length = 256;
  SetLastError(kUnset);
  REQUIRE(Forms<C>::canonicalize(Forms<C>::text(url).c_str(), buffer, &length, flags));
  CHECK(length == std::basic_string<C>(buffer).size());
  return buffer;
}

template <class C>
std::basic_string<C> combined(const std::string& base, const std::string& relative, DWORD flags = 0) {
  C buffer[256];
  DWORD length = 256;
  REQUIRE(Forms<C>::combine(Forms<C>::text(base).c_str(), Forms<C>::text(relative).c_str(), buffer, &length, flags));
  CHECK(length == std::basic_string<C>(buffer).size());
  return buffer;
}

}  // namespace

TEMPLATE_TEST_CASE("InternetCanonicalizeUrl: every ICU flag", "[wininet][url]", char, wchar_t) {
  using F = Forms<TestType>;
  const std::string src = "http://www.winehq.org/%27/ /./>/#>  ";
  CHECK(canonical<TestType>(src, 0) == F::text("http://www.winehq.org/%27/%20/%3E/#>"));
  CHECK(canonical<TestType>(src, ICU_BROWSER_MODE) == F::text("http://www.winehq.org/%27/%20/%3E/#>"));
  CHECK(canonical<TestType>(src, ICU_ESCAPE) == F::text("http://www.winehq.org/%27/%20/%3E/#>"));
  CHECK(canonical<TestType>(src, ICU_DECODE) == F::text("http://www.winehq.org/'/%20/%3E/#>"));
  CHECK(canonical<TestType>(src, ICU_ENCODE_PERCENT) == F::text("http://www.winehq.org/%2527/%20/%3E/#>"));
  CHECK(canonical<TestType>(src, ICU_ENCODE_SPACES_ONLY) == F::text("http://www.winehq.org/%27/%20/>/#>"));
  CHECK(canonical<TestType>(src, ICU_NO_ENCODE) == F::text("http://www.winehq.org/%27/ />/#>"));
  CHECK(canonical<TestType>(src, ICU_NO_META) == F::text("http://www.winehq.org/%27/%20/./%3E/#>"));
  CHECK(canonical<TestType>("http://h/a b?c d#e f", ICU_ENCODE_SPACES_ONLY) == F::text("http://h/a%20b?c%20d#e%20f"));
  CHECK(canonical<TestType>("http://h/a b?c d#e f", ICU_ENCODE_SPACES_ONLY | ICU_BROWSER_MODE) ==
        F::text("http://h/a%20b?c d#e f"));
  CHECK(canonical<TestType>("http://www.winehq.org/index.php?x= ", ICU_BROWSER_MODE) ==
        F::text("http://www.winehq.org/index.php?x="));
  CHECK(canonical<TestType>("file:///C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml",
                            ICU_DECODE | ICU_NO_ENCODE) ==
        F::text("file://C:\\Program Files\\Atmel\\AVR Tools\\STK500\\STK500.xml"));
  CHECK(canonical<TestType>("http://www.winehq.org/tests/../tests/..", 0) == F::text("http://www.winehq.org/"));
  CHECK(canonical<TestType>("http://www.winehq.org", 0) == F::text("http://www.winehq.org/"));
}

TEMPLATE_TEST_CASE("InternetCanonicalizeUrl: lengths exclude the terminator, short buffers get it counted",
                   "[wininet][url]", char, wchar_t) {
  using F = Forms<TestType>;
  const auto url = F::text("http://swupmf.adobe.com/manifest/50/win/AdobeUpdater.upd");
  const DWORD urlLength = DWORD(url.size());
  std::vector<TestType> buffer(256, TestType('#'));
  for (DWORD small : {DWORD(0), DWORD(1), urlLength}) {
    DWORD length = small;
    SetLastError(kUnset);
    CHECK_FALSE(F::canonicalize(url.c_str(), buffer.data(), &length, 0));
    CHECK(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
    CHECK(length == urlLength + 1);
  }
  for (DWORD enough : {urlLength + 1, urlLength + 2}) {
    DWORD length = enough;
    SetLastError(kUnset);
    REQUIRE(F::canonicalize(url.c_str(), buffer.data(), &length, 0));
    CHECK(GetLastError() == kUnset);
    CHECK(length == urlLength);
    CHECK(std::basic_string<TestType>(buffer.data()) == url);
  }
  DWORD length = urlLength + 1;
  CHECK_FALSE(F::canonicalize(nullptr, buffer.data(), &length, 0));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  CHECK_FALSE(F::canonicalize(url.c_str(), nullptr, &length, 0));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  CHECK_FALSE(F::canonicalize(url.c_str(), buffer.data(), nullptr, 0));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
}

TEST_CASE("InternetCanonicalizeUrl: characters beyond ASCII escape as bytes (A) or UTF-8 (W)", "[wininet][url]") {
  CHECK(canonical<char>("http://h/\xe9", 0) == "http://h/%E9");
  wchar_t buffer[64];
  DWORD length = 64;
  REQUIRE(InternetCanonicalizeUrlW(L"http://h/\x00e9\x263A", buffer, &length, 0));
  CHECK(std::wstring(buffer) == L"http://h/%C3%A9%E2%98%BA");
}

TEMPLATE_TEST_CASE("InternetCombineUrl: relative references against a base", "[wininet][url]", char, wchar_t) {
  using F = Forms<TestType>;
  CHECK(combined<TestType>("http://h/a/b?q#f", "c") == F::text("http://h/a/c"));
  CHECK(combined<TestType>("http://h/a/b?q#f", "../c") == F::text("http://h/c"));
  CHECK(combined<TestType>("http://h/a/b?q#f", "/c") == F::text("http://h/c"));
  CHECK(combined<TestType>("http://h/a/b?q#f", "//g/c") == F::text("http://g/c"));
  CHECK(combined<TestType>("http://h/a/b?q#f", "?x") == F::text("http://h/a/b?x"));
  CHECK(combined<TestType>("http://h/a/b?q#f", "#x") == F::text("http://h/a/b?q#x"));
  CHECK(combined<TestType>("http://h/a/b", "https://o/p") == F::text("https://o/p"));
  CHECK(combined<TestType>("http://h", "c d") == F::text("http://h/c%20d"));
  CHECK(combined<TestType>("http://h", "c d", ICU_NO_ENCODE) == F::text("http://h/c d"));
  CHECK(combined<TestType>("http://h/a/", "./b/../c", ICU_NO_META) == F::text("http://h/a/./b/../c"));
  CHECK(combined<TestType>("http://h/", "%41", ICU_DECODE) == F::text("http://h/A"));
}

TEMPLATE_TEST_CASE("InternetCombineUrl: buffer rules and bad input", "[wininet][url]", char, wchar_t) {
  using F = Forms<TestType>;
  const auto base = F::text("http://h/a/"), relative = F::text("b");  // "http://h/a/b": 12 characters
  TestType buffer[64];
  DWORD length = 12;
  SetLastError(kUnset);
  CHECK_FALSE(F::combine(base.c_str(), relative.c_str(), buffer, &length, 0));
  CHECK(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  CHECK(length == 13);
  length = 64;
  CHECK_FALSE(F::combine(base.c_str(), relative.c_str(), nullptr, &length, 0));
  CHECK(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  CHECK(length == 13);
  REQUIRE(F::combine(base.c_str(), relative.c_str(), buffer, &length, 0));
  CHECK(length == 12);
  CHECK_FALSE(F::combine(nullptr, relative.c_str(), buffer, &length, 0));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  CHECK_FALSE(F::combine(base.c_str(), nullptr, buffer, &length, 0));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  CHECK_FALSE(F::combine(base.c_str(), relative.c_str(), buffer, nullptr, 0));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
}
