#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hinternet {

class CookieJarFile;

// Where a cookie is set from or sent to: what the cookie rules look at.
struct CookieUrl {
  bool secure = false;  // https
  std::string host;     // lower case, IPv6 without brackets
  std::string path;     // "/..." without query or fragment
};

// Cuts an absolute http(s) URL into what the rules need; nothing for other
// schemes, for a URL without a host, and for text that is no URL.
std::optional<CookieUrl> cookieUrlFrom(const std::string& url);

struct Cookie {
  std::string name, value;
  std::string domain;  // lower case, without a leading dot
  std::string path;
  bool hostOnly = true;  // sent to `domain` alone, not to its subdomains
  bool secure = false;
  bool httpOnly = false;
  bool persistent = false;  // has an expiry; session cookies never reach a file
  std::int64_t expires = 0;  // Unix seconds, when persistent
  std::int64_t created = 0;  // Unix seconds
  std::uint64_t order = 0;   // creation order among cookies created in the same second

  // name=value, or the value alone for a cookie without a name.
  std::string pair() const;
  // The same cookie (RFC 6265: name, domain and path), which a new one replaces.
  bool sameKey(const Cookie& other) const {
    return name == other.name && domain == other.domain && path == other.path;
  }
};

enum class CookieVerdict {
  Stored,     // stored, replaced, or (already expired) deleted
  Malformed,  // no name or value, control characters, or too large
  Foreign,    // a Domain the URL's host is not inside of, or a public suffix
  HttpOnly,   // an HttpOnly cookie from a caller that may not set one
};

// True if `domain` is a public suffix ("com", "co.uk"...) under which no
// site may set a cookie for all sites. A short built-in list, not the whole
// Public Suffix List.
bool isPublicSuffix(const std::string& domain);

// Whether a cookie set by `host` may name `domain` (lower case, leading dot
// allowed) as its Domain: the host is the domain or inside it, and the
// domain is no public suffix.
bool isLegalCookieDomain(const std::string& domain, const std::string& host);

// The cookies of one process (WinINet keeps one store for every session and
// for the cookie API), with the rules browsers apply (RFC 6265): host-only
// and domain cookies, paths, Secure, HttpOnly, expiry, and the sizes and
// counts browsers keep. With a jar file, persistent cookies are loaded from it
// on construction and every change to them is written through. Safe from any
// thread.
class CookieStore {
 public:
  static constexpr std::size_t kMaxCookieBytes = 4096;   // name and value
  static constexpr std::size_t kMaxPerDomain = 50;
  static constexpr std::size_t kMaxCookies = 3000;
  static constexpr std::int64_t kLatestExpiry = 253402300799;  // 9999-12-31 23:59:59

  CookieStore();
  explicit CookieStore(std::unique_ptr<CookieJarFile> file);
  ~CookieStore();
  CookieStore(const CookieStore&) = delete;
  CookieStore& operator=(const CookieStore&) = delete;

  // One Set-Cookie value received from (or set by a program for) `url`.
  // `mayTouchHttpOnly`: a response, or a caller allowed to set and replace
  // HttpOnly cookies. `now`: Unix seconds.
  CookieVerdict set(const CookieUrl& url, const std::string& setCookie, bool mayTouchHttpOnly, std::int64_t now);
  // Many at once, each from its own URL, with the jar file written once at
  // the end (a cookie file import): one verdict each, in order.
  std::vector<CookieVerdict> setAll(const std::vector<std::pair<CookieUrl, std::string>>& cookies,
                                    bool mayTouchHttpOnly, std::int64_t now);

  // The cookies to send to `url`, in the order they go: longer paths first,
  // then older first. HttpOnly ones only with `includeHttpOnly`; only those
  // called `name` if it is not empty.
  std::vector<Cookie> matching(const CookieUrl& url, bool includeHttpOnly, std::int64_t now,
                               const std::string& name = std::string());
  // The same as a Cookie header value ("a=b; c=d"); empty if none.
  std::string header(const CookieUrl& url, bool includeHttpOnly, std::int64_t now);

  // For the transfers: a URL as curl reports it, responses' HttpOnly rules.
  std::string headerForUrl(const std::string& url);
  void receivedFrom(const std::string& url, const std::string& setCookie);

  // Hosts whose responses' cookies are refused (the user's per-site
  // decisions); called without the store's lock held.
  void setRefusedSites(std::function<bool(const std::string& host)> refused);

  // The persistent cookies that have not expired by `now`, in the order
  // they were stored (what a cookie file export writes).
  std::vector<Cookie> persistentCookies(std::int64_t now) const;

  // Drops the session cookies (a browser session ends).
  void dropSessionCookies();
  std::size_t size() const;

  static std::int64_t currentTime();

 private:
  // set() without writing the jar file.
  CookieVerdict store(const CookieUrl& url, const std::string& setCookie, bool mayTouchHttpOnly, std::int64_t now);
  // Writes the persistent-cookie changes not written yet.
  void flush();
  void evictLocked(const std::string& domain, std::int64_t now);
  void eraseLocked(std::size_t index);

  mutable std::mutex mutex_;
  std::vector<Cookie> cookies_;
  std::uint64_t nextOrder_ = 1;
  std::unique_ptr<CookieJarFile> file_;
  std::function<bool(const std::string&)> refusedSite_;  // set before the store is shared
  // The persistent-cookie changes not written yet, in order; a deleted
  // cookie goes as a copy that has expired. Guarded by mutex_.
  std::vector<Cookie> unwritten_;
  std::mutex fileMutex_;           // one flush at a time, in order
};

}  // namespace hinternet
