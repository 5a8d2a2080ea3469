#include "tls_revocation.h"

#include <mbedtls/md.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crl.h>

#include <algorithm>
#include <cstring>

#include "cookie_date.h"
#include "crl_cache.h"
#include "log.h"
#include "sync.h"

namespace hinternet::tls {
namespace {

using Clock = CrlCache::Clock;

Clock::time_point timePoint(const mbedtls_x509_time& t) {
  const long long seconds = daysFromCivil(t.year, static_cast<unsigned>(t.mon), static_cast<unsigned>(t.day)) * 86400 +
                            t.hour * 3600LL + t.min * 60LL + t.sec;
  // The clock's range ends in 2262 (nanoseconds); later is "never".
  const long long latest =
      std::chrono::duration_cast<std::chrono::seconds>(Clock::time_point::max().time_since_epoch()).count();
  if (seconds >= latest) return Clock::time_point::max();
  return Clock::time_point(std::chrono::seconds(seconds));
}

bool present(const mbedtls_x509_time& t) { return t.year != 0; }

// A CRL as the cache keeps it, with the issuer certificate (DER) whose key
// was found to sign it: the signature, a hash over the whole CRL, is checked
// once per CRL, not on every handshake that consults it.
struct ParsedCrl {
  ParsedCrl() { mbedtls_x509_crl_init(&crl); }
  ~ParsedCrl() { mbedtls_x509_crl_free(&crl); }
  ParsedCrl(const ParsedCrl&) = delete;
  ParsedCrl& operator=(const ParsedCrl&) = delete;

