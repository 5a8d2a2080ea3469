#include "security_connection_info.h"

#include <cstring>
#include <string>

#include "cipher_suite.h"
#include "server_certificate.h"
#include "text.h"

namespace hinternet::wininet {
namespace {

constexpr DWORD kCipherInfoVersion = 1;  // SECPKGCONTEXT_CIPHERINFO_V1

void copyName(WCHAR (&field)[SZ_ALG_MAX_SIZE], const std::string& name) {
  const std::wstring wide = win32::wideFromUtf8(name);
  const std::size_t n = wide.size() < SZ_ALG_MAX_SIZE ? wide.size() : SZ_ALG_MAX_SIZE - 1;
  std::memcpy(field, wide.data(), n * sizeof(WCHAR));
  field[n] = 0;
}

// The server key's algorithm, as Schannel names it in szCertificate.
std::string keyAlgorithm(PCCERT_CONTEXT certificate) {
  const char* oid = certificate->pCertInfo->SubjectPublicKeyInfo.Algorithm.pszObjId;
  if (!oid) return {};
  if (std::strcmp(oid, szOID_RSA_RSA) == 0) return "RSA";
  if (std::strcmp(oid, szOID_ECC_PUBLIC_KEY) == 0) return "ECDSA";
  return {};
}

}  // namespace

DWORD writeSecurityConnectionInfo(const ConnectionInfo& info, void* buffer, DWORD size) {
  SecurityConnectionInfo out{};
  const DWORD written = size >= sizeof(SecurityConnectionInfo) ? DWORD(sizeof(SecurityConnectionInfo))
                                                               : kSecurityConnectionInfoV1Size;
  out.dwSize = written;
  const win32::OwnedCertificate certificate = win32::serverCertificate(info);
  if (certificate) {
    const SuiteSecurity suite = describeSuite(info.tlsVersion, info.cipherSuite);
    // An RSA exchange is as strong as the server's key; an ephemeral
    // exchange's group is not known here.
    const DWORD keyBits = CertGetPublicKeyLength(X509_ASN_ENCODING, &certificate->pCertInfo->SubjectPublicKeyInfo);
    const DWORD exchangeBits = suite.exchangeName == "RSA" ? keyBits : 0;
    out.fSecure = TRUE;
    SecPkgContext_ConnectionInfo& connection = out.connectionInfo;
    connection.dwProtocol = suite.protocol;
    connection.aiCipher = suite.cipher;
    connection.dwCipherStrength = suite.cipherBits;
    connection.aiHash = suite.hash;
    connection.dwHashStrength = suite.hash ? suite.hashBits : 0;
    connection.aiExch = suite.exchange;
    connection.dwExchStrength = exchangeBits;
    SecPkgContext_CipherInfo& cipher = out.cipherInfo;
    cipher.dwVersion = kCipherInfoVersion;
    cipher.dwProtocol = info.tlsVersion;
    cipher.dwCipherSuite = info.cipherSuiteId;
    cipher.dwBaseCipherSuite = info.cipherSuiteId;
    copyName(cipher.szCipherSuite, info.cipherSuite);
    copyName(cipher.szCipher, suite.cipherName);
    cipher.dwCipherLen = suite.cipherBits;
    cipher.dwCipherBlockLen = suite.cipherBlockBytes;
    copyName(cipher.szHash, suite.hashName);
    cipher.dwHashLen = suite.hashBits;
    copyName(cipher.szExchange, suite.exchangeName);
    cipher.dwMinExchangeLen = exchangeBits;
    cipher.dwMaxExchangeLen = exchangeBits;
    copyName(cipher.szCertificate, keyAlgorithm(certificate.get()));
  }
  std::memcpy(buffer, &out, written);
  return written;
}

}  // namespace hinternet::wininet
