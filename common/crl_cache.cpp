#include "crl_cache.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "header_list.h"

namespace hinternet {
namespace {

// One DER element at a time, within the bounds of its parent.
struct DerReader {
  const unsigned char* p;
  const unsigned char* end;

  bool atEnd() const { return p >= end; }

  // The next element's tag (one-byte tags only: X.509's) and content.
  bool next(unsigned& tag, DerReader& content) {
    if (end - p < 2) return false;
    tag = *p++;
    if ((tag & 0x1f) == 0x1f) return false;
    std::size_t length = *p++;
    if (length & 0x80) {
      const std::size_t bytes = length & 0x7f;
      if (bytes == 0 || bytes > 4 || static_cast<std::size_t>(end - p) < bytes) return false;
      length = 0;
      for (std::size_t i = 0; i < bytes; ++i) length = (length << 8) | *p++;
    }
    if (static_cast<std::size_t>(end - p) < length) return false;
    content = DerReader{p, p + length};
    p += length;
    return true;
  }
};

constexpr unsigned kSequence = 0x30;
constexpr unsigned kOid = 0x06;
constexpr unsigned kBoolean = 0x01;
constexpr unsigned kOctetString = 0x04;
constexpr unsigned kExtensionsWrapper = 0xa3;  // [3] EXPLICIT in TBSCertificate
constexpr unsigned kContext0 = 0xa0;           // distributionPoint, and its fullName
constexpr unsigned kUri = 0x86;                // GeneralName uniformResourceIdentifier
const unsigned char kCrlDistributionPointsOid[] = {0x55, 0x1d, 0x1f};

// Something after "http://": the only distribution points fetched.
bool isHttpUrl(const std::string& text) { return text.size() > 7 && startsWithIgnoreCase(text, "http://"); }

// CRLDistributionPoints ::= SEQUENCE OF DistributionPoint; each point's
// [0] distributionPoint holds a [0] fullName of GeneralNames.
bool readDistributionPoints(DerReader value, std::vector<std::string>& urls) {
  unsigned tag;
  DerReader points;
  if (!value.next(tag, points) || tag != kSequence) return false;
  while (!points.atEnd()) {
    DerReader point;
    if (!points.next(tag, point) || tag != kSequence) return false;
    while (!point.atEnd()) {
      DerReader field;
      if (!point.next(tag, field)) return false;
      if (tag != kContext0) continue;  // reasons, cRLIssuer
      DerReader name;
      if (!field.next(tag, name)) return false;
      if (tag != kContext0) continue;  // nameRelativeToCRLIssuer
      while (!name.atEnd()) {
        DerReader general;
        if (!name.next(tag, general)) return false;
        if (tag != kUri) continue;
        std::string uri(reinterpret_cast<const char*>(general.p), general.end - general.p);
        if (isHttpUrl(uri)) urls.push_back(std::move(uri));
      }
    }
  }
  return true;
}

}  // namespace

std::vector<std::string> crlDistributionUrls(const unsigned char* extensions, std::size_t length) {
  if (!extensions || length == 0) return {};
  DerReader all{extensions, extensions + length};
  unsigned tag;
  DerReader list;
  if (!all.next(tag, list)) return {};
  if (tag == kExtensionsWrapper) {
    DerReader wrapped = list;
    if (!wrapped.next(tag, list)) return {};
  }
  if (tag != kSequence) return {};
  while (!list.atEnd()) {
    // Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
    DerReader extension, oid, value;
    if (!list.next(tag, extension) || tag != kSequence) return {};
    if (!extension.next(tag, oid) || tag != kOid) return {};
    if (static_cast<std::size_t>(oid.end - oid.p) != sizeof(kCrlDistributionPointsOid) ||
        std::memcmp(oid.p, kCrlDistributionPointsOid, sizeof(kCrlDistributionPointsOid)) != 0)
      continue;
    if (!extension.next(tag, value)) return {};
    if (tag == kBoolean && !extension.next(tag, value)) return {};
    if (tag != kOctetString) return {};
    std::vector<std::string> urls;
    if (!readDistributionPoints(value, urls)) return {};
    return urls;
  }
  return {};
}

CrlCache& CrlCache::instance() {
  // Leaked on purpose, like the engine that uses it: no teardown at exit.
  static CrlCache* cache = new CrlCache();
  return *cache;
}

bool CrlCache::find(const std::string& url, Clock::time_point now, Entry& out) {
  std::lock_guard<Mutex> lock(mutex_);
  auto it = entries_.find(url);
  if (it == entries_.end()) return false;
  if (now >= it->second.until) {
    entries_.erase(it);
    return false;
  }
  out = it->second;
  return true;
}

void CrlCache::store(const std::string& url, std::shared_ptr<const void> crl, Clock::time_point nextUpdate,
                     Clock::time_point now) {
  Entry entry;
  if (crl && nextUpdate > now) {
    entry.crl = std::move(crl);
    entry.until = nextUpdate;
  } else {
    entry.until = now + kFailureMemory;
  }
  std::lock_guard<Mutex> lock(mutex_);
  entries_[url] = std::move(entry);
  pruneLocked(now);
}

void CrlCache::pruneLocked(Clock::time_point now) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (now >= it->second.until) {
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
  while (entries_.size() > kMaxEntries) {
    auto soonest = std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
      return a.second.until < b.second.until;
    });
    entries_.erase(soonest);
  }
}

bool CrlCache::beginFetch(const std::string& url, std::function<void()> waiter) {
  std::lock_guard<Mutex> lock(mutex_);
  const bool first = fetching_.count(url) == 0;
  fetching_[url].push_back(std::move(waiter));
  return first;
}

std::vector<std::function<void()>> CrlCache::endFetch(const std::string& url) {
  std::lock_guard<Mutex> lock(mutex_);
  auto it = fetching_.find(url);
  if (it == fetching_.end()) return {};
  std::vector<std::function<void()>> waiters = std::move(it->second);
  fetching_.erase(it);
  return waiters;
}

void CrlCache::clear() {
  std::lock_guard<Mutex> lock(mutex_);
  entries_.clear();
}

}  // namespace hinternet
