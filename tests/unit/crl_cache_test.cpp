#include <catch.hpp>

#include <string>
#include <vector>

#include "crl_cache.h"

using namespace hinternet;

namespace {

// One DER element: tag, definite length (short or long form), content.
std::string der(unsigned char tag, const std::string& content) {
  std::string out(1, static_cast<char>(tag));
  const std::size_t n = content.size();
  if (n < 0x80) {
    out += static_cast<char>(n);
  } else if (n < 0x100) {
    out += '\x81';
    out += static_cast<char>(n);
  } else {
    out += '\x82';
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(n & 0xff);
  }
  return out + content;
}

const std::string kCdpOid = der(0x06, "\x55\x1d\x1f");
const std::string kKeyUsageOid = der(0x06, "\x55\x1d\x0f");

std::string uri(const std::string& text) { return der(0x86, text); }

// DistributionPoint { distributionPoint [0] { fullName [0] names } }
std::string fullNamePoint(const std::string& names) { return der(0x30, der(0xa0, der(0xa0, names))); }

std::string extension(const std::string& oid, const std::string& value, bool critical = false) {
  return der(0x30, oid + (critical ? der(0x01, "\xff") : std::string()) + der(0x04, value));
}

std::vector<std::string> urlsOf(const std::string& extensions) {
  return crlDistributionUrls(reinterpret_cast<const unsigned char*>(extensions.data()), extensions.size());
}

using Clock = CrlCache::Clock;

std::shared_ptr<const void> someCrl() { return std::make_shared<int>(1); }

}  // namespace

TEST_CASE("CRL distribution points: the http URLs of fullName, in order") {
  const std::string points = der(0x30, fullNamePoint(uri("http://127.0.0.1:8080/crl/a.crl") +
                                                     uri("ldap://ldap.invalid/cn=x?certificateRevocationList")) +
                                           fullNamePoint(uri("HTTP://127.0.0.1/b.crl")));
  const std::string extensions =
      der(0x30, extension(kKeyUsageOid, der(0x03, std::string("\x05\xa0", 2)), true) + extension(kCdpOid, points));
  const std::vector<std::string> expected = {"http://127.0.0.1:8080/crl/a.crl", "HTTP://127.0.0.1/b.crl"};
  CHECK(urlsOf(extensions) == expected);
  SECTION("inside the certificate's [3] wrapper too") { CHECK(urlsOf(der(0xa3, extensions)) == expected); }
  SECTION("a critical extension is read the same") {
    CHECK(urlsOf(der(0x30, extension(kCdpOid, points, true))) == expected);
  }
}

TEST_CASE("CRL distribution points: other names, reasons and CRL issuers are skipped") {
  const std::string relative = der(0x30, der(0xa0, der(0xa1, der(0x31, std::string()))));
  const std::string withReasons =
      der(0x30, der(0xa0, der(0xa0, der(0x82, "dns.invalid") + uri("http://127.0.0.1/c.crl"))) +
                    der(0x81, std::string("\x07\x80", 2)) + der(0xa2, der(0x86, "http://issuer.invalid/")));
  const std::string extensions = der(0x30, extension(kCdpOid, der(0x30, relative + withReasons)));
  CHECK(urlsOf(extensions) == std::vector<std::string>{"http://127.0.0.1/c.crl"});
}

TEST_CASE("CRL distribution points: long URLs use long-form lengths") {
  const std::string url = "http://127.0.0.1/" + std::string(300, 'x') + ".crl";
  const std::string extensions = der(0x30, extension(kCdpOid, der(0x30, fullNamePoint(uri(url)))));
  CHECK(urlsOf(extensions) == std::vector<std::string>{url});
}

TEST_CASE("CRL distribution points: none without the extension, none from malformed DER") {
  CHECK(urlsOf(der(0x30, extension(kKeyUsageOid, der(0x03, std::string("\x05\xa0", 2))))).empty());
  CHECK(urlsOf(std::string()).empty());
  CHECK(crlDistributionUrls(nullptr, 10).empty());
  const std::string good = der(0x30, extension(kCdpOid, der(0x30, fullNamePoint(uri("http://127.0.0.1/d.crl")))));
  for (std::size_t cut = 1; cut < good.size(); ++cut) CHECK(urlsOf(good.substr(0, cut)).empty());
  std::string longer = good;
  longer[1] = static_cast<char>(longer[1] + 5);  // claims more than there is
  CHECK(urlsOf(longer).empty());
  CHECK(urlsOf(std::string("\x30\x80\x00\x00", 4)).empty());  // indefinite length: not DER
  CHECK(urlsOf(der(0x30, extension(kCdpOid, der(0x30, fullNamePoint(uri("https://127.0.0.1/e.crl")))))).empty());
}

