// The cookie store's rules (RFC 6265 as browsers apply it), its dates, and
// its jar file, alone and shared by threads and by stores.
#include <catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "cookie_date.h"
#include "cookie_jar_file.h"
#include "cookie_store.h"

using namespace hinternet;

namespace {

constexpr std::int64_t kNow = 1700000000;  // 2023-11-14

CookieUrl at(const std::string& url) {
  auto parsed = cookieUrlFrom(url);
  REQUIRE(parsed);
  return *parsed;
}

CookieVerdict set(CookieStore& store, const std::string& url, const std::string& text, bool http = true,
                  std::int64_t now = kNow) {
  return store.set(at(url), text, http, now);
}

std::string get(CookieStore& store, const std::string& url, bool httpOnly = true, std::int64_t now = kNow) {
  return store.header(at(url), httpOnly, now);
}

// For other threads, where Catch's assertions may not run.
CookieUrl known(const std::string& url) { return *cookieUrlFrom(url); }

std::string tempPath(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("hinternet-cookie-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::filesystem::remove(path);
  return path.string();
}

}  // namespace

TEST_CASE("cookie URLs: scheme, host, path") {
  CookieUrl u = at("HTTPS://user:pw@Example.COM:8443/a/b?q=1#f");
  REQUIRE(u.secure);
  REQUIRE(u.host == "example.com");
  REQUIRE(u.path == "/a/b");
  REQUIRE(at("http://[::1]:80").host == "::1");
  REQUIRE(at("http://h").path == "/");
  REQUIRE(at("http://h?x").path == "/");
  REQUIRE_FALSE(cookieUrlFrom("about:blank"));
  REQUIRE_FALSE(cookieUrlFrom("http://"));
  REQUIRE_FALSE(cookieUrlFrom("ftp://h/"));
  REQUIRE_FALSE(cookieUrlFrom("server"));
}

TEST_CASE("cookie dates are read as browsers read them") {
  std::int64_t t = 0;
  REQUIRE(parseCookieDate("Wed, 09 Jun 2021 10:18:14 GMT", t));
  REQUIRE(t == 1623233894);
  REQUIRE(parseCookieDate("Wednesday, 09-Jun-21 10:18:14 GMT", t));
  REQUIRE(t == 1623233894);
  REQUIRE(parseCookieDate("Wed Jun  9 10:18:14 2021", t));
  REQUIRE(t == 1623233894);
  REQUIRE(parseCookieDate("Fri, 01-Jan-2038 00:00:00 GMT", t));
  REQUIRE(t == 2145916800);
  REQUIRE(parseCookieDate("Thu, 01 Jan 1970 00:00:00 GMT", t));
  REQUIRE(t == 0);
  REQUIRE(parseCookieDate("01 Jan 99 00:00:00", t));
  REQUIRE(t == 915148800);
  REQUIRE_FALSE(parseCookieDate("", t));
  REQUIRE_FALSE(parseCookieDate("Wed, 09 Jun 2021", t));       // no time
  REQUIRE_FALSE(parseCookieDate("Wed, 32 Jun 2021 10:18:14", t));
  REQUIRE_FALSE(parseCookieDate("Wed, 09 Foo 2021 10:18:14", t));
  REQUIRE_FALSE(parseCookieDate("Wed, 09 Jun 2021 25:18:14", t));
  REQUIRE_FALSE(parseCookieDate("Wed, 09 Jun 1500 10:18:14", t));
}

TEST_CASE("host-only and domain cookies") {
  CookieStore store;
  REQUIRE(set(store, "http://www.example.com/", "host=1") == CookieVerdict::Stored);
  REQUIRE(set(store, "http://www.example.com/", "dom=1; Domain=.Example.com") == CookieVerdict::Stored);
  REQUIRE(set(store, "http://www.example.com/", "nodot=1; domain=example.com") == CookieVerdict::Stored);
  REQUIRE(get(store, "http://www.example.com/") == "host=1; dom=1; nodot=1");
  REQUIRE(get(store, "http://example.com/") == "dom=1; nodot=1");
  REQUIRE(get(store, "http://a.b.example.com/") == "dom=1; nodot=1");
  REQUIRE(get(store, "http://sub.www.example.com/") == "dom=1; nodot=1");
  REQUIRE(get(store, "http://badexample.com/").empty());
  REQUIRE(get(store, "http://example.org/").empty());
}

TEST_CASE("a Domain the host is not inside of, or a public suffix, is refused") {
  CookieStore store;
  REQUIRE(set(store, "http://www.aaa.example.com/", "a=1; domain=different.com") == CookieVerdict::Foreign);
  REQUIRE(set(store, "http://www.example.com/", "a=1; domain=www.example.com.evil") == CookieVerdict::Foreign);
  REQUIRE(set(store, "http://www.example.com/", "a=1; domain=com") == CookieVerdict::Foreign);
  REQUIRE(set(store, "http://www.example.com/", "a=1; domain=.com") == CookieVerdict::Foreign);
  REQUIRE(set(store, "http://a.example.com.pl/", "a=1; domain=com.pl") == CookieVerdict::Foreign);
  REQUIRE(set(store, "http://a.example.co.uk/", "a=1; domain=co.uk") == CookieVerdict::Foreign);
  REQUIRE(set(store, "http://a.example.com.pl/", "ok=1; domain=example.com.pl") == CookieVerdict::Stored);
  REQUIRE(store.size() == 1);
  // A public suffix that is the host itself makes a host-only cookie.
  REQUIRE(set(store, "http://localhost/", "local=1; domain=localhost") == CookieVerdict::Stored);
  REQUIRE(get(store, "http://localhost/") == "local=1");
  REQUIRE(get(store, "http://sub.localhost/").empty());
  // IP addresses match only themselves.
  REQUIRE(set(store, "http://127.0.0.1/", "ip=1; domain=0.0.1") == CookieVerdict::Foreign);
  REQUIRE(set(store, "http://127.0.0.1/", "ip=1") == CookieVerdict::Stored);
  REQUIRE(get(store, "http://127.0.0.1/") == "ip=1");
}

TEST_CASE("legal cookie domains") {
  REQUIRE(isLegalCookieDomain("gmail.com", "gmail.com"));
  REQUIRE(isLegalCookieDomain("gmail.com", "www.mail.gmail.com"));
  REQUIRE(isLegalCookieDomain("gmail.co.uk", "gmail.co.uk"));
  REQUIRE_FALSE(isLegalCookieDomain("com", "gmail.com"));
  REQUIRE_FALSE(isLegalCookieDomain("co.uk", "gmail.co.uk"));
  REQUIRE_FALSE(isLegalCookieDomain("gmail.com", "com"));
  REQUIRE_FALSE(isLegalCookieDomain("mail.gmail.com", "gmail.com"));
  REQUIRE_FALSE(isLegalCookieDomain("gmail.com", ".gmail.com"));
  REQUIRE_FALSE(isLegalCookieDomain("", "gmail.com"));
  REQUIRE_FALSE(isLegalCookieDomain(".", "gmail.com"));
}

TEST_CASE("paths: default path, matching, longer paths first") {
  CookieStore store;
  set(store, "http://h/bar/page.html", "dflt=1");                  // path /bar
  set(store, "http://h/", "root=1; path=/");
  set(store, "http://h/", "foo=1; path=/foo");
  set(store, "http://h/", "fooslash=1; path=/foo/");
  set(store, "http://h/", "deep=1; path=/foo/bar");
  set(store, "http://h/x", "relative=1; path=x");                  // not "/...": the default, "/"
  REQUIRE(get(store, "http://h/") == "root=1; relative=1");
  REQUIRE(get(store, "http://h/foo") == "foo=1; root=1; relative=1");
  REQUIRE(get(store, "http://h/foobar") == "root=1; relative=1");
  REQUIRE(get(store, "http://h/foo/") == "fooslash=1; foo=1; root=1; relative=1");
  REQUIRE(get(store, "http://h/foo/bar/baz") == "deep=1; fooslash=1; foo=1; root=1; relative=1");
  REQUIRE(get(store, "http://h/bar") == "dflt=1; root=1; relative=1");
  REQUIRE(get(store, "http://h/bar/x") == "dflt=1; root=1; relative=1");
  REQUIRE(get(store, "http://h/barfoo") == "root=1; relative=1");
}

TEST_CASE("equal paths go oldest first, and a replaced cookie keeps its place") {
  CookieStore store;
  set(store, "http://h/", "b=1", true, kNow);
  set(store, "http://h/", "a=1", true, kNow + 1);
  set(store, "http://h/", "c=1", true, kNow + 1);
  REQUIRE(get(store, "http://h/", true, kNow + 2) == "b=1; a=1; c=1");
  set(store, "http://h/", "b=2", true, kNow + 3);
  REQUIRE(get(store, "http://h/", true, kNow + 4) == "b=2; a=1; c=1");
}

TEST_CASE("Secure cookies go over https only; HttpOnly ones only where allowed") {
  CookieStore store;
  REQUIRE(set(store, "https://h/", "s=1; Secure") == CookieVerdict::Stored);
  REQUIRE(set(store, "http://h/", "p=1; HttpOnly") == CookieVerdict::Stored);
  REQUIRE(get(store, "http://h/") == "p=1");
  REQUIRE(get(store, "https://h/") == "s=1; p=1");
  REQUIRE(get(store, "https://h/", false) == "s=1");
  // Without the right to, an HttpOnly cookie is neither set nor replaced.
  REQUIRE(set(store, "http://h/", "q=1; httponly", false) == CookieVerdict::HttpOnly);
  REQUIRE(set(store, "http://h/", "p=2", false) == CookieVerdict::HttpOnly);
  REQUIRE(get(store, "http://h/") == "p=1");
}

TEST_CASE("Expires and Max-Age: persistence, expiry, deletion") {
  CookieStore store;
  set(store, "http://h/", "e=1; expires=Fri, 01-Jan-2038 00:00:00 GMT");
  set(store, "http://h/", "m=1; Max-Age=60");
  set(store, "http://h/", "both=1; Max-Age=60; expires=Thu, 01 Jan 1970 00:00:00 GMT");
  set(store, "http://h/", "bad=1; expires=; max-age=abc");
  auto cookies = store.matching(at("http://h/"), true, kNow);
  REQUIRE(cookies.size() == 4);
  REQUIRE(cookies[0].persistent);
  REQUIRE(cookies[0].expires == 2145916800);
  REQUIRE(cookies[1].expires == kNow + 60);
  REQUIRE(cookies[2].persistent);
  REQUIRE_FALSE(cookies[3].persistent);
  REQUIRE(get(store, "http://h/", true, kNow + 61) == "e=1; bad=1");
  // A date in the past, or Max-Age 0 or less, deletes.
  set(store, "http://h/", "e=gone; expires=Thu, 01 Jan 1970 00:00:00 GMT");
  set(store, "http://h/", "bad=; max-age=0");
  set(store, "http://h/", "m=; max-age=-5");
  REQUIRE(get(store, "http://h/") == "both=1");
  // Nothing outlives the year 9999.
  set(store, "http://far/", "far=1; max-age=99999999999999999999999");
  set(store, "http://far/", "farther=1; expires=Fri, 31 Dec 9999 23:59:59 GMT; max-age=9999999999999");
  for (const Cookie& far : store.matching(at("http://far/"), true, kNow)) REQUIRE(far.expires == CookieStore::kLatestExpiry);
  // A cookie set again without an expiry becomes a session cookie.
  set(store, "http://h/", "both=2");
  REQUIRE_FALSE(store.matching(at("http://h/"), true, kNow)[0].persistent);
}

TEST_CASE("malformed cookies and names without values") {
  CookieStore store;
  REQUIRE(set(store, "http://h/", "") == CookieVerdict::Malformed);
  REQUIRE(set(store, "http://h/", " = ; path=/") == CookieVerdict::Malformed);
  REQUIRE(set(store, "http://h/", std::string("a=b\x01")) == CookieVerdict::Malformed);
  REQUIRE(set(store, "http://h/", "big=" + std::string(CookieStore::kMaxCookieBytes, 'x')) ==
          CookieVerdict::Malformed);
  REQUIRE(set(store, "http://h/", "fits=" + std::string(CookieStore::kMaxCookieBytes - 4, 'x')) ==
          CookieVerdict::Stored);
  store.set(at("http://g/"), "server", true, kNow);
  REQUIRE(get(store, "http://g/") == "server=");
  store.set(at("http://g/"), "=anonymous", true, kNow);
  REQUIRE(get(store, "http://g/") == "server=; anonymous");
  store.set(at("http://g/"), "  spaced  =  value with space  ; path = / ", true, kNow);
  REQUIRE(get(store, "http://g/") == "server=; anonymous; spaced=value with space");
}

TEST_CASE("at most 50 cookies a domain, the oldest go first") {
  CookieStore store;
  for (int i = 0; i < 60; ++i) set(store, "http://h/", "c" + std::to_string(i) + "=1", true, kNow + i);
  set(store, "http://other/", "kept=1");
  auto cookies = store.matching(at("http://h/"), true, kNow + 100);
  REQUIRE(cookies.size() == CookieStore::kMaxPerDomain);
  REQUIRE(cookies.front().name == "c10");
  REQUIRE(get(store, "http://other/") == "kept=1");
}

TEST_CASE("dropping session cookies keeps persistent ones") {
  CookieStore store;
  set(store, "http://h/", "s=1");
  set(store, "http://h/", "p=1; max-age=100");
  store.dropSessionCookies();
  REQUIRE(get(store, "http://h/") == "p=1");
}

TEST_CASE("a jar file keeps persistent cookies, never session ones") {
  const std::string path = tempPath("jar1.txt");
  const std::int64_t now = CookieStore::currentTime();
  {
    CookieStore store(std::make_unique<CookieJarFile>(path));
    set(store, "https://h/", "p=1; max-age=3600; secure; httponly; path=/x", true, now);
    set(store, "http://h/", "d=1; max-age=3600; domain=h.example", true, now);  // refused
    set(store, "http://w.h.example/", "d=2; max-age=3600; domain=h.example", true, now);
    set(store, "http://h/", "s=1", true, now);
    set(store, "http://h/", "gone=1; max-age=3600", true, now);
    set(store, "http://h/", "gone=1; max-age=0", true, now);
  }
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(text.find("s\t1") == std::string::npos);
  REQUIRE(text.find("gone") == std::string::npos);
  CookieStore again(std::make_unique<CookieJarFile>(path));
  REQUIRE(again.size() == 2);
  REQUIRE(get(again, "https://h/x", true, now) == "p=1");
  REQUIRE(get(again, "http://h/x", true, now).empty());
  REQUIRE(get(again, "https://h/x", false, now).empty());
  REQUIRE(get(again, "http://a.h.example/", true, now) == "d=2");
  // Expired by the time it is read: not loaded.
  CookieStore later(std::make_unique<CookieJarFile>(path));
  REQUIRE(later.matching(at("https://h/x"), true, now + 7200).empty());
  REQUIRE(CookieJarFile(path).load(now + 7200).empty());
}

TEST_CASE("a jar file skips lines that are no cookie") {
  const std::string path = tempPath("jar2.txt");
  {
    std::ofstream out(path);
    out << "# comment\n\ngarbage\nh\t1\t/\t0\t0\tnotanumber\t0\tn\tv\n"
        << "h\t1\t/\t0\t0\t99999999999\t0\tgood\tv\r\n";
  }
  const auto cookies = CookieJarFile(path).load(kNow);
  REQUIRE(cookies.size() == 1);
  REQUIRE(cookies[0].name == "good");
  REQUIRE(CookieJarFile(tempPath("missing.txt")).load(kNow).empty());
}

TEST_CASE("stores sharing a jar file keep each other's cookies") {
  const std::string path = tempPath("jar3.txt");
  const std::int64_t now = CookieStore::currentTime();
  CookieStore first(std::make_unique<CookieJarFile>(path));
  CookieStore second(std::make_unique<CookieJarFile>(path));
  set(first, "http://h/", "one=1; max-age=3600", true, now);
  set(second, "http://h/", "two=2; max-age=3600", true, now);
  set(second, "http://h/", "one=; max-age=0", true, now);  // deletes the first store's, in the file
  CookieStore third(std::make_unique<CookieJarFile>(path));
  REQUIRE(get(third, "http://h/", true, now) == "two=2");
}

TEST_CASE("threads setting and reading cookies, with a jar file, leave it whole") {
  const std::string path = tempPath("jar4.txt");
  const std::int64_t now = CookieStore::currentTime();
  CookieStore store(std::make_unique<CookieJarFile>(path));
  CookieStore other(std::make_unique<CookieJarFile>(path));
  std::vector<std::thread> threads;
  std::atomic<int> reads{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      CookieStore& mine = t % 2 ? other : store;
      for (int i = 0; i < 25; ++i) {
        const std::string name = "t" + std::to_string(t) + "i" + std::to_string(i);
        mine.set(known("http://h" + std::to_string(t) + "/"), name + "=1; max-age=3600", true, now);
        mine.set(known("http://s/"), name + "=1", true, now);
        if (!mine.header(known("http://h" + std::to_string(t) + "/"), true, now).empty()) ++reads;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  REQUIRE(reads == 100);
  // Every line of the file is a cookie, and each store's own are all there.
  const auto loaded = CookieJarFile(path).load(now);
  for (int t = 0; t < 4; ++t) {
    std::size_t found = 0;
    for (const Cookie& c : loaded) found += c.domain == "h" + std::to_string(t);
    // Two stores wrote the file at once; each store's last write has all of
    // its own cookies.
    if (t % 2 == 0) REQUIRE(store.matching(at("http://h" + std::to_string(t) + "/"), true, now).size() == 25);
    REQUIRE(found <= 25);
  }
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  REQUIRE(line.rfind("# hinternet", 0) == 0);
  while (std::getline(in, line)) REQUIRE(std::count(line.begin(), line.end(), '\t') == 8);
}
