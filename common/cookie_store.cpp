#include "cookie_store.h"

#include <algorithm>
#include <chrono>

#include "cookie_date.h"
#include "cookie_jar_file.h"
#include "log.h"

namespace hinternet {
namespace {

std::string lower(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return std::string();
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

bool hasControl(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

bool isIpAddress(const std::string& host) {
  if (host.find(':') != std::string::npos) return true;  // IPv6
  return !host.empty() && host.find_first_not_of("0123456789.") == std::string::npos;
}

// RFC 6265 5.1.3.
bool domainMatches(const std::string& host, const std::string& domain) {
  if (host == domain) return true;
  return host.size() > domain.size() && !isIpAddress(host) &&
         host.compare(host.size() - domain.size(), domain.size(), domain) == 0 &&
         host[host.size() - domain.size() - 1] == '.';
}

// RFC 6265 5.1.4.
bool pathMatches(const std::string& requestPath, const std::string& cookiePath) {
  if (requestPath.compare(0, cookiePath.size(), cookiePath) != 0) return false;
  return requestPath.size() == cookiePath.size() || cookiePath.back() == '/' ||
         requestPath[cookiePath.size()] == '/';
}

std::string defaultPath(const std::string& requestPath) {
  if (requestPath.empty() || requestPath[0] != '/') return "/";
  const auto slash = requestPath.rfind('/');
  return slash == 0 ? "/" : requestPath.substr(0, slash);
}

bool expired(const Cookie& cookie, std::int64_t now) { return cookie.persistent && cookie.expires <= now; }

// Multi-label public suffixes that sites are commonly registered under; any
// single label counts as one too.
const char* const kPublicSuffixes[] = {
    "co.uk", "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "me.uk", "net.uk", "com.au", "net.au", "org.au",
    "edu.au", "gov.au", "co.nz", "org.nz", "co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp", "co.kr", "or.kr",
    "com.cn", "net.cn", "org.cn", "gov.cn", "com.tw", "org.tw", "com.hk", "com.sg", "com.my", "co.in",
    "net.in", "org.in", "co.id", "co.th", "com.br", "net.br", "org.br", "com.ar", "com.mx", "com.co",
    "co.za", "org.za", "com.tr", "com.pl", "net.pl", "org.pl", "com.ru", "com.ua", "co.il", "com.eg",
    "com.sa", "com.pk", "com.ph", "com.vn", "github.io", "blogspot.com", "appspot.com", "herokuapp.com",
};

}  // namespace

std::optional<CookieUrl> cookieUrlFrom(const std::string& url) {
  const auto colon = url.find("://");
  if (colon == std::string::npos) return std::nullopt;
  const std::string scheme = lower(url.substr(0, colon));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  CookieUrl out;
  out.secure = scheme == "https";
  const auto authorityStart = colon + 3;
  auto authorityEnd = url.find_first_of("/?#", authorityStart);
  if (authorityEnd == std::string::npos) authorityEnd = url.size();
  std::string authority = url.substr(authorityStart, authorityEnd - authorityStart);
  const auto at = authority.rfind('@');
  if (at != std::string::npos) authority.erase(0, at + 1);
  if (!authority.empty() && authority[0] == '[') {
    const auto close = authority.find(']');
    if (close == std::string::npos) return std::nullopt;
    out.host = authority.substr(1, close - 1);
  } else {
    out.host = authority.substr(0, authority.find(':'));
  }
  out.host = lower(out.host);
  while (!out.host.empty() && out.host.back() == '.') out.host.pop_back();
  if (out.host.empty()) return std::nullopt;
  if (authorityEnd < url.size() && url[authorityEnd] == '/') {
    const auto pathEnd = url.find_first_of("?#", authorityEnd);
    out.path = url.substr(authorityEnd, pathEnd == std::string::npos ? std::string::npos : pathEnd - authorityEnd);
  } else {
    out.path = "/";
  }
  return out;
}

std::string Cookie::pair() const { return name.empty() ? value : name + "=" + value; }

bool isPublicSuffix(const std::string& domain) {
  if (domain.find('.') == std::string::npos) return true;
  for (const char* suffix : kPublicSuffixes)
    if (domain == suffix) return true;
  return false;
}

bool isLegalCookieDomain(const std::string& domain, const std::string& host) {
  std::string d = lower(domain);
  if (!d.empty() && d[0] == '.') d.erase(0, 1);
  const std::string h = lower(host);
  if (d.empty() || h.empty() || h[0] == '.' || d[0] == '.') return false;
  if (isPublicSuffix(d)) return false;
  return domainMatches(h, d);
}

CookieStore::CookieStore() = default;

CookieStore::CookieStore(std::unique_ptr<CookieJarFile> file) : file_(std::move(file)) {
  if (!file_) return;
  const std::int64_t now = currentTime();
  for (Cookie& cookie : file_->load(now)) {
    cookie.order = nextOrder_++;
    cookies_.push_back(std::move(cookie));
  }
}

CookieStore::~CookieStore() = default;

std::int64_t CookieStore::currentTime() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

CookieVerdict CookieStore::set(const CookieUrl& url, const std::string& setCookie, bool mayTouchHttpOnly,
                               std::int64_t now) {
  const CookieVerdict verdict = store(url, setCookie, mayTouchHttpOnly, now);
  flush();
  return verdict;
}

std::vector<CookieVerdict> CookieStore::setAll(const std::vector<std::pair<CookieUrl, std::string>>& cookies,
                                               bool mayTouchHttpOnly, std::int64_t now) {
  std::vector<CookieVerdict> verdicts;
  verdicts.reserve(cookies.size());
  for (const auto& [url, setCookie] : cookies) verdicts.push_back(store(url, setCookie, mayTouchHttpOnly, now));
  flush();
  return verdicts;
}

CookieVerdict CookieStore::store(const CookieUrl& url, const std::string& setCookie, bool mayTouchHttpOnly,
                                 std::int64_t now) {
  // RFC 6265 5.2: the name-value pair, then attributes; unknown ones and
  // ones with unusable values are ignored.
  const auto semicolon = setCookie.find(';');
  const std::string pair = setCookie.substr(0, semicolon);
  Cookie cookie;
  const auto equals = pair.find('=');
  // Like Windows, text without '=' is a name with an empty value.
  cookie.name = trim(pair.substr(0, equals));
  cookie.value = equals == std::string::npos ? std::string() : trim(pair.substr(equals + 1));
  if (cookie.name.empty() && cookie.value.empty()) return CookieVerdict::Malformed;
  if (hasControl(cookie.name) || hasControl(cookie.value)) return CookieVerdict::Malformed;
  if (cookie.name.size() + cookie.value.size() > kMaxCookieBytes) return CookieVerdict::Malformed;

  std::optional<std::int64_t> maxAge, expires;
  std::string domain;
  bool hasDomain = false, hasPath = false;
  std::size_t at = semicolon;
  while (at != std::string::npos) {
    const auto next = setCookie.find(';', at + 1);
    const std::string attribute = setCookie.substr(at + 1, next == std::string::npos ? std::string::npos : next - at - 1);
    at = next;
    const auto eq = attribute.find('=');
    const std::string key = lower(trim(attribute.substr(0, eq)));
    const std::string value = eq == std::string::npos ? std::string() : trim(attribute.substr(eq + 1));
    if (value.size() > 1024) continue;
    if (key == "expires") {
      std::int64_t when = 0;
      if (parseCookieDate(value, when)) expires = when;
    } else if (key == "max-age") {
      if (value.empty() || value.find_first_not_of("-0123456789") != std::string::npos ||
          value.find('-', 1) != std::string::npos || value == "-")
        continue;
      long long seconds = 0;
      try {
        seconds = std::stoll(value);
      } catch (...) {
        seconds = value[0] == '-' ? -1 : kLatestExpiry;
      }
      maxAge = seconds <= 0 ? std::int64_t(0) : now + std::min<long long>(seconds, kLatestExpiry);
    } else if (key == "domain") {
      if (value.empty()) continue;
      domain = lower(value[0] == '.' ? value.substr(1) : value);
      hasDomain = !domain.empty();
    } else if (key == "path") {
      if (value.empty() || value[0] != '/') {
        cookie.path.clear();
        hasPath = false;
      } else {
        cookie.path = value;
        hasPath = true;
      }
    } else if (key == "secure") {
      cookie.secure = true;
    } else if (key == "httponly") {
      cookie.httpOnly = true;
    }
  }
  // Max-Age wins over Expires. Nothing lasts past the year 9999, the last
  // a FILETIME or SYSTEMTIME can say.
  if (maxAge || expires) {
    cookie.persistent = true;
    cookie.expires = std::min<std::int64_t>(maxAge ? *maxAge : *expires, kLatestExpiry);
  }

  // RFC 6265 5.3.
  if (hasDomain && isPublicSuffix(domain)) {
    if (domain != url.host) return CookieVerdict::Foreign;
    hasDomain = false;
  }
  if (hasDomain) {
    if (!domainMatches(url.host, domain)) return CookieVerdict::Foreign;
    cookie.hostOnly = false;
    cookie.domain = domain;
  } else {
    cookie.hostOnly = true;
    cookie.domain = url.host;
  }
  if (!hasPath) cookie.path = defaultPath(url.path);
  if (cookie.httpOnly && !mayTouchHttpOnly) return CookieVerdict::HttpOnly;

  {
    std::lock_guard<std::mutex> lock(mutex_);
    cookie.created = now;
    cookie.order = nextOrder_++;
    for (std::size_t i = 0; i < cookies_.size(); ++i) {
      Cookie& old = cookies_[i];
      if (!old.sameKey(cookie)) continue;
      if (old.httpOnly && !mayTouchHttpOnly) return CookieVerdict::HttpOnly;
      cookie.created = old.created;
      cookie.order = old.order;
      if (old.persistent) {
        Cookie gone = old;
        gone.expires = 0;
        unwritten_.push_back(std::move(gone));
      }
      eraseLocked(i);
      break;
    }
    // An expired one goes to the jar file too: it deletes what another
    // process may have written there.
    if (cookie.persistent) unwritten_.push_back(cookie);
    if (!expired(cookie, now)) {
      const std::string where = cookie.domain;
      cookies_.push_back(std::move(cookie));
      evictLocked(where, now);
    }
  }
  return CookieVerdict::Stored;
}

void CookieStore::eraseLocked(std::size_t index) {
  cookies_.erase(cookies_.begin() + static_cast<std::ptrdiff_t>(index));
}

void CookieStore::evictLocked(const std::string& domain, std::int64_t now) {
  // Expired cookies go first; then, over a limit, the oldest.
  bool overDomain = false;
  std::size_t inDomain = 0;
  for (std::size_t i = cookies_.size(); i-- > 0;) {
    if (expired(cookies_[i], now)) {
      eraseLocked(i);
      continue;
    }
    if (cookies_[i].domain == domain) ++inDomain;
  }
  overDomain = inDomain > kMaxPerDomain;
  while (overDomain || cookies_.size() > kMaxCookies) {
    std::size_t oldest = cookies_.size();
    for (std::size_t i = 0; i < cookies_.size(); ++i) {
      if (overDomain && cookies_[i].domain != domain) continue;
      if (oldest == cookies_.size() || cookies_[i].order < cookies_[oldest].order) oldest = i;
    }
    if (oldest == cookies_.size()) break;
    if (cookies_[oldest].persistent) {
      Cookie gone = cookies_[oldest];
      gone.expires = 0;
      unwritten_.push_back(std::move(gone));
    }
    eraseLocked(oldest);
    if (overDomain) overDomain = --inDomain > kMaxPerDomain;
  }
}

std::vector<Cookie> CookieStore::matching(const CookieUrl& url, bool includeHttpOnly, std::int64_t now,
                                          const std::string& name) {
  std::vector<Cookie> out;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const Cookie& cookie : cookies_) {
      if (expired(cookie, now)) continue;
      if (cookie.hostOnly ? url.host != cookie.domain : !domainMatches(url.host, cookie.domain)) continue;
      if (!pathMatches(url.path, cookie.path)) continue;
      if (cookie.secure && !url.secure) continue;
      if (cookie.httpOnly && !includeHttpOnly) continue;
      if (!name.empty() && cookie.name != name) continue;
      out.push_back(cookie);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Cookie& a, const Cookie& b) {
    if (a.path.size() != b.path.size()) return a.path.size() > b.path.size();
    if (a.created != b.created) return a.created < b.created;
    return a.order < b.order;
  });
  return out;
}

std::string CookieStore::header(const CookieUrl& url, bool includeHttpOnly, std::int64_t now) {
  std::string text;
  for (const Cookie& cookie : matching(url, includeHttpOnly, now)) {
    if (!text.empty()) text += "; ";
    text += cookie.pair();
  }
  return text;
}

std::string CookieStore::headerForUrl(const std::string& url) {
  const auto where = cookieUrlFrom(url);
  return where ? header(*where, true, currentTime()) : std::string();
}

void CookieStore::setRefusedSites(std::function<bool(const std::string& host)> refused) {
  refusedSite_ = std::move(refused);
}

void CookieStore::receivedFrom(const std::string& url, const std::string& setCookie) {
  const auto where = cookieUrlFrom(url);
  if (!where) return;
  if (refusedSite_ && refusedSite_(where->host)) {
    LOG_INFO("cookie from %s refused by a per-site decision", url.c_str());
    return;
  }
  const CookieVerdict verdict = set(*where, setCookie, true, currentTime());
  if (verdict != CookieVerdict::Stored) LOG_INFO("cookie from %s refused: %s", url.c_str(), setCookie.c_str());
}

std::vector<Cookie> CookieStore::persistentCookies(std::int64_t now) const {
  std::vector<Cookie> out;
  std::lock_guard<std::mutex> lock(mutex_);
  for (const Cookie& cookie : cookies_)
    if (cookie.persistent && !expired(cookie, now)) out.push_back(cookie);
  return out;
}

void CookieStore::dropSessionCookies() {
  std::lock_guard<std::mutex> lock(mutex_);
  cookies_.erase(std::remove_if(cookies_.begin(), cookies_.end(), [](const Cookie& c) { return !c.persistent; }),
                 cookies_.end());
}

std::size_t CookieStore::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return cookies_.size();
}

void CookieStore::flush() {
  if (!file_) {
    std::lock_guard<std::mutex> lock(mutex_);
    unwritten_.clear();
    return;
  }
  {
    // Most Set-Cookie headers (session cookies, refusals) change nothing
    // on disk: they should not wait behind another thread's rewrite.
    std::lock_guard<std::mutex> lock(mutex_);
    if (unwritten_.empty()) return;
  }
  std::lock_guard<std::mutex> fileLock(fileMutex_);
  std::vector<Cookie> changes;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    changes.swap(unwritten_);
  }
  if (!changes.empty()) file_->apply(changes, currentTime());
}

}  // namespace hinternet