TEST_CASE("CRL cache: a CRL stands until its nextUpdate") {
  CrlCache cache;
  const Clock::time_point now = Clock::now();
  CrlCache::Entry entry;
  CHECK_FALSE(cache.find("http://127.0.0.1/a.crl", now, entry));
  const auto crl = someCrl();
  cache.store("http://127.0.0.1/a.crl", crl, now + std::chrono::hours(1), now);
  REQUIRE(cache.find("http://127.0.0.1/a.crl", now + std::chrono::minutes(59), entry));
  CHECK(entry.crl == crl);
  CHECK_FALSE(cache.find("http://127.0.0.1/a.crl", now + std::chrono::hours(1), entry));
  CHECK_FALSE(cache.find("http://127.0.0.1/a.crl", now, entry));  // gone for good
}

TEST_CASE("CRL cache: a failed fetch is remembered for a minute") {
  CrlCache cache;
  const Clock::time_point now = Clock::now();
  CrlCache::Entry entry;
  cache.store("http://127.0.0.1/dead.crl", nullptr, now + std::chrono::hours(1), now);
  REQUIRE(cache.find("http://127.0.0.1/dead.crl", now + CrlCache::kFailureMemory - std::chrono::seconds(1), entry));
  CHECK_FALSE(entry.crl);
  CHECK_FALSE(cache.find("http://127.0.0.1/dead.crl", now + CrlCache::kFailureMemory, entry));
  SECTION("so is a CRL already past its nextUpdate") {
    cache.store("http://127.0.0.1/stale.crl", someCrl(), now - std::chrono::seconds(1), now);
    REQUIRE(cache.find("http://127.0.0.1/stale.crl", now, entry));
    CHECK_FALSE(entry.crl);
    CHECK_FALSE(cache.find("http://127.0.0.1/stale.crl", now + CrlCache::kFailureMemory, entry));
  }
  SECTION("a later fetch replaces what was known") {
    cache.store("http://127.0.0.1/dead.crl", someCrl(), now + std::chrono::hours(2), now);
    REQUIRE(cache.find("http://127.0.0.1/dead.crl", now + std::chrono::hours(1), entry));
    CHECK(entry.crl);
  }
}

TEST_CASE("CRL cache: bounded, the entries that end soonest go first") {
  CrlCache cache;
  const Clock::time_point now = Clock::now();
  for (std::size_t i = 0; i <= CrlCache::kMaxEntries; ++i)
    cache.store("http://127.0.0.1/" + std::to_string(i), someCrl(), now + std::chrono::hours(1 + i), now);
  CrlCache::Entry entry;
  CHECK_FALSE(cache.find("http://127.0.0.1/0", now, entry));
  CHECK(cache.find("http://127.0.0.1/1", now, entry));
  CHECK(cache.find("http://127.0.0.1/" + std::to_string(CrlCache::kMaxEntries), now, entry));
}

TEST_CASE("CRL cache: one fetch per URL, its waiters run once it ends") {
  CrlCache cache;
  int ran = 0;
  CHECK(cache.beginFetch("http://127.0.0.1/a.crl", [&] { ran += 1; }));
  CHECK_FALSE(cache.beginFetch("http://127.0.0.1/a.crl", [&] { ran += 10; }));
  CHECK(cache.beginFetch("http://127.0.0.1/b.crl", [&] { ran += 100; }));
  auto waiters = cache.endFetch("http://127.0.0.1/a.crl");
  CHECK(waiters.size() == 2);
  for (auto& waiter : waiters) waiter();
  CHECK(ran == 11);
  CHECK(cache.endFetch("http://127.0.0.1/a.crl").empty());
  CHECK(cache.beginFetch("http://127.0.0.1/a.crl", [] {}));
  CHECK(cache.endFetch("http://127.0.0.1/b.crl").size() == 1);
}
