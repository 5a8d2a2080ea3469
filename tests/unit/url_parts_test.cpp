#include <catch.hpp>

#include "url_escape.h"
#include "url_parts.h"

using namespace hinternet;

namespace {

struct Cracked {
  Error error = Error::None;
  UrlLayout layout;
};

Cracked crack(std::string_view url) {
  Cracked out;
  const auto scheme = findScheme(url);
  REQUIRE(scheme);
  out.error = splitUrl(url, *scheme, out.layout);
  return out;
}

std::string_view at(std::string_view url, const UrlSpan& span) { return url.substr(span.offset, span.length); }

}  // namespace

TEST_CASE("URLs split into scheme, user, password, host, port, path and extra") {
  const std::string_view url = "http://username:password@www.winehq.org:42/site/about?query";
  const Cracked c = crack(url);
  REQUIRE(c.error == Error::None);
  CHECK(at(url, c.layout.scheme) == "http");
  CHECK(c.layout.hasUser);
  CHECK(at(url, c.layout.user) == "username");
  CHECK(c.layout.hasPassword);
  CHECK(at(url, c.layout.password) == "password");
  CHECK(at(url, c.layout.host) == "www.winehq.org");
  CHECK(c.layout.hasPort);
  CHECK(at(url, c.layout.port) == "42");
  CHECK(at(url, c.layout.path) == "/site/about");
  CHECK(at(url, c.layout.extra) == "?query");
}

TEST_CASE("URL parts that are absent are empty at the end of the text") {
  const std::string_view url = "http://www.winehq.org";
  const Cracked c = crack(url);
  REQUIRE(c.error == Error::None);
  CHECK_FALSE(c.layout.hasUser);
  CHECK_FALSE(c.layout.hasPassword);
  CHECK_FALSE(c.layout.hasPort);
  CHECK(at(url, c.layout.host) == "www.winehq.org");
  CHECK(c.layout.path.offset == url.size());
  CHECK(c.layout.path.length == 0);
  CHECK(c.layout.extra.offset == url.size());
  CHECK(c.layout.extra.length == 0);
}

TEST_CASE("URL splitting follows Windows where it differs from RFC 3986") {
  std::string_view url = "http://example.net/path?var1=example@example.com&var2=x";
  Cracked c = crack(url);
  CHECK_FALSE(c.layout.hasUser);  // an '@' after the first '/' is not user information
  CHECK(at(url, c.layout.host) == "example.net");
  CHECK(at(url, c.layout.extra) == "?var1=example@example.com&var2=x");

  url = "http://winehq?";
  c = crack(url);
  CHECK(at(url, c.layout.host) == "winehq?");  // '?' only counts after the path's '/'
  CHECK(c.layout.extra.offset == url.size());

  url = "http://winehq/post;a";
  c = crack(url);
  CHECK(at(url, c.layout.path) == "/post;a");

  url = "http://:@www.winehq.org/";
  c = crack(url);
  CHECK(c.layout.hasUser);
  CHECK(c.layout.user.length == 0);
  CHECK(c.layout.hasPassword);
  CHECK(c.layout.password.length == 0);

  url = "http://winehq.org:/";
  c = crack(url);
  CHECK(c.layout.hasPort);
  CHECK(c.layout.port.length == 0);

  url = "https://[::1]:8443/x";
  c = crack(url);
  CHECK(at(url, c.layout.host) == "[::1]");
  CHECK(at(url, c.layout.port) == "8443");
}

TEST_CASE("URLs without '//' or anything after it are invalid") {
  for (std::string_view url : {"HTTP:www.winehq.org", "http:/www.winehq.org", "http://", "http:"}) {
    INFO(url);
    CHECK(crack(url).error == Error::InvalidUrl);
  }
  CHECK_FALSE(findScheme(std::string_view("www.winehq.org")));
  CHECK(findScheme(std::string_view(""))  == std::nullopt);
}

TEST_CASE("URL schemes are named without regard to case, each with its default port") {
  CHECK(schemeFromName(std::string_view("HTTP")) == UrlScheme::Http);
  CHECK(schemeFromName(std::u16string_view(u"hTtPs")) == UrlScheme::Https);
  CHECK(schemeFromName(std::string_view("http2")) == UrlScheme::Unknown);
  CHECK(schemeFromName(std::string_view("htt")) == UrlScheme::Unknown);
  CHECK(schemeFromName(std::string_view("")) == UrlScheme::Unknown);
  CHECK(defaultPort(UrlScheme::Http) == 80);
  CHECK(defaultPort(UrlScheme::Https) == 443);
  CHECK(defaultPort(UrlScheme::Unknown) == 0);
}

TEST_CASE("URL ports are their leading digits, at most 65535") {
  unsigned port = 1;
  CHECK(parsePort(std::string_view("0"), port) == Error::None);
  CHECK(port == 0);
  CHECK(parsePort(std::string_view("65535"), port) == Error::None);
  CHECK(port == 65535);
  CHECK(parsePort(std::string_view("8080abc"), port) == Error::None);
  CHECK(port == 8080);
  CHECK(parsePort(std::string_view("65536"), port) == Error::InvalidUrl);
  CHECK(parsePort(std::string_view("99999999999999999999"), port) == Error::InvalidUrl);
}

TEST_CASE("URLs assemble with default ports left out") {
  UrlPieces<char> pieces;
  pieces.scheme = "http";
  pieces.schemeId = UrlScheme::Http;
  pieces.user = "username";
  pieces.password = "password";
  pieces.host = "www.winehq.org";
  pieces.port = 80;
  pieces.path = "/site/about";
  pieces.extra = "?query";
  std::string url;
  REQUIRE(assembleUrl(pieces, url) == Error::None);
  CHECK(url == "http://username:password@www.winehq.org/site/about?query");

  pieces.port = 0;
  REQUIRE(assembleUrl(pieces, url) == Error::None);
  CHECK(url == "http://username:password@www.winehq.org:0/site/about?query");

  pieces.user.reset();
  CHECK(assembleUrl(pieces, url) == Error::InvalidParameter);

  pieces.password.reset();
  pieces.path = "relative";
  pieces.port = 80;
  REQUIRE(assembleUrl(pieces, url) == Error::None);
  CHECK(url == "http://www.winehq.org/relative?query");

  UrlPieces<char16_t> bare;
  bare.scheme = u"http";
  bare.schemeId = UrlScheme::Http;
  bare.extra = u"?x";
  std::u16string wide;
  REQUIRE(assembleUrl(bare, wide) == Error::None);
  CHECK(wide == u"http://?x");
}

TEST_CASE("URL escaping and decoding") {
  CHECK(escapeUrlBytes(" !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") ==
        "%20!%22%23$%25&'()*+,-./:;%3C=%3E?@%5B%5C%5D%5E_%60%7B%7C%7D%7E");
  CHECK(escapeUrlBytes("\r\x1f \n\x7f") == "%0D%1F%20%0A%7F");
  CHECK(escapeUrlBytes("\xE9t\xC3") == "%E9t%C3");
  CHECK(escapeUrlBytes(std::string_view("a\0b", 3)) == "a%00b");
  CHECK(decodePercent(std::string_view("%41%2fb%zz%4")) == "A/b%zz%4");
  CHECK(decodePercent(std::u16string_view(u"%20x%")) == u" x%");
  CHECK(decodePercent(std::string_view("%")) == "%");
}
