#include <catch.hpp>

#include "proxy_config.h"

using namespace hinternet;

TEST_CASE("proxy list: one proxy for every scheme, default port 80") {
  const ProxyConfig config("proxy.corp", "");
  REQUIRE(config.proxyFor("http", "example.com", 80) == "http://proxy.corp:80");
  REQUIRE(config.proxyFor("https", "example.com", 443) == "http://proxy.corp:80");
  REQUIRE(ProxyConfig("10.0.0.1:3128", "").proxyFor("http", "a.b", 80) == "http://10.0.0.1:3128");
  REQUIRE(ProxyConfig("[::1]:8080", "").proxyFor("http", "a.b", 80) == "http://[::1]:8080");
  REQUIRE(ProxyConfig("http://p.corp:81/", "").proxyFor("http", "a.b", 80) == "http://p.corp:81");
  REQUIRE(ProxyConfig("", "").proxyFor("http", "a.b", 80).empty());
  REQUIRE(ProxyConfig("", "").empty());
}

TEST_CASE("proxy list: per-scheme entries win over general ones; other schemes go direct") {
  const ProxyConfig config("http=h1:1; https=h2:2", "");
  REQUIRE(config.proxyFor("http", "a.b", 80) == "http://h1:1");
  REQUIRE(config.proxyFor("HTTPS", "a.b", 443) == "http://h2:2");
  const ProxyConfig httpOnly("http=h1:1", "");
  REQUIRE(httpOnly.proxyFor("https", "a.b", 443).empty());
  const ProxyConfig mixed("general:8 https=secure:9", "");
  REQUIRE(mixed.proxyFor("http", "a.b", 80) == "http://general:8");
  REQUIRE(mixed.proxyFor("https", "a.b", 443) == "http://secure:9");
  REQUIRE(ProxyConfig("socks=s:1080", "").proxyFor("http", "a.b", 80).empty());
  REQUIRE(ProxyConfig("http=https://tls.proxy:443", "").proxyFor("http", "a.b", 80) == "https://tls.proxy:443");
  REQUIRE(ProxyConfig("first:1;second:2", "").proxyFor("http", "a.b", 80) == "http://first:1");
}

TEST_CASE("bypass list: names, wildcards, <local>, schemes and ports") {
  const ProxyConfig config("p:1", "*.internal; intranet.corp,10.*  <local> https://secure.example;*:8080");
  REQUIRE(config.proxyFor("http", "host.internal", 80).empty());
  REQUIRE(config.proxyFor("http", "internal", 80) == "");  // <local>: no dot
  REQUIRE(config.proxyFor("http", "INTRANET.corp", 80).empty());
  REQUIRE(config.proxyFor("http", "10.1.2.3", 80).empty());
  REQUIRE(config.proxyFor("http", "localhost", 80).empty());
  REQUIRE(config.proxyFor("https", "secure.example", 443).empty());
  REQUIRE(config.proxyFor("http", "secure.example", 80) == "http://p:1");
  REQUIRE(config.proxyFor("http", "any.where", 8080).empty());
  REQUIRE(config.proxyFor("http", "example.com", 80) == "http://p:1");
  REQUIRE(config.proxyFor("http", "127.0.0.1", 80) == "http://p:1");
  REQUIRE(config.proxyFor("http", "[::1]", 80) == "http://p:1");
  REQUIRE(ProxyConfig("p:1", "<LOCAL>").bypasses("http", "server", 80));
  REQUIRE(ProxyConfig("p:1", "::1").bypasses("http", "[::1]", 80));
}

TEST_CASE("wildcard matching ignores case and backtracks") {
  REQUIRE(wildcardMatch("*.example.com", "www.EXAMPLE.com"));
  REQUIRE_FALSE(wildcardMatch("*.example.com", "example.com"));
  REQUIRE(wildcardMatch("a*b*c", "axxbyyc"));
  REQUIRE_FALSE(wildcardMatch("a*b*c", "axxbyy"));
  REQUIRE(wildcardMatch("h?st", "host"));
  REQUIRE(wildcardMatch("*", ""));
  REQUIRE_FALSE(wildcardMatch("", "x"));
}

TEST_CASE("proxy list: socks= is WinINet's SOCKS 4 fallback for schemes without an entry of their own") {
  using Socks = ProxyConfig::Socks;
  // WinHTTP has no SOCKS: the entry is not there for it.
  REQUIRE(ProxyConfig("socks=s:1080", "").empty());
  REQUIRE(!ProxyConfig("socks=s:1080", "", Socks::Use).empty());
  REQUIRE(ProxyConfig("socks=s:1081", "", Socks::Use).proxyFor("http", "a.b", 80) == "socks4://s:1081");
  REQUIRE(ProxyConfig("socks=s", "", Socks::Use).proxyFor("https", "a.b", 443) == "socks4://s:1080");
  REQUIRE(ProxyConfig("socks=[::1]:9", "", Socks::Use).proxyFor("http", "a.b", 80) == "socks4://[::1]:9");
  REQUIRE(ProxyConfig("socks=socks://s:7", "", Socks::Use).proxyFor("http", "a.b", 80) == "socks4://s:7");
  // A scheme of its own, or a general entry, comes first, wherever it stands.
  const ProxyConfig mixed("socks=s:1 http=h:2", "", Socks::Use);
  REQUIRE(mixed.proxyFor("http", "a.b", 80) == "http://h:2");
  REQUIRE(mixed.proxyFor("https", "a.b", 443) == "socks4://s:1");
  REQUIRE(ProxyConfig("socks=s:1;general:3", "", Socks::Use).proxyFor("https", "a.b", 443) == "http://general:3");
  // The first socks= entry counts; other protocol versions are not WinINet's.
  REQUIRE(ProxyConfig("socks=s:1 socks=t:2", "", Socks::Use).proxyFor("http", "a.b", 80) == "socks4://s:1");
  REQUIRE(ProxyConfig("socks=socks5://s:1", "", Socks::Use).proxyFor("http", "a.b", 80).empty());
  // The bypass list applies to the SOCKS proxy as to the others.
  const ProxyConfig bypassed("socks=s:1", "*.local;10.*", Socks::Use);
  REQUIRE(bypassed.proxyFor("http", "x.local", 80).empty());
  REQUIRE(bypassed.proxyFor("http", "10.1.2.3", 80).empty());
  REQUIRE(bypassed.proxyFor("http", "x.remote", 80) == "socks4://s:1");
  REQUIRE(ProxyConfig::isSocks("socks4://s:1"));
  REQUIRE(!ProxyConfig::isSocks("http://h:2"));
}
