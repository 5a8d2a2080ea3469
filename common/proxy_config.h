#pragma once
#include <string>
#include <vector>

namespace hinternet {

// A Windows proxy list and bypass list as WinHTTP and WinINet take them
// (WinHttpOpen, WINHTTP_PROXY_INFO, the registry), resolved per request URL.
//
// Proxy list: entries separated by ';' or whitespace, each
// "[<scheme>=][<scheme>://]<host>[:<port>]". An entry with "<scheme>=" is
// used for URLs of that scheme only, one without for every scheme; the first
// fitting entry wins, a scheme-specific one before a general one.
// "socks=<host>[:<port>]" entries (port 1080 when absent) are ignored by
// WinHTTP, which has no SOCKS support; WinINet uses the first one, as SOCKS
// version 4 with names resolved here, for a URL whose scheme has neither its
// own entry nor a general one: the fallback that Internet Explorer's proxy
// dialog describes and that Chromium and Firefox reproduce when they read
// these settings.
//
// Bypass list: entries separated by ';', whitespace or ','; each a host
// name or address with '*' and '?' wildcards, optionally with "<scheme>://"
// before it and ":<port>" after it. "<local>" matches every host name
// without a dot.
class ProxyConfig {
 public:
  enum class Socks { Ignore, Use };

  ProxyConfig() = default;
  ProxyConfig(const std::string& proxyList, const std::string& bypassList, Socks socks = Socks::Ignore);

  // The proxy for a request to scheme://host:port as a curl proxy string
  // ("http://proxy:8080", "socks4://proxy:1080"), or "" to connect
  // directly. `scheme` is "http" or "https".
  std::string proxyFor(const std::string& scheme, const std::string& host, unsigned port) const;
  // Whether a string from proxyFor names a SOCKS proxy (the request then
  // goes to the server in origin form, through a tunnel).
  static bool isSocks(const std::string& curlProxy);

  bool bypasses(const std::string& scheme, const std::string& host, unsigned port) const;
  bool empty() const { return proxies_.empty() && socks_.empty(); }

 private:
  struct Proxy {
    std::string forScheme;  // empty: any scheme
    std::string url;        // "http://host:port"
  };
  struct Bypass {
    std::string scheme;  // empty: any
    std::string pattern;
    unsigned port = 0;  // 0: any
    bool local = false;
  };
  std::vector<Proxy> proxies_;
  std::string socks_;  // "socks4://host:port"; empty: none
  std::vector<Bypass> bypass_;
};

// Glob match ignoring ASCII case: '*' any run, '?' one character.
bool wildcardMatch(const std::string& pattern, const std::string& text);

}  // namespace hinternet
