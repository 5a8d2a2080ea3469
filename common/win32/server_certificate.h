#pragma once
#include <windows.h>
#include <wincrypt.h>

#include <memory>

#include "transfer.h"

namespace hinternet::win32 {

struct CertificateRelease {
  void operator()(PCCERT_CONTEXT certificate) const { CertFreeCertificateContext(certificate); }
};
// A certificate context freed when it goes out of scope, also when building
// text from it throws; release() hands it to a caller who frees it.
using OwnedCertificate = std::unique_ptr<const CERT_CONTEXT, CertificateRelease>;

// The server's certificate from what a transfer learned; null when there is
// none (plain HTTP, or not connected yet).
OwnedCertificate serverCertificate(const ConnectionInfo& info);

// The chain from the server's certificate, built from what the server sent
// plus the system stores; the caller frees it with CertFreeCertificateChain.
// A Win32 error when there is no certificate or no chain could be built.
DWORD serverCertificateChain(const ConnectionInfo& info, PCCERT_CHAIN_CONTEXT& chain);

// The report bits of SECURITY_FLAGS (the same values in wininet.h and
// winhttp.h): SECURE and a STRENGTH_* for a TLS connection, else 0.
DWORD connectionSecurityFlags(const ConnectionInfo& info);

// A certificate name as the certificate-info options give it: simple
// names, one per line.
std::wstring certificateName(CERT_NAME_BLOB* name);

}  // namespace hinternet::win32