  mbedtls_x509_crl crl;
  mutable Mutex mutex;
  mutable std::string signerDer;
};

bool signatureVerifies(const mbedtls_x509_crl& crl, mbedtls_x509_crt& issuer) {
  const mbedtls_md_info_t* md = mbedtls_md_info_from_type(crl.MBEDTLS_PRIVATE(sig_md));
  if (!md) return false;
  unsigned char hash[MBEDTLS_MD_MAX_SIZE];
  if (mbedtls_md(md, crl.tbs.p, crl.tbs.len, hash) != 0) return false;
  return mbedtls_pk_verify_ext(crl.MBEDTLS_PRIVATE(sig_pk), crl.MBEDTLS_PRIVATE(sig_opts), &issuer.pk,
                               crl.MBEDTLS_PRIVATE(sig_md), hash, mbedtls_md_get_size(md),
                               crl.MBEDTLS_PRIVATE(sig).p, crl.MBEDTLS_PRIVATE(sig).len) == 0;
}

bool signedBy(const ParsedCrl& parsed, mbedtls_x509_crt& issuer) {
  const std::string issuerDer(reinterpret_cast<const char*>(issuer.raw.p), issuer.raw.len);
  {
    std::lock_guard<Mutex> lock(parsed.mutex);
    if (parsed.signerDer == issuerDer) return true;
  }
  if (!signatureVerifies(parsed.crl, issuer)) return false;
  std::lock_guard<Mutex> lock(parsed.mutex);
  parsed.signerDer = issuerDer;
  return true;
}

// Whether the CRL speaks for certificates `issuer` issued, now: issued by
// it, signed with its key, and current.
bool vouches(const ParsedCrl& parsed, mbedtls_x509_crt& issuer, Clock::time_point now) {
  const mbedtls_x509_crl& crl = parsed.crl;
  if (crl.issuer_raw.len != issuer.subject_raw.len ||
      std::memcmp(crl.issuer_raw.p, issuer.subject_raw.p, crl.issuer_raw.len) != 0)
    return false;
  if (mbedtls_x509_crt_check_key_usage(&issuer, MBEDTLS_X509_KU_CRL_SIGN) != 0) return false;
  if (!signedBy(parsed, issuer)) return false;
  if (timePoint(crl.this_update) > now) return false;
  return !present(crl.next_update) || now < timePoint(crl.next_update);
}

enum class Status { Good, Revoked, Offline, Wanted, Deferred };

Status status(Handshake& handshake, const mbedtls_x509_crt& certificate, mbedtls_x509_crt& issuer,
              Clock::time_point now) {
  const std::vector<std::string> urls = crlDistributionUrls(certificate.v3_ext.p, certificate.v3_ext.len);
  // Nowhere to ask: Windows' CRYPT_E_NO_REVOCATION_CHECK, which passes.
  if (urls.empty()) return Status::Good;
  std::vector<std::string> missing;
  for (const std::string& url : urls) {
    CrlCache::Entry entry;
    if (!CrlCache::instance().find(url, now, entry)) {
      missing.push_back(url);
      continue;
    }
    const auto* parsed = static_cast<const ParsedCrl*>(entry.crl.get());
    if (!parsed || !vouches(*parsed, issuer, now)) continue;
    return mbedtls_x509_crt_is_revoked(&certificate, &parsed->crl) ? Status::Revoked : Status::Good;
  }
  if (missing.empty()) return Status::Offline;
  if (!handshake.fetchingAllowed && !handshake.deferring) return Status::Offline;
  std::vector<std::string>& list = handshake.fetchingAllowed ? handshake.crlsWanted : handshake.crlsDeferred;
  for (std::string& url : missing) {
    if (std::find(list.begin(), list.end(), url) == list.end()) list.push_back(std::move(url));
  }
  return handshake.fetchingAllowed ? Status::Wanted : Status::Deferred;
}

}  // namespace

void checkChainRevocation(Handshake& handshake, mbedtls_x509_crt* certificate, int depth, std::uint32_t& flags) {
  if (depth < 0) return;
  const auto at = static_cast<std::size_t>(depth);
  if (handshake.chain.size() <= at) handshake.chain.resize(at + 1);
  handshake.chain[at] = certificate;
  if (depth != 0) return;
  std::vector<void*> chain;
  chain.swap(handshake.chain);
  // Another failure is what the handshake reports; Windows checks
  // revocation only on a chain that is good otherwise.
  if (flags || handshake.unwaived) return;
  const Clock::time_point now = Clock::now();
  bool revoked = false, wanted = false, offline = false, deferred = false;
  for (std::size_t i = 0; i + 1 < chain.size(); ++i) {
    if (!chain[i] || !chain[i + 1]) continue;
    switch (status(handshake, *static_cast<mbedtls_x509_crt*>(chain[i]), *static_cast<mbedtls_x509_crt*>(chain[i + 1]),
                   now)) {
      case Status::Good: break;
      case Status::Revoked: revoked = true; break;
      case Status::Offline: offline = true; break;
      case Status::Wanted: wanted = true; break;
      case Status::Deferred: deferred = true; break;
    }
  }
  if (revoked) {
    flags |= MBEDTLS_X509_BADCERT_REVOKED;
    handshake.crlsWanted.clear();
  } else if (wanted) {
    flags |= MBEDTLS_X509_BADCRL_NOT_TRUSTED;  // until the CRLs are fetched
  } else if (offline && !handshake.acceptOffline) {
    flags |= MBEDTLS_X509_BADCRL_NOT_TRUSTED;
  }
  if (revoked || wanted || offline)
    LOG_INFO("revocation check: %s", revoked ? "revoked" : wanted ? "CRLs to fetch" : "CRL not obtainable");
  else if (deferred)
    LOG_WARN("revocation check: a redirect's new connection passes unchecked; its CRLs are fetched for later");
}

bool parseCrl(const std::string& data, std::shared_ptr<const void>& crl, Clock::time_point& nextUpdate) {
  auto owner = std::make_shared<ParsedCrl>();
  mbedtls_x509_crl* parsed = &owner->crl;
  // mbedTLS reads PEM only from a NUL-terminated buffer, its length
  // counting the NUL.
  const bool pem = data.find("-----BEGIN X509 CRL-----") != std::string::npos;
  const int result =
      pem ? mbedtls_x509_crl_parse(parsed, reinterpret_cast<const unsigned char*>(data.c_str()), data.size() + 1)
          : mbedtls_x509_crl_parse_der(parsed, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  if (result != 0) return false;
  nextUpdate = present(parsed->next_update) ? timePoint(parsed->next_update) : Clock::now() + std::chrono::hours(24);
  crl = std::move(owner);
  return true;
}

}  // namespace hinternet::tls
