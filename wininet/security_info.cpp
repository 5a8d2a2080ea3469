// InternetGetSecurityInfoByURL(A/W) and InternetShowSecurityInfoByURL(A/W):
// the certificate chain and certificate problems of a server this process
// reached over TLS, found by a URL of it (server_security.h keeps them).
#include "handles.h"

#include <wincrypt.h>

#include <optional>

#include "api_guard.h"
#include "certificate_dialog.h"
#include "security_sdk.h"
#include "server_certificate.h"
#include "server_security.h"
#include "text.h"
#include "tls_backend.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::failWith;
using win32::guardedCall;

namespace {

// Whether the chain's certificate names `host`, by the system's SSL policy
// with every other check left out.
bool namesHost(PCCERT_CHAIN_CONTEXT chain, const std::string& host) {
  std::wstring name = win32::wideFromUtf8(host);
  SSL_EXTRA_CERT_CHAIN_POLICY_PARA ssl{};
  ssl.cbSize = sizeof(ssl);
  ssl.dwAuthType = AUTHTYPE_SERVER;
  ssl.fdwChecks = SECURITY_FLAG_IGNORE_UNKNOWN_CA | SECURITY_FLAG_IGNORE_CERT_DATE_INVALID |
                  SECURITY_FLAG_IGNORE_REVOCATION | SECURITY_FLAG_IGNORE_WRONG_USAGE;
  ssl.pwszServerName = &name[0];
  CERT_CHAIN_POLICY_PARA policy{};
  policy.cbSize = sizeof(policy);
  policy.pvExtraPolicyPara = &ssl;
  CERT_CHAIN_POLICY_STATUS status{};
  status.cbSize = sizeof(status);
  if (!CertVerifyCertificateChainPolicy(CERT_CHAIN_POLICY_SSL, chain, &policy, &status)) return true;
  return status.dwError != static_cast<DWORD>(CERT_E_CN_NO_MATCH);
}

// The problems Windows reports for a server: those its certificate has that
// the request waived. A connection that was made had no other problem; the
// waivers also keep out what the system's checks see and the TLS library's
// do not (Wine's SSL policy, say, matches no IP addresses).
DWORD certificateProblems(PCCERT_CHAIN_CONTEXT chain, const ServerSecurity& server) {
  const DWORD status = chain->TrustStatus.dwErrorStatus;
  DWORD flags = 0;
  if ((server.waivers & tls::kUnknownAuthority) &&
      (status & (CERT_TRUST_IS_UNTRUSTED_ROOT | CERT_TRUST_IS_PARTIAL_CHAIN)))
    flags |= kCertInvalidCa;
  if ((server.waivers & tls::kBadDate) && (status & CERT_TRUST_IS_NOT_TIME_VALID)) flags |= kCertInvalidDate;
  if ((server.waivers & tls::kNameMismatch) && !namesHost(chain, server.host)) flags |= kCertInvalidCn;
  return flags;
}

// The server's chain, or the error InternetGetSecurityInfoByURL fails with:
// a URL of no https server this process reached has no item.
DWORD serverChain(const std::string& url, PCCERT_CHAIN_CONTEXT& chain, std::optional<ServerSecurity>& server) {
  server = serverSecurityFor(url);
  if (!server) return ERROR_INTERNET_ITEM_NOT_FOUND;
  if (win32::serverCertificateChain(server->connection, chain) != ERROR_SUCCESS) return ERROR_INTERNET_ITEM_NOT_FOUND;
  return ERROR_SUCCESS;
}

// The caller's URL is converted inside the guard, as in both functions here.
template <class Char>
BOOL getSecurityInfo(const char* api, const Char* urlText, PCCERT_CHAIN_CONTEXT* chainOut, DWORD* flagsOut) {
  return guardedCall(api, FALSE, [&]() -> BOOL {
    const std::string url = win32::utf8From(urlText);
    LOG_TRACE("%s(%s, %p, %p)", api, url.c_str(), static_cast<void*>(chainOut), static_cast<void*>(flagsOut));
    if (!urlText || (!chainOut && !flagsOut)) return failWith(ERROR_INVALID_PARAMETER);
    PCCERT_CHAIN_CONTEXT chain = nullptr;
    std::optional<ServerSecurity> server;
    if (const DWORD error = serverChain(url, chain, server)) return failWith(error);
    if (flagsOut) *flagsOut = certificateProblems(chain, *server);
    if (chainOut) {
      *chainOut = chain;  // CertFreeCertificateChain is the caller's
    } else {
      CertFreeCertificateChain(chain);
    }
    return win32::succeed();
  });
}

// The dialog shows the server's certificate; Windows' own has the same
// certificate view. Without the record it fails as InternetGetSecurityInfoByURL does.
template <class Char>
BOOL showSecurityInfo(const char* api, const Char* urlText, HWND window) {
  return guardedCall(api, FALSE, [&]() -> BOOL {
    const std::string url = win32::utf8From(urlText);
    LOG_TRACE("%s(%s, %p)", api, url.c_str(), static_cast<void*>(window));
    if (!urlText) return failWith(ERROR_INVALID_PARAMETER);
    PCCERT_CHAIN_CONTEXT chain = nullptr;
    std::optional<ServerSecurity> server;
    if (const DWORD error = serverChain(url, chain, server)) return failWith(error);
    const DWORD shown = showCertificateDialog(chain->rgpChain[0]->rgpElement[0]->pCertContext, window);
    CertFreeCertificateChain(chain);
    return shown == ERROR_SUCCESS ? win32::succeed() : failWith(shown);
  });
}

}  // namespace

extern "C" BOOL WINAPI InternetGetSecurityInfoByURLA(LPSTR url, PCCERT_CHAIN_CONTEXT* chain, DWORD* flags) {
  return getSecurityInfo("InternetGetSecurityInfoByURLA", url, chain, flags);
}

extern "C" BOOL WINAPI InternetGetSecurityInfoByURLW(LPCWSTR url, PCCERT_CHAIN_CONTEXT* chain, DWORD* flags) {
  return getSecurityInfo("InternetGetSecurityInfoByURLW", url, chain, flags);
}

extern "C" BOOL WINAPI InternetShowSecurityInfoByURLA(LPSTR url, HWND window) {
  return showSecurityInfo("InternetShowSecurityInfoByURLA", url, window);
}

extern "C" BOOL WINAPI InternetShowSecurityInfoByURLW(LPCWSTR url, HWND window) {
  return showSecurityInfo("InternetShowSecurityInfoByURLW", url, window);
}
