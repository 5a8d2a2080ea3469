#include "client_credential.h"

#include <ncrypt.h>

#include <vector>

#include "log.h"

// winhttp.h's values; WinINet's ERROR_INTERNET_CLIENT_CERT_* are the same.
#ifndef ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY
#define ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY 12185
#define ERROR_WINHTTP_CLIENT_CERT_NO_ACCESS_PRIVATE_KEY 12186
#endif

namespace hinternet::win32 {
namespace {

void appendLength(std::string& out, std::size_t length) {
  if (length < 0x80) {
    out += static_cast<char>(length);
    return;
  }
  std::string bytes;
  for (; length; length >>= 8) bytes.insert(bytes.begin(), static_cast<char>(length & 0xFF));
  out += static_cast<char>(0x80 | bytes.size());
  out += bytes;
}

// A DER INTEGER from an unsigned little-endian number.
void appendInteger(std::string& out, const BYTE* littleEndian, std::size_t length) {
  std::string value;
  for (std::size_t i = length; i-- > 0;) value += static_cast<char>(littleEndian[i]);
  std::size_t zeros = 0;
  while (zeros + 1 < value.size() && value[zeros] == 0) ++zeros;
  value.erase(0, zeros);
  if (value.empty()) value.assign(1, '\0');
  if (static_cast<unsigned char>(value[0]) & 0x80) value.insert(value.begin(), '\0');
  out += '\x02';
  appendLength(out, value.size());
  out += value;
}

DWORD exportCapiKey(HCRYPTPROV provider, DWORD keySpec, std::string& der) {
  HCRYPTKEY key = 0;
  // Wine's PFX import reports the key spec as AT_KEYEXCHANGE|AT_SIGNATURE,
  // which no key answers to; the container holds only this certificate's
  // key, so either plain spec finds it.
  if (!CryptGetUserKey(provider, keySpec, &key) && !CryptGetUserKey(provider, AT_KEYEXCHANGE, &key) &&
      !CryptGetUserKey(provider, AT_SIGNATURE, &key))
    return GetLastError();
  DWORD length = 0;
  DWORD error = ERROR_SUCCESS;
  std::vector<BYTE> blob;
  if (CryptExportKey(key, 0, PRIVATEKEYBLOB, 0, nullptr, &length)) {
    blob.resize(length);
    if (!CryptExportKey(key, 0, PRIVATEKEYBLOB, 0, blob.data(), &length)) error = GetLastError();
  } else {
    error = GetLastError();
  }
  CryptDestroyKey(key);
  if (error != ERROR_SUCCESS) return error;
  der = rsaPrivateKeyDer(blob.data(), length);
  SecureZeroMemory(blob.data(), blob.size());
  return der.empty() ? static_cast<DWORD>(NTE_BAD_TYPE) : ERROR_SUCCESS;
}

DWORD exportCngKey(NCRYPT_KEY_HANDLE key, std::string& der) {
  DWORD length = 0;
  SECURITY_STATUS status = NCryptExportKey(key, 0, NCRYPT_PKCS8_PRIVATE_KEY_BLOB, nullptr, nullptr, 0, &length, 0);
  if (status != ERROR_SUCCESS) return static_cast<DWORD>(status);
  std::vector<BYTE> blob(length);
  status = NCryptExportKey(key, 0, NCRYPT_PKCS8_PRIVATE_KEY_BLOB, nullptr, blob.data(), length, &length, 0);
  if (status != ERROR_SUCCESS) return static_cast<DWORD>(status);
  der.assign(reinterpret_cast<const char*>(blob.data()), length);
  SecureZeroMemory(blob.data(), blob.size());
  return ERROR_SUCCESS;
}

bool hasKeyProperty(PCCERT_CONTEXT certificate) {
  DWORD length = 0;
  return CertGetCertificateContextProperty(certificate, CERT_KEY_PROV_INFO_PROP_ID, nullptr, &length) ||
         CertGetCertificateContextProperty(certificate, CERT_KEY_CONTEXT_PROP_ID, nullptr, &length) ||
         CertGetCertificateContextProperty(certificate, CERT_NCRYPT_KEY_HANDLE_PROP_ID, nullptr, &length);
}

}  // namespace

std::string rsaPrivateKeyDer(const BYTE* blob, DWORD length) {
  constexpr DWORD kHeaders = sizeof(BLOBHEADER) + sizeof(RSAPUBKEY);
  if (!blob || length < kHeaders) return {};
  const auto* header = reinterpret_cast<const BLOBHEADER*>(blob);
  const auto* rsa = reinterpret_cast<const RSAPUBKEY*>(blob + sizeof(BLOBHEADER));
  if (header->bType != PRIVATEKEYBLOB || rsa->magic != 0x32415352 /* "RSA2" */ || rsa->bitlen % 16) return {};
  const std::size_t whole = rsa->bitlen / 8, half = rsa->bitlen / 16;
  if (length < kHeaders + 2 * whole + 5 * half) return {};
  // The blob's order: modulus, prime1, prime2, exponent1, exponent2,
  // coefficient, private exponent; PKCS#1 wants n, e, d, p, q, dp, dq, qinv.
  const BYTE* modulus = blob + kHeaders;
  const BYTE* prime1 = modulus + whole;
  const BYTE* prime2 = prime1 + half;
  const BYTE* exponent1 = prime2 + half;
  const BYTE* exponent2 = exponent1 + half;
  const BYTE* coefficient = exponent2 + half;
  const BYTE* privateExponent = coefficient + half;
  const BYTE publicExponent[4] = {BYTE(rsa->pubexp), BYTE(rsa->pubexp >> 8), BYTE(rsa->pubexp >> 16),
                                  BYTE(rsa->pubexp >> 24)};
  const BYTE version = 0;
  std::string body;
  appendInteger(body, &version, 1);
  appendInteger(body, modulus, whole);
  appendInteger(body, publicExponent, sizeof(publicExponent));
  appendInteger(body, privateExponent, whole);
  appendInteger(body, prime1, half);
  appendInteger(body, prime2, half);
  appendInteger(body, exponent1, half);
  appendInteger(body, exponent2, half);
  appendInteger(body, coefficient, half);
  std::string der(1, '\x30');
  appendLength(der, body.size());
  der += body;
  SecureZeroMemory(&body[0], body.size());
  return der;
}

DWORD exportClientCredential(PCCERT_CONTEXT certificate, ClientCredential& out) {
  out.certificateDer.assign(reinterpret_cast<const char*>(certificate->pbCertEncoded), certificate->cbCertEncoded);
  if (!hasKeyProperty(certificate)) {
    LOG_WARN("client certificate: no private key goes with it");
    return ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY;
  }
  // CryptoAPI first: PFXImportCertStore puts keys there unless told
  // otherwise, and Wine's NCrypt exports nothing. CNG keys come second.
  HCRYPTPROV_OR_NCRYPT_KEY_HANDLE handle = 0;
  DWORD keySpec = 0;
  BOOL release = FALSE;
  DWORD error = ERROR_SUCCESS;
  if (!CryptAcquireCertificatePrivateKey(certificate, CRYPT_ACQUIRE_SILENT_FLAG, nullptr, &handle, &keySpec,
                                         &release) &&
      !CryptAcquireCertificatePrivateKey(certificate, CRYPT_ACQUIRE_SILENT_FLAG | CRYPT_ACQUIRE_ONLY_NCRYPT_KEY_FLAG,
                                         nullptr, &handle, &keySpec, &release)) {
    error = GetLastError();
    LOG_WARN("client certificate: its private key cannot be opened (0x%lx)", error);
    return ERROR_WINHTTP_CLIENT_CERT_NO_ACCESS_PRIVATE_KEY;
  }
  if (keySpec == CERT_NCRYPT_KEY_SPEC) {
    error = exportCngKey(handle, out.keyDer);
    if (release) NCryptFreeObject(handle);
  } else {
    error = exportCapiKey(handle, keySpec, out.keyDer);
    if (release) CryptReleaseContext(handle, 0);
  }
  if (error != ERROR_SUCCESS) {
    // mbedTLS signs with the key itself, so it must be exportable.
    LOG_WARN("client certificate: its private key cannot be exported (0x%lx); only exportable keys can be "
             "presented",
             error);
    return ERROR_WINHTTP_CLIENT_CERT_NO_ACCESS_PRIVATE_KEY;
  }
  return ERROR_SUCCESS;
}

}  // namespace hinternet::win32
