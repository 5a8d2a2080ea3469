#include <catch.hpp>

#include "http_date.h"
#include "internet_url.h"
#include "url_canonical.h"

using namespace hinternet;

namespace {

std::string_view at(std::string_view url, const UrlSpan& span) { return url.substr(span.offset, span.length); }

InternetUrl cracked(std::string_view url) {
  InternetUrl out;
  REQUIRE(crackInternetUrl(url, out) == Error::None);
  return out;
}

std::string canonical(std::string_view url, CanonicalizeOptions options = {}) { return canonicalizeUrl(url, options); }

}  // namespace

TEST_CASE("WinINet cracks http URLs with the host ending at '/', '?' or '#'") {
  std::string_view url = "http://www.winehq.org/site/about#hi";
  InternetUrl c = cracked(url);
  CHECK(c.scheme == UrlScheme::Http);
  CHECK(c.port == 80);
  CHECK(at(url, c.layout.host) == "www.winehq.org");
  CHECK(at(url, c.layout.path) == "/site/about");
  CHECK(c.layout.hasExtra);
  CHECK(at(url, c.layout.extra) == "#hi");

  url = "http://www.winehq.org?test=123";
  c = cracked(url);
  CHECK(at(url, c.layout.host) == "www.winehq.org");
  CHECK(c.layout.path.offset == 21);
  CHECK(c.layout.path.length == 0);
  CHECK(at(url, c.layout.extra) == "?test=123");

  url = "http://www.winehq.org/myscript.php;test=123";
  c = cracked(url);
  CHECK(at(url, c.layout.path) == "/myscript.php;test=123");
  CHECK_FALSE(c.layout.hasExtra);

  url = "https://user:pw@[::1]:8443/x?y";
  c = cracked(url);
  CHECK(c.port == 8443);
  CHECK(at(url, c.layout.user) == "user");
  CHECK(at(url, c.layout.password) == "pw");
  CHECK(at(url, c.layout.host) == "[::1]");
}

TEST_CASE("WinINet cracks any scheme, with or without '//'") {
  std::string_view url = "C:\\file.txt";
  InternetUrl c = cracked(url);
  CHECK(c.scheme == UrlScheme::Unknown);
  CHECK_FALSE(c.layout.hasHost);
  CHECK(at(url, c.layout.path) == "\\file.txt");
  CHECK(c.port == 0);

  url = "gopher://www.winehq.org/site/about#hi";
  c = cracked(url);
  CHECK(c.scheme == UrlScheme::Gopher);
  CHECK(c.port == 0);

  url = "fide:///C:/x";
  c = cracked(url);
  CHECK(c.layout.hasHost);
  CHECK(c.layout.host.offset == 7);
  CHECK(c.layout.host.length == 0);
  CHECK(at(url, c.layout.path) == "/C:/x");

  url = "about:blank";
  c = cracked(url);
  CHECK(at(url, c.layout.path) == "blank");
}

TEST_CASE("WinINet file URLs have no host and a DOS path") {
  std::string_view url = "file:///C:/Program%20Files/Atmel/..";
  InternetUrl c = cracked(url);
  CHECK(c.scheme == UrlScheme::File);
  CHECK_FALSE(c.layout.hasHost);
  CHECK(at(url, c.layout.path) == "/C:/Program%20Files/Atmel/..");
  CHECK(dosPathFromFileUrl(at(url, c.layout.path)) == "C:\\Program Files\\Atmel\\..\\");

  url = "file://C:/Program%20Files/Atmel/./Asdf.xml";
  c = cracked(url);
  CHECK_FALSE(c.layout.hasHost);
  CHECK(dosPathFromFileUrl(at(url, c.layout.path)) == "C:\\Program%20Files\\Atmel\\.\\Asdf.xml");
}

TEST_CASE("WinINet refuses URLs without a scheme, hosts or valid ports") {
  InternetUrl c;
  for (std::string_view url : {"", "www.winehq.org", "../Ritz.xml", ":x", "a b:c"}) {
    INFO(url);
    CHECK(crackInternetUrl(url, c) == Error::UnrecognizedScheme);
  }
  for (std::string_view url : {"http://", "http:x", "https://:80/", "http://h:65536/"}) {
    INFO(url);
    CHECK(crackInternetUrl(url, c) == Error::InvalidUrl);
  }
}

