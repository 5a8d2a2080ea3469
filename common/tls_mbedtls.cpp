// tls_backend.h for curl built on mbedTLS (the DLLs' build).
#include <curl/curl.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/ssl_ciphersuites.h>
#include <mbedtls/x509_crt.h>

#include <cstdint>
#include <cstring>

#include "tls_backend.h"
#include "tls_certificate_request.h"
#include "tls_revocation.h"

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
int verify(void* context, mbedtls_x509_crt* certificate, int depth, std::uint32_t* flags) {
  auto* handshake = static_cast<Handshake*>(context);
  *flags &= ~static_cast<std::uint32_t>(handshake->waived);
  if (handshake->checkingRevocation) checkChainRevocation(*handshake, certificate, depth, *flags);
  handshake->unwaived |= *flags;
  return 0;
}

// The certificate request probe. mbedTLS answers a server's
// CertificateRequest itself, with an empty certificate list when it has no
// certificate of its own, and tells nobody. Windows instead fails the
// request with CLIENT_AUTH_CERT_NEEDED, so that the program can choose.
// Given a certificate and a key, mbedTLS sends the certificate and signs
// CertificateVerify with the key; a client touches its own key nowhere
// else (mbedTLS 3.6: ssl_tls12_client.c ssl_write_certificate_verify and
// ssl_tls13_generic.c ssl_tls13_write_certificate_verify_body, both reached
// only when the server's CertificateRequest set handshake->client_auth). So
// the probe is a placeholder certificate with an RSA_ALT key (public API,
// mbedtls_pk_setup_rsa_alt) whose callbacks record that they were asked
// and refuse to sign: TLS 1.2 calls key_len then sign, TLS 1.3 key_len while
// matching the server's signature algorithms to the key. Either way the
// handshake fails right there, before any application data, and the
// server has seen only the placeholder (never a usable credential).
#if defined(MBEDTLS_PK_RSA_ALT_SUPPORT)
constexpr bool kCanProbe = true;

