// Option handlers for what an exchange learned about its TLS connection,
// and the certificate waivers a program sets before sending.
#include "option_handlers.h"

#include <cstring>

#include "certificate_text.h"
#include "client_certificate.h"
#include "log.h"
#include "security_connection_info.h"
#include "server_certificate.h"
#include "text.h"

namespace hinternet::wininet::handlers {
namespace {

// The connection of the request's current exchange, once it was sent.
bool connectionOf(const OptionTarget& target, ConnectionInfo& info) {
  auto transfer = target.request()->exchange.transfer();
  if (!transfer || !transfer->isSent()) return false;
  info = transfer->connection();
  return true;
}

// Certificate text is ANSI even from the W export, as on Windows; the
// caller frees it with LocalFree.
char* localText(const std::wstring& text) {
  return win32::localString(win32::ansiFromUtf8(win32::utf8FromWide(text.c_str())));
}

}  // namespace

DWORD getSecurityFlags(const OptionTarget& target, OptionIo& io) {
  Request* request = target.request();
  io.number = target.store().get(INTERNET_OPTION_SECURITY_FLAGS, 0);
  // The request's own INTERNET_FLAG_IGNORE_CERT_* have the same values.
  io.number |= request->flags & (SECURITY_FLAG_IGNORE_CERT_CN_INVALID | SECURITY_FLAG_IGNORE_CERT_DATE_INVALID);
  ConnectionInfo info;
  if (connectionOf(target, info)) io.number |= win32::connectionSecurityFlags(info);
  return ERROR_SUCCESS;
}

DWORD putSecurityFlags(const OptionTarget& target, const OptionIo& io) {
  // Waivers add to those set before; the report bits cannot be set.
  constexpr std::uint64_t kSettable = SECURITY_SET_MASK | SECURITY_FLAG_IGNORE_WEAK_SIGNATURE;
  const std::uint64_t current = target.store().get(INTERNET_OPTION_SECURITY_FLAGS, 0);
  target.store().set(INTERNET_OPTION_SECURITY_FLAGS, current | (io.number & kSettable));
  return ERROR_SUCCESS;
}

DWORD getCertificateInfo(const OptionTarget& target, OptionIo& io) {
  const DWORD caller = io.length;
  io.length = sizeof(INTERNET_CERTIFICATE_INFO);
  if (!io.buffer || caller < sizeof(INTERNET_CERTIFICATE_INFO)) return ERROR_INSUFFICIENT_BUFFER;
  ConnectionInfo info;
  if (!connectionOf(target, info)) return ERROR_INTERNET_INVALID_OPERATION;
  const win32::OwnedCertificate certificate = win32::serverCertificate(info);
  if (!certificate) return ERROR_INTERNET_INVALID_OPERATION;
  INTERNET_CERTIFICATE_INFO result{};
  result.ftExpiry = certificate->pCertInfo->NotAfter;
  result.ftStart = certificate->pCertInfo->NotBefore;
  result.lpszSubjectInfo = reinterpret_cast<decltype(result.lpszSubjectInfo)>(
      localText(win32::certificateName(&certificate->pCertInfo->Subject)));
  result.lpszIssuerInfo = reinterpret_cast<decltype(result.lpszIssuerInfo)>(
      localText(win32::certificateName(&certificate->pCertInfo->Issuer)));
  result.dwKeySize = static_cast<DWORD>(info.cipherBits);
  std::memcpy(io.buffer, &result, sizeof(result));
  return ERROR_SUCCESS;
}

DWORD getCertificateText(const OptionTarget& target, OptionIo& io) {
  ConnectionInfo info;
  if (!connectionOf(target, info)) return ERROR_INTERNET_INVALID_OPERATION;
  const std::string text = certificateText(info);
  if (text.empty()) return ERROR_INTERNET_INVALID_OPERATION;
  // ANSI from the W export too, sized in bytes as from the A one.
  const DWORD caller = io.length;
  if (!io.buffer || caller < text.size() + 1) {
    io.length = static_cast<DWORD>(text.size() + 1);
    return ERROR_INSUFFICIENT_BUFFER;
  }
  std::memcpy(io.buffer, text.c_str(), text.size() + 1);
  io.length = static_cast<DWORD>(text.size());
  return ERROR_SUCCESS;
}

DWORD getKeyBitness(const OptionTarget& target, OptionIo& io) {
  ConnectionInfo info;
  if (!connectionOf(target, info) || info.certificates.empty()) return ERROR_INTERNET_INVALID_OPERATION;
  io.number = static_cast<DWORD>(info.cipherBits);
  return ERROR_SUCCESS;
}

DWORD getCertificateChain(const OptionTarget& target, OptionIo& io) {
  ConnectionInfo info;
  if (!connectionOf(target, info) || info.certificates.empty()) return ERROR_INTERNET_INCORRECT_HANDLE_STATE;
  PCCERT_CHAIN_CONTEXT chain = nullptr;
  if (const DWORD error = win32::serverCertificateChain(info, chain))
    return error == ERROR_NOT_FOUND ? ERROR_INTERNET_INCORRECT_HANDLE_STATE : error;
  io.number = reinterpret_cast<std::uintptr_t>(chain);  // CertFreeCertificateChain is the caller's
  return ERROR_SUCCESS;
}

DWORD putClientCertificate(const OptionTarget& target, const OptionIo& io) {
  if (io.buffer && io.length < sizeof(CERT_CONTEXT)) return ERROR_INTERNET_BAD_OPTION_LENGTH;
  setClientCertificate(*target.request(), static_cast<PCCERT_CONTEXT>(io.buffer));
  return ERROR_SUCCESS;
}

// What the SDK's comment says: the caller passes the structure to fill in.
// A buffer of IE 5's size, without cipherInfo, gets what it holds.
DWORD getSecurityConnectionInfo(const OptionTarget& target, OptionIo& io) {
  const DWORD caller = io.length;
  io.length = sizeof(SecurityConnectionInfo);
  if (!io.buffer || caller < kSecurityConnectionInfoV1Size) return ERROR_INSUFFICIENT_BUFFER;
  ConnectionInfo info;
  if (!connectionOf(target, info)) return ERROR_INTERNET_INVALID_OPERATION;
  io.length = writeSecurityConnectionInfo(info, io.buffer, caller);
  return ERROR_SUCCESS;
}

}  // namespace hinternet::wininet::handlers
