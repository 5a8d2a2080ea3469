#include "proxy_config.h"

#include <cctype>

#include "header_list.h"

namespace hinternet {
namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::vector<std::string> splitAny(const std::string& text, const char* separators) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of(separators, start);
    if (end == std::string::npos) end = text.size();
    if (end > start) parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// Splits "host[:port]" or "[v6]:port"; port 0 when absent or malformed.
void splitHostPort(const std::string& text, std::string& host, unsigned& port) {
  host = text;
  port = 0;
  std::size_t colon = std::string::npos;
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string::npos) return;
    host = text.substr(1, close - 1);
    if (close + 1 < text.size() && text[close + 1] == ':') colon = close + 1;
  } else if (text.find(':') == text.rfind(':')) {
    colon = text.find(':');  // more than one colon: a bare IPv6 address
    if (colon != std::string::npos) host = text.substr(0, colon);
  }
  if (colon == std::string::npos) return;
  unsigned value = 0;
  bool digits = colon + 1 < text.size();
  for (std::size_t i = colon + 1; i < text.size() && digits; ++i) {
    digits = std::isdigit(static_cast<unsigned char>(text[i])) != 0;
    value = value * 10 + static_cast<unsigned>(text[i] - '0');
    if (value > 65535) digits = false;
  }
  if (digits) port = value;
}

// Takes a leading "<scheme>://" off `text` and returns the scheme, lower-case.
std::string takeScheme(std::string& text) {
  const std::size_t mark = text.find("://");
  if (mark == std::string::npos) return std::string();
  std::string scheme = lower(text.substr(0, mark));
  text.erase(0, mark + 3);
  return scheme;
}

std::string unbracket(const std::string& host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') return host.substr(1, host.size() - 2);
  return host;
}

}  // namespace

bool wildcardMatch(const std::string& pattern, const std::string& text) {
  std::size_t p = 0, t = 0, star = std::string::npos, resume = 0;
  auto same = [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  };
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || same(pattern[p], text[t]))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

ProxyConfig::ProxyConfig(const std::string& proxyList, const std::string& bypassList, Socks socks) {
  for (std::string entry : splitAny(proxyList, "; \t\r\n")) {
    Proxy proxy;
    const std::size_t equals = entry.find('=');
    if (equals != std::string::npos && equals < entry.find("://")) {
      proxy.forScheme = lower(entry.substr(0, equals));
      entry.erase(0, equals + 1);
    }
    const bool isSocksEntry = proxy.forScheme == "socks";
    if (isSocksEntry && (socks == Socks::Ignore || !socks_.empty())) continue;
    const std::string scheme = takeScheme(entry);
    if (isSocksEntry ? !scheme.empty() && scheme != "socks" && scheme != "socks4"
                     : !scheme.empty() && scheme != "http" && scheme != "https")
      continue;
    while (!entry.empty() && entry.back() == '/') entry.pop_back();
    std::string host;
    unsigned port = 0;
    splitHostPort(entry, host, port);
    if (host.empty()) continue;
    const bool v6 = host.find(':') != std::string::npos;
    const std::string address = (v6 ? "[" + host + "]" : host) + ":";
    if (isSocksEntry) {
      socks_ = "socks4://" + address + std::to_string(port ? port : 1080);
      continue;
    }
    proxy.url = (scheme.empty() ? "http" : scheme) + "://" + address + std::to_string(port ? port : 80);
    proxies_.push_back(std::move(proxy));
  }
  for (std::string entry : splitAny(bypassList, "; ,\t\r\n")) {
    Bypass bypass;
    if (equalsIgnoreCase(entry, "<local>")) {
      bypass.local = true;
    } else {
      bypass.scheme = takeScheme(entry);
      splitHostPort(entry, bypass.pattern, bypass.port);
      if (bypass.pattern.empty()) continue;
    }
    bypass_.push_back(std::move(bypass));
  }
}

bool ProxyConfig::bypasses(const std::string& scheme, const std::string& host, unsigned port) const {
  const std::string bare = unbracket(host);
  for (const Bypass& b : bypass_) {
    if (b.local) {
      if (bare.find('.') == std::string::npos && bare.find(':') == std::string::npos) return true;
      continue;
    }
    if (!b.scheme.empty() && b.scheme != lower(scheme)) continue;
    if (b.port && b.port != port) continue;
    if (wildcardMatch(b.pattern, bare)) return true;
  }
  return false;
}

std::string ProxyConfig::proxyFor(const std::string& scheme, const std::string& host, unsigned port) const {
  if (empty() || bypasses(scheme, host, port)) return std::string();
  const std::string wanted = lower(scheme);
  for (const Proxy& p : proxies_)
    if (p.forScheme == wanted) return p.url;
  for (const Proxy& p : proxies_)
    if (p.forScheme.empty()) return p.url;
  return socks_;
}

bool ProxyConfig::isSocks(const std::string& curlProxy) { return curlProxy.rfind("socks", 0) == 0; }

}  // namespace hinternet
