// tls_backend.h for curl built on mbedTLS (the DLLs' build).
#include <curl/curl.h>
#include <mbedtls/ssl.h>
#include <mbedtls/ssl_ciphersuites.h>
#include <mbedtls/x509_crt.h>

#include <cstdint>
#include <cstring>

#include "tls_backend.h"

namespace hinternet::tls {
namespace {

bool curlUsesMbedtls() {
  static const bool yes = [] {
    const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
    return info->ssl_version && std::strncmp(info->ssl_version, "mbedTLS", 7) == 0;
  }();
  return yes;
}

std::uint32_t flagsWaived(unsigned waivers) {
  std::uint32_t flags = 0;
  if (waivers & kUnknownAuthority) flags |= MBEDTLS_X509_BADCERT_NOT_TRUSTED;
  if (waivers & kBadDate) flags |= MBEDTLS_X509_BADCERT_EXPIRED | MBEDTLS_X509_BADCERT_FUTURE;
  if (waivers & kNameMismatch) flags |= MBEDTLS_X509_BADCERT_CN_MISMATCH;
  if (waivers & kWrongUsage)
    flags |= MBEDTLS_X509_BADCERT_KEY_USAGE | MBEDTLS_X509_BADCERT_EXT_KEY_USAGE | MBEDTLS_X509_BADCERT_NS_CERT_TYPE;
  if (waivers & kWeakSignature)
    flags |= MBEDTLS_X509_BADCERT_BAD_MD | MBEDTLS_X509_BADCERT_BAD_PK | MBEDTLS_X509_BADCERT_BAD_KEY;
  return flags;
}

// Called for each certificate of the chain; what is left in *flags fails
// the handshake.
int verify(void* context, mbedtls_x509_crt*, int, std::uint32_t* flags) {
  auto* verification = static_cast<Verification*>(context);
  *flags &= ~static_cast<std::uint32_t>(verification->waived);
  verification->unwaived |= *flags;
  return 0;
}

}  // namespace

bool waiveChecks(void*, unsigned waivers, Verification& verification) {
  if (!curlUsesMbedtls()) return false;
  verification.waived = flagsWaived(waivers);
  verification.unwaived = 0;
  return true;
}

// curl calls CURLOPT_SSL_CTX_FUNCTION after it has set up its own verify
// callback, so ours replaces it for this handshake only.
void applyWaivers(void* config, Verification& verification) {
  if (!verification.waived) return;
  mbedtls_ssl_conf_verify(static_cast<mbedtls_ssl_config*>(config), &verify, &verification);
}

bool peer(void* easy, Peer& out) {
  curl_tlssessioninfo* info = nullptr;
  if (curl_easy_getinfo(easy, CURLINFO_TLS_SSL_PTR, &info) != CURLE_OK || !info ||
      info->backend != CURLSSLBACKEND_MBEDTLS || !info->internals)
    return false;
  const auto* ssl = static_cast<const mbedtls_ssl_context*>(info->internals);
  for (const mbedtls_x509_crt* crt = mbedtls_ssl_get_peer_cert(ssl); crt; crt = crt->next)
    out.chain.emplace_back(reinterpret_cast<const char*>(crt->raw.p), crt->raw.len);
  if (const mbedtls_ssl_ciphersuite_t* suite =
          mbedtls_ssl_ciphersuite_from_id(mbedtls_ssl_get_ciphersuite_id_from_ssl(ssl)))
    out.cipherBits = static_cast<int>(mbedtls_ssl_ciphersuite_get_cipher_key_bitlen(suite));
  return !out.chain.empty();
}

}  // namespace hinternet::tls