// Self-signed, P-256, "CN=hinternet placeholder: no client certificate
// chosen"; its private key was thrown away when it was made.
const unsigned char kPlaceholderDer[] = {
    0x30, 0x82, 0x01, 0xd3, 0x30, 0x82, 0x01, 0x79, 0xa0, 0x03, 0x02, 0x01,
    0x02, 0x02, 0x14, 0x2b, 0x2e, 0x3b, 0x00, 0x79, 0x54, 0xe5, 0x36, 0x3e,
    0xd1, 0xdb, 0x7d, 0x6b, 0x54, 0x9d, 0x1f, 0x94, 0x61, 0x5a, 0x6c, 0x30,
    0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02, 0x30,
    0x3e, 0x31, 0x3c, 0x30, 0x3a, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x33,
    0x68, 0x69, 0x6e, 0x74, 0x65, 0x72, 0x6e, 0x65, 0x74, 0x20, 0x70, 0x6c,
    0x61, 0x63, 0x65, 0x68, 0x6f, 0x6c, 0x64, 0x65, 0x72, 0x3a, 0x20, 0x6e,
    0x6f, 0x20, 0x63, 0x6c, 0x69, 0x65, 0x6e, 0x74, 0x20, 0x63, 0x65, 0x72,
    0x74, 0x69, 0x66, 0x69, 0x63, 0x61, 0x74, 0x65, 0x20, 0x63, 0x68, 0x6f,
    0x73, 0x65, 0x6e, 0x30, 0x20, 0x17, 0x0d, 0x32, 0x36, 0x31, 0x31, 0x32,
    0x32, 0x30, 0x34, 0x32, 0x32, 0x34, 0x30, 0x5a, 0x18, 0x0f, 0x32, 0x31,
    0x32, 0x36, 0x31, 0x30, 0x32, 0x39, 0x30, 0x34, 0x32, 0x32, 0x34, 0x30,
    0x5a, 0x30, 0x3e, 0x31, 0x3c, 0x30, 0x3a, 0x06, 0x03, 0x55, 0x04, 0x03,
    0x0c, 0x33, 0x68, 0x69, 0x6e, 0x74, 0x65, 0x72, 0x6e, 0x65, 0x74, 0x20,
    0x70, 0x6c, 0x61, 0x63, 0x65, 0x68, 0x6f, 0x6c, 0x64, 0x65, 0x72, 0x3a,
    0x20, 0x6e, 0x6f, 0x20, 0x63, 0x6c, 0x69, 0x65, 0x6e, 0x74, 0x20, 0x63,
    0x65, 0x72, 0x74, 0x69, 0x66, 0x69, 0x63, 0x61, 0x74, 0x65, 0x20, 0x63,
    0x68, 0x6f, 0x73, 0x65, 0x6e, 0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a,
    0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
    0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04, 0x08, 0x25, 0x70, 0x39,
    0x47, 0x8e, 0x1b, 0x70, 0xfc, 0xa3, 0xe5, 0xee, 0xf5, 0x72, 0x8f, 0x33,
    0xa6, 0x75, 0xbe, 0xbd, 0x5e, 0xa6, 0x54, 0xac, 0x2d, 0x66, 0x8e, 0xb0,
    0x49, 0xa9, 0xb8, 0xd1, 0xa2, 0xf8, 0x42, 0x03, 0xbc, 0xae, 0xa8, 0x89,
    0x88, 0xff, 0x0b, 0x2f, 0x13, 0x31, 0x41, 0xfe, 0x66, 0xe4, 0xc2, 0x65,
    0x6a, 0x5e, 0xa8, 0x11, 0xe0, 0x89, 0x1d, 0x56, 0xf2, 0xcc, 0xce, 0xb4,
    0xa3, 0x53, 0x30, 0x51, 0x30, 0x1d, 0x06, 0x03, 0x55, 0x1d, 0x0e, 0x04,
    0x16, 0x04, 0x14, 0x18, 0x14, 0xd5, 0x88, 0x33, 0x7c, 0xb4, 0x54, 0xc9,
    0x8b, 0xa5, 0x57, 0xea, 0xed, 0x98, 0x32, 0x9f, 0xdc, 0x3a, 0x51, 0x30,
    0x1f, 0x06, 0x03, 0x55, 0x1d, 0x23, 0x04, 0x18, 0x30, 0x16, 0x80, 0x14,
    0x18, 0x14, 0xd5, 0x88, 0x33, 0x7c, 0xb4, 0x54, 0xc9, 0x8b, 0xa5, 0x57,
    0xea, 0xed, 0x98, 0x32, 0x9f, 0xdc, 0x3a, 0x51, 0x30, 0x0f, 0x06, 0x03,
    0x55, 0x1d, 0x13, 0x01, 0x01, 0xff, 0x04, 0x05, 0x30, 0x03, 0x01, 0x01,
    0xff, 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03,
    0x02, 0x03, 0x48, 0x00, 0x30, 0x45, 0x02, 0x20, 0x02, 0x69, 0x8b, 0xbe,
    0x32, 0xfb, 0x47, 0x42, 0x7b, 0xd1, 0x73, 0xe5, 0x19, 0x2c, 0xc0, 0x46,
    0x62, 0x39, 0x9a, 0x48, 0x1d, 0xaf, 0x74, 0x9f, 0x5f, 0x45, 0xab, 0xfa,
    0x62, 0xa7, 0x19, 0x27, 0x02, 0x21, 0x00, 0xab, 0xb1, 0x45, 0xc9, 0x12,
    0xbb, 0xe0, 0xdc, 0x5e, 0x8e, 0x94, 0xf8, 0x5a, 0xa8, 0x3f, 0x49, 0x8f,
    0x55, 0x16, 0x64, 0x5b, 0xc5, 0xa4, 0x45, 0xec, 0xd0, 0x87, 0x51, 0xa0,
    0xb7, 0x6c, 0x60
};

const mbedtls_x509_crt* placeholderCertificate() {
  static mbedtls_x509_crt* certificate = [] {
    auto* parsed = new mbedtls_x509_crt;  // lives as long as the process
    mbedtls_x509_crt_init(parsed);
    if (mbedtls_x509_crt_parse_der(parsed, kPlaceholderDer, sizeof(kPlaceholderDer)) != 0) {
      mbedtls_x509_crt_free(parsed);
      delete parsed;
      return static_cast<mbedtls_x509_crt*>(nullptr);
    }
    return parsed;
  }();
  return certificate;
}

void noteRequest(void* context) { static_cast<Handshake*>(context)->certificateRequested = true; }

size_t probeKeyLength(void* context) {
  noteRequest(context);
  return 256;  // a 2048-bit RSA key's
}

int probeSign(void* context, int (*)(void*, unsigned char*, size_t), void*, mbedtls_md_type_t, unsigned int,
              const unsigned char*, unsigned char*) {
  noteRequest(context);
  return MBEDTLS_ERR_SSL_PRIVATE_KEY_REQUIRED;
}

