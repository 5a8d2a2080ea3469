#include "server_certificate.h"

#include <string>

namespace hinternet::win32 {
namespace {

constexpr DWORD kEncoding = X509_ASN_ENCODING | PKCS_7_ASN_ENCODING;

}  // namespace

OwnedCertificate serverCertificate(const ConnectionInfo& info) {
  if (info.certificates.empty()) return nullptr;
  const std::string& der = info.certificates.front();
  return OwnedCertificate(CertCreateCertificateContext(kEncoding, reinterpret_cast<const BYTE*>(der.data()),
                                                       static_cast<DWORD>(der.size())));
}

DWORD serverCertificateChain(const ConnectionInfo& info, PCCERT_CHAIN_CONTEXT& chain) {
  chain = nullptr;
  if (info.certificates.empty()) return ERROR_NOT_FOUND;
  HCERTSTORE sent = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, nullptr);
  if (!sent) return GetLastError();
  for (const std::string& der : info.certificates)
    CertAddEncodedCertificateToStore(sent, kEncoding, reinterpret_cast<const BYTE*>(der.data()),
                                     static_cast<DWORD>(der.size()), CERT_STORE_ADD_ALWAYS, nullptr);
  const OwnedCertificate leaf = serverCertificate(info);
  CERT_CHAIN_PARA parameters{};
  parameters.cbSize = sizeof(parameters);
  const BOOL built =
      leaf && CertGetCertificateChain(nullptr, leaf.get(), nullptr, sent, &parameters, 0, nullptr, &chain);
  const DWORD error = built ? ERROR_SUCCESS : GetLastError();
  CertCloseStore(sent, 0);
  if (!built) return error ? error : ERROR_NOT_FOUND;
  return ERROR_SUCCESS;
}

DWORD connectionSecurityFlags(const ConnectionInfo& info) {
  constexpr DWORD kSecure = 0x00000001;
  constexpr DWORD kStrong = 0x20000000, kMedium = 0x40000000, kWeak = 0x10000000;
  if (info.certificates.empty()) return 0;
  return kSecure | (info.cipherBits >= 128 ? kStrong : info.cipherBits >= 56 ? kMedium : kWeak);
}

std::wstring certificateName(CERT_NAME_BLOB* name) {
  const DWORD format = CERT_SIMPLE_NAME_STR | CERT_NAME_STR_CRLF_FLAG;
  const DWORD length = CertNameToStrW(X509_ASN_ENCODING, name, format, nullptr, 0);
  std::wstring text(length, L'\0');
  if (length) CertNameToStrW(X509_ASN_ENCODING, name, format, &text[0], length);
  while (!text.empty() && text.back() == L'\0') text.pop_back();
  return text;
}

}  // namespace hinternet::win32
