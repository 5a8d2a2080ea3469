// Lines of the Netscape cookies.txt format, both ways, and the store's list
// of persistent cookies that an export writes.
#include <catch.hpp>

#include <string>

#include "cookie_store.h"
#include "netscape_cookie_line.h"

using namespace hinternet;

namespace {

Cookie cookie(const std::string& domain, bool hostOnly, const std::string& path, bool secure, std::int64_t expires,
              const std::string& name, const std::string& value) {
  Cookie c;
  c.domain = domain;
  c.hostOnly = hostOnly;
  c.path = path;
  c.secure = secure;
  c.persistent = expires != 0;
  c.expires = expires;
  c.name = name;
  c.value = value;
  return c;
}

}  // namespace

TEST_CASE("Netscape cookie lines: tab fields") {
  REQUIRE(tabFields("a") == std::vector<std::string>{"a"});
  REQUIRE(tabFields("a\t\tb") == std::vector<std::string>{"a", "", "b"});
  REQUIRE(tabFields("a\t") == std::vector<std::string>{"a", ""});
}

TEST_CASE("Netscape cookie lines: a cookie is written with its domain, scope, path, security and expiry") {
  REQUIRE(netscapeCookieLine(cookie("example.com", false, "/", false, 1700000000, "id", "42")) ==
          ".example.com\tTRUE\t/\tFALSE\t1700000000\tid\t42");
  REQUIRE(netscapeCookieLine(cookie("www.example.com", true, "/a/b", true, 1900000000, "s", "x=y")) ==
          "www.example.com\tFALSE\t/a/b\tTRUE\t1900000000\ts\tx=y");
  Cookie session = cookie("example.com", true, "/", false, 0, "", "bare");
  REQUIRE(netscapeCookieLine(session) == "example.com\tFALSE\t/\tFALSE\t0\t\tbare");
  Cookie hidden = cookie("example.com", true, "/", false, 1700000000, "h", "1");
  hidden.httpOnly = true;
  REQUIRE(netscapeCookieLine(hidden) == "#HttpOnly_example.com\tFALSE\t/\tFALSE\t1700000000\th\t1");
}

TEST_CASE("Netscape cookie lines: a written line reads back as the same cookie") {
  for (bool hostOnly : {true, false}) {
    for (bool secure : {true, false}) {
      for (bool httpOnly : {true, false}) {
        Cookie c = cookie("example.org", hostOnly, "/p", secure, 2000000000, "n", "v");
        c.httpOnly = httpOnly;
        auto back = parseNetscapeCookieLine(netscapeCookieLine(c));
        REQUIRE(back);
        REQUIRE(back->domain == c.domain);
        REQUIRE(back->hostOnly == hostOnly);
        REQUIRE(back->path == c.path);
        REQUIRE(back->secure == secure);
        REQUIRE(back->httpOnly == httpOnly);
        REQUIRE(back->persistent);
        REQUIRE(back->expires == c.expires);
        REQUIRE(back->name == "n");
        REQUIRE(back->value == "v");
      }
    }
  }
}

TEST_CASE("Netscape cookie lines: what other programs write is read leniently") {
  auto c = parseNetscapeCookieLine(".Example.COM\ttrue\t/\tfalse\t0\tsid\tabc\r");
  REQUIRE(c);
  REQUIRE(c->domain == "example.com");
  REQUIRE_FALSE(c->hostOnly);
  REQUIRE_FALSE(c->persistent);  // expiry 0: a session cookie
  REQUIRE(c->value == "abc");
  auto noValue = parseNetscapeCookieLine("example.com\tFALSE\t/\tFALSE\t1700000000\tempty");
  REQUIRE(noValue);
  REQUIRE(noValue->name == "empty");
  REQUIRE(noValue->value.empty());
}

TEST_CASE("Netscape cookie lines: comments, blank lines and malformed lines are no cookie") {
  for (const char* line : {"", "\r", "# Netscape HTTP Cookie File", "#example.com\tFALSE\t/\tFALSE\t1\tn\tv",
                           "example.com FALSE / FALSE 1 n v",             // spaces, not tabs
                           "example.com\tFALSE\t/\tFALSE\t1",              // too few fields
                           "example.com\tFALSE\t/\tFALSE\t1\tn\tv\textra",  // too many
                           "\tFALSE\t/\tFALSE\t1\tn\tv",                   // no domain
                           ".\tFALSE\t/\tFALSE\t1\tn\tv",                  // only the dot
                           "example.com\tFALSE\tpath\tFALSE\t1\tn\tv",     // path without '/'
                           "example.com\tFALSE\t/\tFALSE\tsoon\tn\tv",     // expiry no number
                           "example.com\tFALSE\t/\tFALSE\t-5\tn\tv",       // negative expiry
                           "example.com\tFALSE\t/\tFALSE\t1\t\t"}) {       // neither name nor value
    INFO(line);
    REQUIRE_FALSE(parseNetscapeCookieLine(line));
  }
}

TEST_CASE("Cookie store: the persistent cookies not yet expired, in the order they were stored") {
  constexpr std::int64_t now = 1700000000;
  CookieStore store;
  auto url = cookieUrlFrom("http://www.example.com/");
  REQUIRE(url);
  REQUIRE(store.set(*url, "a=1; Max-Age=100", true, now) == CookieVerdict::Stored);
  REQUIRE(store.set(*url, "session=1", true, now) == CookieVerdict::Stored);
  REQUIRE(store.set(*url, "b=2; Max-Age=10; Domain=example.com; Path=/x", true, now) == CookieVerdict::Stored);
  auto all = store.persistentCookies(now);
  REQUIRE(all.size() == 2);
  REQUIRE(all[0].name == "a");
  REQUIRE(all[0].hostOnly);
  REQUIRE(all[1].name == "b");
  REQUIRE_FALSE(all[1].hostOnly);
  REQUIRE(all[1].domain == "example.com");
  REQUIRE(all[1].path == "/x");
  // b has expired 20 seconds later.
  auto later = store.persistentCookies(now + 20);
  REQUIRE(later.size() == 1);
  REQUIRE(later[0].name == "a");
}

TEST_CASE("Cookie store: many cookies set at once, each from its own URL, one verdict each") {
  constexpr std::int64_t now = 1700000000;
  CookieStore store;
  auto a = cookieUrlFrom("http://a.example/");
  auto b = cookieUrlFrom("https://b.example/x/");
  REQUIRE(a);
  REQUIRE(b);
  const auto verdicts = store.setAll({{*a, "one=1; Max-Age=60"}, {*b, ";"}, {*b, "two=2; Secure; HttpOnly"}}, true, now);
  REQUIRE(verdicts ==
          std::vector<CookieVerdict>{CookieVerdict::Stored, CookieVerdict::Malformed, CookieVerdict::Stored});
  REQUIRE(store.header(*a, true, now) == "one=1");
  REQUIRE(store.header(*b, true, now) == "two=2");
  REQUIRE(store.header(*b, false, now).empty());
  // Without leave to touch HttpOnly cookies, one is refused like from set().
  REQUIRE(store.setAll({{*b, "three=3; HttpOnly"}}, false, now) == std::vector<CookieVerdict>{CookieVerdict::HttpOnly});
}