int probeDecrypt(void*, size_t*, const unsigned char*, unsigned char*, size_t) {
  return MBEDTLS_ERR_SSL_PRIVATE_KEY_REQUIRED;
}

std::shared_ptr<void> makeProbeKey(Handshake& handshake) {
  auto* key = new mbedtls_pk_context;
  mbedtls_pk_init(key);
  if (mbedtls_pk_setup_rsa_alt(key, &handshake, &probeDecrypt, &probeSign, &probeKeyLength) != 0) {
    mbedtls_pk_free(key);
    delete key;
    return nullptr;
  }
  return std::shared_ptr<void>(key, [](void* pk) {
    mbedtls_pk_free(static_cast<mbedtls_pk_context*>(pk));
    delete static_cast<mbedtls_pk_context*>(pk);
  });
}

void installProbe(mbedtls_ssl_config* config, Handshake& handshake) {
  // curl set no certificate of its own (the caller made sure), so the
  // placeholder is the configuration's only one.
  mbedtls_ssl_conf_own_cert(config, const_cast<mbedtls_x509_crt*>(placeholderCertificate()),
                            static_cast<mbedtls_pk_context*>(handshake.probeKey.get()));
}
#else
constexpr bool kCanProbe = false;
const mbedtls_x509_crt* placeholderCertificate() { return nullptr; }
std::shared_ptr<void> makeProbeKey(Handshake&) { return nullptr; }
void installProbe(mbedtls_ssl_config*, Handshake&) {}
#endif

// mbedTLS spells suites with hyphens and TLS 1.3's with a "TLS1-3-" prefix
// ("TLS1-3-AES-128-GCM-SHA256"); the IANA names use underscores.
std::string ianaSuiteName(const char* name) {
  if (!name) return {};
  std::string iana = name;
  if (iana.compare(0, 7, "TLS1-3-") == 0) iana = "TLS-" + iana.substr(7);
  for (char& c : iana)
    if (c == '-') c = '_';
  return iana;
}

}  // namespace

bool waiveChecks(void*, unsigned waivers, Handshake& handshake) {
  if (!curlUsesMbedtls()) return false;
  handshake.waiving = true;
  handshake.waived = flagsWaived(waivers);
  handshake.unwaived = 0;
  return true;
}

bool checkRevocation(void*, Handshake& handshake) {
  if (!curlUsesMbedtls()) return false;
  handshake.checkingRevocation = true;
  handshake.unwaived = 0;
  return true;
}

bool probeCertificateRequest(void*, Handshake& handshake) {
  if (!kCanProbe || !curlUsesMbedtls() || !placeholderCertificate()) return false;
  if (!handshake.probeKey) handshake.probeKey = makeProbeKey(handshake);
  if (!handshake.probeKey) return false;
  handshake.probing = true;
  handshake.certificateRequested = false;
  return true;
}

// curl calls CURLOPT_SSL_CTX_FUNCTION after it has set up the handshake's
// configuration, its own verify callback included: ours replaces it for
// this handshake only.
void configureHandshake(void* config, Handshake& handshake) {
  auto* ssl = static_cast<mbedtls_ssl_config*>(config);
  if (handshake.waiving || handshake.checkingRevocation) mbedtls_ssl_conf_verify(ssl, &verify, &handshake);
  if (handshake.probing) {
    installProbe(ssl, handshake);
    handshake.requestScan = std::make_shared<CertificateRequestScan>();
  }
}

void endCertificateRequestProbe(void* easy) {
  curl_tlssessioninfo* info = nullptr;
  if (curl_easy_getinfo(easy, CURLINFO_TLS_SSL_PTR, &info) != CURLE_OK || !info ||
      info->backend != CURLSSLBACKEND_MBEDTLS || !info->internals)
    return;
  const auto* ssl = static_cast<const mbedtls_ssl_context*>(info->internals);
  // The configuration is curl's own (non-const) object; a connection that
  // probed has no other own certificate, and NULL empties the list.
  auto* config = const_cast<mbedtls_ssl_config*>(mbedtls_ssl_context_get_config(ssl));
  if (config) mbedtls_ssl_conf_own_cert(config, nullptr, nullptr);
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
  out.version = static_cast<unsigned>(mbedtls_ssl_get_version_number(ssl));
  out.cipherSuite = ianaSuiteName(mbedtls_ssl_get_ciphersuite(ssl));
  out.cipherSuiteId = static_cast<unsigned>(mbedtls_ssl_get_ciphersuite_id_from_ssl(ssl));
  return !out.chain.empty();
}

}  // namespace hinternet::tls
