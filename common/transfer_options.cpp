// The curl settings of a transfer that come from its spec's options.
#include <curl/curl.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <map>
#include <memory>
#include <utility>

#include "sync.h"
#include "transfer.h"

namespace hinternet {
namespace {

// curl's codes for the lowest and highest version in `versions`.
void versionRange(unsigned versions, long& lowest, long& highest) {
  static const long kMin[] = {CURL_SSLVERSION_TLSv1_0, CURL_SSLVERSION_TLSv1_1, CURL_SSLVERSION_TLSv1_2,
                              CURL_SSLVERSION_TLSv1_3};
  static const long kMax[] = {CURL_SSLVERSION_MAX_TLSv1_0, CURL_SSLVERSION_MAX_TLSv1_1,
                              CURL_SSLVERSION_MAX_TLSv1_2, CURL_SSLVERSION_MAX_TLSv1_3};
  int low = -1, high = -1;
  for (int i = 0; i < 4; ++i) {
    if (!(versions & (1u << i))) continue;
    if (low < 0) low = i;
    high = i;
  }
  lowest = kMin[low];
  highest = kMax[high];
}

// The anchors with `tag` appended, made once per tag and kept: the anchors
// outlive every transfer, and a copy per request would cost what sharing
// them saves.
const std::string& taggedAnchors(const std::string& anchors, const std::string& tag) {
  static Mutex mutex;
  static auto* made = new std::map<std::pair<const std::string*, std::string>, std::unique_ptr<const std::string>>();
  std::lock_guard<Mutex> lock(mutex);
  auto& slot = (*made)[{&anchors, tag}];
  if (!slot) slot = std::make_unique<const std::string>(anchors + tag);
  return *slot;
}

}  // namespace

std::string Transfer::currentUrl() const {
  char* url = nullptr;
  curl_easy_getinfo(static_cast<CURL*>(easy_), CURLINFO_EFFECTIVE_URL, &url);
  return url ? url : spec_.url;
}

std::string Transfer::redirectTarget(const std::string& location) const {
  std::string target = location;
  CURLU* url = curl_url();
  char* resolved = nullptr;
  // A handle that holds a URL resolves a relative reference against it.
  if (url && curl_url_set(url, CURLUPART_URL, currentUrl().c_str(), 0) == CURLUE_OK &&
      curl_url_set(url, CURLUPART_URL, location.c_str(), CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
      curl_url_get(url, CURLUPART_URL, &resolved, 0) == CURLUE_OK && resolved)
    target = resolved;
  curl_free(resolved);
  curl_url_cleanup(url);
  return target;
}

Error Transfer::schemeChange(const std::string& location) const {
  char* url = nullptr;
  curl_easy_getinfo(static_cast<CURL*>(easy_), CURLINFO_EFFECTIVE_URL, &url);
  if (!url) return Error::None;
  if (startsWithIgnoreCase(url, "https:") && startsWithIgnoreCase(location, "http:")) return Error::RedirectToHttp;
  if (startsWithIgnoreCase(url, "http:") && startsWithIgnoreCase(location, "https:")) return Error::RedirectToHttps;
  return Error::None;
}

void Transfer::applyOptions(void* easy) {
  CURL* e = static_cast<CURL*>(easy);
  long follow = spec_.followRedirects ? 1L : 0L;
#ifdef CURLFOLLOW_OBEYCODE
  // OBEYCODE also drops a custom method sent with a body (PUT) where curl
  // turns a POST into a GET; noteRedirect drops one sent without a body.
  if (spec_.followRedirects && spec_.redirectsBecomeGet) follow = CURLFOLLOW_OBEYCODE;
#endif
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, follow);
  curl_easy_setopt(e, CURLOPT_MAXREDIRS, spec_.maxRedirects);
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION,
                   spec_.http10       ? long(CURL_HTTP_VERSION_1_0)
                   : spec_.allowHttp2 ? long(CURL_HTTP_VERSION_2TLS)
                                      : long(CURL_HTTP_VERSION_1_1));
  if (!spec_.acceptEncoding.empty()) curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, spec_.acceptEncoding.c_str());
  if (!spec_.keepAlive) {
    curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
  }
  // curl reads 0 as its own default of 300 s, not as "no limit".
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, spec_.connectTimeoutMs > 0 ? spec_.connectTimeoutMs : LONG_MAX);
  if (!spec_.connectHost.empty()) {
    const std::string& host = spec_.connectHost;
    const bool bare6 = host.find(':') != std::string::npos && host.front() != '[';
    const std::string target = "::" + (bare6 ? "[" + host + "]" : host) + ":";
    connectTo_ = curl_slist_append(nullptr, target.c_str());
    curl_easy_setopt(e, CURLOPT_CONNECT_TO, connectTo_);
  }
  if (spec_.keepAliveIdleMs > 0) {
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPIDLE, std::max(1L, spec_.keepAliveIdleMs / 1000));
    curl_easy_setopt(e, CURLOPT_TCP_KEEPINTVL, std::max(1L, spec_.keepAliveIntervalMs / 1000));
  }

  unsigned waivers = spec_.tlsWaivers | (spec_.verifyHost ? 0u : unsigned(tls::kNameMismatch));
  bool verifyPeer = spec_.verifyPeer, verifyHost = true;
  // The process-wide anchors, shared by every transfer; a tagged copy
  // (one per tag) when a waiver or the revocation check applies.
  const std::string* anchors = spec_.caPem;
  // curl shares connections and TLS sessions only between transfers with
  // the same trust anchors: tagging them keeps a connection whose
  // certificate passed only thanks to a waiver (or without a revocation
  // check) from a stricter request.
  std::string tag;
  if (verifyPeer && waivers) {
    if (tls::waiveChecks(e, waivers, handshake_)) {
      char waived[48];
      std::snprintf(waived, sizeof(waived), "\n# waived checks 0x%x\n", waivers);
      tag += waived;
    } else {
      verifyPeer = !(waivers & ~unsigned(tls::kNameMismatch));
      verifyHost = !(waivers & tls::kNameMismatch);
    }
  }
  if (verifyPeer && spec_.checkRevocation) {
    handshake_.acceptOffline = spec_.acceptRevocationOffline;
    handshake_.fetchingAllowed = !crlsFetched_;
    if (tls::checkRevocation(e, handshake_))
      tag += spec_.acceptRevocationOffline ? "\n# revocation checked, offline accepted\n" : "\n# revocation checked\n";
  }
  if (!tag.empty() && anchors && !anchors->empty()) anchors = &taggedAnchors(*anchors, tag);
  // No TLS session resumption: a resumed handshake brings no certificate,
  // and programs query the server's certificate (WinINet's
  // SECURITY_CERTIFICATE, WinHTTP's SERVER_CERT_CONTEXT) on any connection;
  // the chain is also verified, and its revocation checked, every time.
  curl_easy_setopt(e, CURLOPT_SSL_SESSIONID_CACHE, 0L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, verifyPeer ? 1L : 0L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, verifyHost ? 2L : 0L);
  if (anchors && !anchors->empty()) {
    curl_blob blob{const_cast<char*>(anchors->data()), anchors->size(), CURL_BLOB_NOCOPY};
    curl_easy_setopt(e, CURLOPT_CAINFO_BLOB, &blob);
  }
  if (!spec_.clientCertificateDer.empty() && !spec_.clientKeyDer.empty()) {
    // curl copies blobs; it also keeps connections made with one client
    // certificate from requests with another.
    curl_blob certificate{const_cast<char*>(spec_.clientCertificateDer.data()), spec_.clientCertificateDer.size(),
                          CURL_BLOB_COPY};
    curl_blob key{const_cast<char*>(spec_.clientKeyDer.data()), spec_.clientKeyDer.size(), CURL_BLOB_COPY};
    curl_easy_setopt(e, CURLOPT_SSLCERT_BLOB, &certificate);
    curl_easy_setopt(e, CURLOPT_SSLCERTTYPE, "DER");
    curl_easy_setopt(e, CURLOPT_SSLKEY_BLOB, &key);
    curl_easy_setopt(e, CURLOPT_SSLKEYTYPE, "DER");
  } else if (spec_.reportCertificateRequest) {
    tls::probeCertificateRequest(e, handshake_);
  }
  if (spec_.tlsVersions & 0xF) {
    long lowest, highest;
    versionRange(spec_.tlsVersions, lowest, highest);
    curl_easy_setopt(e, CURLOPT_SSLVERSION, lowest | highest);
  }
}

}  // namespace hinternet
