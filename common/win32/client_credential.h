#pragma once
// A client certificate from the Windows certificate store, turned into the
// bytes the TLS library under curl presents: the certificate and its
// private key, both DER.
#include <windows.h>
#include <wincrypt.h>

#include <string>

namespace hinternet::win32 {

struct ClientCredential {
  std::string certificateDer;
  std::string keyDer;  // PKCS#1 RSAPrivateKey or PKCS#8 PrivateKeyInfo
};

// ERROR_SUCCESS, or why the certificate cannot be presented:
// ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY (no key goes with it) or
// ERROR_WINHTTP_CLIENT_CERT_NO_ACCESS_PRIVATE_KEY (a key we may not read:
// Windows signs with such keys inside its own TLS stack, which mbedTLS
// cannot reach). WinINet's ERROR_INTERNET_* twins carry the same numbers.
DWORD exportClientCredential(PCCERT_CONTEXT certificate, ClientCredential& out);

// PRIVATEKEYBLOB (CryptExportKey, RSA) as a PKCS#1 RSAPrivateKey; empty
// when the blob is not one.
std::string rsaPrivateKeyDer(const BYTE* blob, DWORD length);

}  // namespace hinternet::win32
