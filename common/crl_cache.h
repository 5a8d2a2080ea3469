#pragma once
// Certificate revocation lists as the process knows them: where a
// certificate says its CRLs are, and what fetching them gave. Shared by
// every request of the process, as Windows' CRL cache is.
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sync.h"

namespace hinternet {

// The http:// URLs among the fullName URIs of a certificate's CRL
// Distribution Points extension (2.5.29.31). `extensions` is the DER of the
// certificate's Extensions SEQUENCE, with or without its [3] wrapper.
// Malformed DER, or no such extension: none. Other schemes (ldap:) are
// left out: they cannot be fetched here.
std::vector<std::string> crlDistributionUrls(const unsigned char* extensions, std::size_t length);

class CrlCache {
 public:
  using Clock = std::chrono::system_clock;
  // How long a fetch that failed stands: a dead CRL server must not cost
  // every request a fetch of its own.
  static constexpr std::chrono::seconds kFailureMemory{60};
  // At most this many URLs are remembered; stale ones go first.
  static constexpr std::size_t kMaxEntries = 256;

  struct Entry {
    // The TLS library's parsed CRL; null: the fetch failed, or what came
    // was no CRL that can still be used.
    std::shared_ptr<const void> crl;
    Clock::time_point until;
  };

  static CrlCache& instance();

  // What is known of `url` at `now`: false when nothing is, or what was
  // known no longer stands (a CRL past its nextUpdate, an old failure).
  bool find(const std::string& url, Clock::time_point now, Entry& out);
  // The outcome of a fetch: a parsed CRL (null: the fetch failed) good
  // until `nextUpdate`. A CRL already past it counts as a failure.
  void store(const std::string& url, std::shared_ptr<const void> crl, Clock::time_point nextUpdate,
             Clock::time_point now);

  // One fetch per URL at a time: `waiter` runs when the fetch of `url`
  // ends (whoever fetches runs the waiters endFetch hands back); true when
  // no fetch of it is under way, so the caller is to fetch it.
  bool beginFetch(const std::string& url, std::function<void()> waiter);
  // The waiters of the fetch of `url`, for the fetcher to run.
  std::vector<std::function<void()>> endFetch(const std::string& url);

  // Forgets everything (tests).
  void clear();

 private:
  void pruneLocked(Clock::time_point now);

  Mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::map<std::string, std::vector<std::function<void()>>> fetching_;
};

}  // namespace hinternet
