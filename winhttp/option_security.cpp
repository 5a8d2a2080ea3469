// Option handlers for what an exchange learned about its connection: the
// server's certificates, the cipher, the addresses, the protocol.
// First: winhttp.h declares WINHTTP_CONNECTION_INFO only after Winsock 2.
#include <winsock2.h>
#include <ws2tcpip.h>
#include "option_handlers.h"

#include <cstring>

#include "log.h"
#include "option_ids.h"
#include "server_certificate.h"
#include "text.h"

namespace hinternet::winhttp::handlers {
namespace {

constexpr DWORD kWaivable = SECURITY_FLAG_IGNORE_UNKNOWN_CA | SECURITY_FLAG_IGNORE_CERT_DATE_INVALID |
                            SECURITY_FLAG_IGNORE_CERT_CN_INVALID | SECURITY_FLAG_IGNORE_CERT_WRONG_USAGE |
                            SECURITY_FLAG_IGNORE_WEAK_SIGNATURE;

// The connection of the request's current exchange, once it was sent.
bool connectionOf(const OptionTarget& target, ConnectionInfo& info) {
  auto transfer = target.request()->exchange.transfer();
  if (!transfer || !transfer->isSent()) return false;
  info = transfer->connection();
  return true;
}

using win32::serverCertificate;

// A LocalAlloc'ed name, which WINHTTP_CERTIFICATE_INFO's caller frees.
LPWSTR nameText(CERT_NAME_BLOB* name) { return win32::localString(win32::certificateName(name)); }

void fillAddress(const std::string& address, int port, SOCKADDR_STORAGE& out) {
  std::memset(&out, 0, sizeof(out));
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&out);
  if (inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<u_short>(port));
  } else if (inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<u_short>(port));
  }
}

}  // namespace

DWORD getSecurityFlags(const OptionTarget& target, OptionOutput& out) {
  out.number = target.store().get(WINHTTP_OPTION_SECURITY_FLAGS, 0);
  ConnectionInfo info;
  if (connectionOf(target, info)) out.number |= win32::connectionSecurityFlags(info);
  return ERROR_SUCCESS;
}

DWORD putSecurityFlags(const OptionTarget& target, const OptionInput& in) {
  // Only the waivers are settable; SECURE and STRENGTH_* are reports.
  if (in.number & ~std::uint64_t(kWaivable)) return ERROR_INVALID_PARAMETER;
  target.store().set(WINHTTP_OPTION_SECURITY_FLAGS, in.number);
  return ERROR_SUCCESS;
}

DWORD getServerCertificate(const OptionTarget& target, OptionOutput& out) {
  ConnectionInfo info;
  if (!connectionOf(target, info)) return ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
  win32::OwnedCertificate certificate = serverCertificate(info);
  if (!certificate) return ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
  out.number = reinterpret_cast<std::uintptr_t>(certificate.release());  // the caller frees it
  return ERROR_SUCCESS;
}

DWORD getServerCertificateChain(const OptionTarget& target, OptionOutput& out) {
  ConnectionInfo info;
  if (!connectionOf(target, info) || info.certificates.empty()) return ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
  PCCERT_CHAIN_CONTEXT chain = nullptr;
  if (const DWORD error = win32::serverCertificateChain(info, chain))
    return error == ERROR_NOT_FOUND ? ERROR_WINHTTP_INCORRECT_HANDLE_STATE : error;
  out.number = reinterpret_cast<std::uintptr_t>(chain);  // CertFreeCertificateChain is the caller's
  return ERROR_SUCCESS;
}

DWORD getCertificateInfo(const OptionTarget& target, OptionOutput& out) {
  ConnectionInfo info;
  if (!connectionOf(target, info)) return ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
  const win32::OwnedCertificate certificate = serverCertificate(info);
  if (!certificate) return ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
  auto* result = static_cast<WINHTTP_CERTIFICATE_INFO*>(out.buffer);
  std::memset(result, 0, sizeof(*result));
  const CERT_INFO* fields = certificate->pCertInfo;
  result->ftExpiry = fields->NotAfter;
  result->ftStart = fields->NotBefore;
  result->lpszSubjectInfo = nameText(&certificate->pCertInfo->Subject);
  result->lpszIssuerInfo = nameText(&certificate->pCertInfo->Issuer);
  // Static text from the OID table: not the caller's to free.
  if (const CRYPT_OID_INFO* oid =
          CryptFindOIDInfo(CRYPT_OID_INFO_OID_KEY, fields->SignatureAlgorithm.pszObjId, 0))
    result->lpszSignatureAlgName = const_cast<LPWSTR>(oid->pwszName);
  result->dwKeySize = static_cast<DWORD>(info.cipherBits);
  return ERROR_SUCCESS;
}

DWORD getKeyBitness(const OptionTarget& target, OptionOutput& out) {
  ConnectionInfo info;
  out.number = connectionOf(target, info) ? static_cast<DWORD>(info.cipherBits) : 0;
  return ERROR_SUCCESS;
}

DWORD putClientCertificate(const OptionTarget& target, const OptionInput& in) {
  Request* request = target.request();
  if (!(request->flags & WINHTTP_FLAG_SECURE)) return ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
  PCCERT_CONTEXT certificate = nullptr;
  if (in.buffer) {  // else WINHTTP_NO_CLIENT_CERT_CONTEXT: go on without one
    if (in.length < sizeof(CERT_CONTEXT)) return ERROR_INVALID_PARAMETER;
    certificate = CertDuplicateCertificateContext(static_cast<PCCERT_CONTEXT>(in.buffer));
  }
  std::lock_guard<std::mutex> lock(request->settingsMutex);
  if (request->clientCertificate) CertFreeCertificateContext(request->clientCertificate);
  request->clientCertificate = certificate;
  request->clientCertificateChosen = true;
  return ERROR_SUCCESS;
}

DWORD getConnectionInfo(const OptionTarget& target, OptionOutput& out) {
  ConnectionInfo info;
  if (!connectionOf(target, info)) return ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
  auto* result = static_cast<WINHTTP_CONNECTION_INFO*>(out.buffer);
  result->cbSize = sizeof(*result);
  fillAddress(info.localAddress, info.localPort, result->LocalAddress);
  fillAddress(info.remoteAddress, info.remotePort, result->RemoteAddress);
  return ERROR_SUCCESS;
}

DWORD getProtocolUsed(const OptionTarget& target, OptionOutput& out) {
  auto transfer = target.request()->exchange.transfer();
  out.number = transfer && transfer->hasHeaders() && transfer->usedHttp2() ? WINHTTP_PROTOCOL_FLAG_HTTP2 : 0;
  return ERROR_SUCCESS;
}

}  // namespace hinternet::winhttp::handlers