TEST_CASE("Canonical URLs: each ICU flag on the Windows example") {
  const std::string_view src = "http://www.winehq.org/%27/ /./>/#>  ";
  CanonicalizeOptions o;
  CHECK(canonical(src) == "http://www.winehq.org/%27/%20/%3E/#>");
  o.browserMode = true;
  CHECK(canonical(src, o) == "http://www.winehq.org/%27/%20/%3E/#>");
  o = {};
  o.decode = true;
  CHECK(canonical(src, o) == "http://www.winehq.org/'/%20/%3E/#>");
  o = {};
  o.encodePercent = true;
  CHECK(canonical(src, o) == "http://www.winehq.org/%2527/%20/%3E/#>");
  o = {};
  o.encodeSpacesOnly = true;
  CHECK(canonical(src, o) == "http://www.winehq.org/%27/%20/>/#>");
  o = {};
  o.encodeUnsafe = false;
  CHECK(canonical(src, o) == "http://www.winehq.org/%27/ />/#>");
  o = {};
  o.keepDotSegments = true;
  CHECK(canonical(src, o) == "http://www.winehq.org/%27/%20/./%3E/#>");
}

TEST_CASE("Canonical URLs: dot segments, slashes and whitespace") {
  CHECK(canonical("http://www.winehq.org/tests/../tests/..") == "http://www.winehq.org/");
  CHECK(canonical("http://www.winehq.org/tests/../tests/../..") == "http://www.winehq.org/");
  CHECK(canonical("http://www.winehq.org/..") == "http://www.winehq.org/..");
  CHECK(canonical("http://www.winehq.org/tests/tests2/../../tests") == "http://www.winehq.org/tests");
  CHECK(canonical("http://www.winehq.org/tests/..?query=x&return=y") == "http://www.winehq.org/?query=x&return=y");
  CHECK(canonical("\tht\ttp\t://www\t.w\tineh\t\tq.or\tg\t/\ttests/..\t?\tquer\ty=x\t\t&re\tturn=y\t\t") ==
        "http://www.winehq.org/?query=x&return=y");
  CHECK(canonical("http://www.winehq.org\\tests/../#example") == "http://www.winehq.org/#example");
  CHECK(canonical("http://www.winehq.org") == "http://www.winehq.org/");
  CHECK(canonical("http://www.winehq.org/index.php?x= ") == "http://www.winehq.org/index.php?x=");
  CHECK(canonical("http://www.winehq.org/tests\r") == "http://www.winehq.org/tests");
  CHECK(canonical("mailto:a b@c") == "mailto:a b@c");
  CHECK(canonical("http:www.winehq.org/dir/../index.html") == "http:www.winehq.org/index.html");
  CHECK(canonical("http:///www.winehq.org") == "http:///www.winehq.org");
  CHECK(canonical("http:////www.winehq.org") == "http:////www.winehq.org");
  CHECK(canonical("res://file") == "res://file/");
  CHECK(canonical("../A") == "../A");
  CHECK(canonical("http://h/a b?c d#e f") == "http://h/a%20b?c d#e f");
  CanonicalizeOptions spaces;
  spaces.encodeSpacesOnly = true;
  CHECK(canonical("http://h/a b?c d#e f", spaces) == "http://h/a%20b?c%20d#e%20f");
  spaces.browserMode = true;
  CHECK(canonical("http://h/a b?c d#e f", spaces) == "http://h/a%20b?c d#e f");
  CHECK(canonicalizeUrl(std::u16string_view(u"http://h/\u00e9"), {}) == u"http://h/%C3%A9");
  CHECK(canonical("http://h/\xe9") == "http://h/%E9");
}

TEST_CASE("Canonical file URLs become DOS paths") {
  CanonicalizeOptions o;
  o.decode = true;
  o.encodeUnsafe = false;
  CHECK(canonical("file:///C:/Program%20Files/Atmel/AVR%20Tools/STK500/STK500.xml", o) ==
        "file://C:\\Program Files\\Atmel\\AVR Tools\\STK500\\STK500.xml");
  CHECK(canonical("file:///home/user/file") == "file://\\home\\user\\file");
  CHECK(canonical("file://home/user/file") == "file://\\\\home\\user\\file");
  CHECK(canonical("file://C:/user/file/../asdf") == "file://C:\\user\\asdf");
}

TEST_CASE("Combined URLs resolve against the base") {
  const CanonicalizeOptions o;
  auto combine = [&](std::string_view base, std::string_view relative) { return combineUrl(base, relative, o); };
  CHECK(combine("http://h/a/b?q#f", "c") == "http://h/a/c");
  CHECK(combine("http://h/a/b?q#f", "../c") == "http://h/c");
  CHECK(combine("http://h/a/b?q#f", "/c") == "http://h/c");
  CHECK(combine("http://h/a/b?q#f", "//g/c") == "http://g/c");
  CHECK(combine("http://h/a/b?q#f", "?x") == "http://h/a/b?x");
  CHECK(combine("http://h/a/b?q#f", "#x") == "http://h/a/b?q#x");
  CHECK(combine("http://h/a/b", "") == "http://h/a/b");
  CHECK(combine("http://h", "c d") == "http://h/c%20d");
  CHECK(combine("http://h/a", "https://o/p") == "https://o/p");
}

TEST_CASE("Combined URLs: the cases Wine's tests record from Windows") {
  CanonicalizeOptions o;
  o.encodeUnsafe = false;  // UrlCombine's flags 0
  auto combine = [&](std::string_view base, std::string_view relative) { return combineUrl(base, relative, o); };
  CHECK(combine("http://www.winehq.org/tests", "tests1") == "http://www.winehq.org/tests1");
  CHECK(combine("http://www.%77inehq.org/tests", "tests1") == "http://www.%77inehq.org/tests1");
  CHECK(combine("http://www.winehq.org/tests/", "../tests3") == "http://www.winehq.org/tests3");
  CHECK(combine("http://www.winehq.org/tests/test1", "test2") == "http://www.winehq.org/tests/test2");
  CHECK(combine("http://www.winehq.org/tests/../tests", "tests4") == "http://www.winehq.org/tests4");
  CHECK(combine("http://www.winehq.org/tests/../tests/", "tests5") == "http://www.winehq.org/tests/tests5");
  CHECK(combine("http://www.winehq.org/tests/../tests/", "/tests6/..") == "http://www.winehq.org/");
  CHECK(combine("http://www.winehq.org/tests/../tests/", "\\tests6\\..") == "http://www.winehq.org/");
  CHECK(combine("http://www.winehq.org/tests/../tests/..", "tests7/..") == "http://www.winehq.org/");
  CHECK(combine("http://www.winehq.org/tests/?query=x&return=y", "tests8") == "http://www.winehq.org/tests/tests8");
  CHECK(combine("http://www.winehq.org/tests/#example", "tests9") == "http://www.winehq.org/tests/tests9");
  CHECK(combine("http://www.winehq.org/test12", "#") == "http://www.winehq.org/test12#");
  CHECK(combine("http://www.winehq.org/test13#aaa", "#bbb") == "http://www.winehq.org/test13#bbb");
  CHECK(combine("http://www.winehq.org/test14#aaa/bbb#ccc", "#") == "http://www.winehq.org/test14#");
  CHECK(combine("http://www.winehq.org/tests/?query=x/y/z#example", "tests16") ==
        "http://www.winehq.org/tests/tests16");
  CHECK(combine("http://www.winehq.org/test/", "test%20file.txt") == "http://www.winehq.org/test/test%20file.txt");
  CHECK(combine("xxx:@MSITStore:file.chm/file.html", "dir/file") == "xxx:dir/file");
  CHECK(combine("foo:today", "foo:calendar") == "foo:calendar");
  CHECK(combine("foo:today", "bar:calendar") == "bar:calendar");
  CHECK(combine("foo:/today", "foo:calendar") == "foo:/calendar");
  CHECK(combine("Foo:/today/", "fOo:calendar") == "foo:/today/calendar");
  CHECK(combine("outbind://xxxxxxxxx", "http://wine1/dir") == "http://wine1/dir");
  CHECK(combine("http://xxxxxxxxx", "outbind:wine13/dir") == "outbind:wine13/dir");
  CHECK(combine("outbind://xxxxxxxxx/", "http:wine16/dir") == "http:wine16/dir");
  o.keepDotSegments = true;
  CHECK(combine("http://www.winehq.org/tests/../tests/", "/tests10/..") == "http://www.winehq.org/tests10/..");
  CHECK(combine("http://www.winehq.org/tests/../", "tests11") == "http://www.winehq.org/tests/../tests11");
}

TEST_CASE("WinINet's two-digit years pivot at 80") {
  HttpDate d;
  REQUIRE(parseHttpDate("Fri Jan 7 12:06:35 79 UTC", d, 80));
  CHECK(d.year == 2079);
  REQUIRE(parseHttpDate("Fri Jan 7 12:06:35 80 UTC", d, 80));
  CHECK(d.year == 1980);
  REQUIRE(parseHttpDate("Fri Jan 7 12:06:35 100 UTC", d, 80));
  CHECK(d.year == 100);
}
