// WINHTTP_OPTION_CLIENT_CERT_ISSUER_LIST: after a send failed with
// CLIENT_AUTH_CERT_NEEDED, the certificate authorities the server's request
// named, for the program to pick a client certificate by (the "SSL in
// WinHTTP" sample passes them to CertFindChainInStore).
#include "option_handlers.h"

#include <schannel.h>

#include <cstring>
#include <string>
#include <vector>

namespace hinternet::winhttp::handlers {

// A SecPkgContext_IssuerListInfoEx with its CERT_NAME_BLOBs and their
// bytes in one GlobalAlloc block: the caller frees it all with one
// GlobalFree, as the documentation's sample does. An empty list (no names,
// aIssuers NULL) when the server named none or they could not be read: a
// TLS 1.3 server's request is encrypted (tls_certificate_request.h), and
// the program then chooses among all its certificates.
DWORD getClientCertIssuerList(const OptionTarget& target, OptionOutput& out) {
  const auto transfer = target.request()->exchange.transfer();
  if (!transfer || !transfer->isDone() || transfer->error() != Error::ClientCertificateNeeded)
    return ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
  const std::vector<std::string> names = transfer->certificateAuthorities();
  std::size_t bytes = sizeof(SecPkgContext_IssuerListInfoEx) + names.size() * sizeof(CERT_NAME_BLOB);
  for (const std::string& name : names) bytes += name.size();
  auto* block = static_cast<unsigned char*>(GlobalAlloc(GMEM_FIXED, bytes));
  if (!block) return ERROR_NOT_ENOUGH_MEMORY;
  auto* list = reinterpret_cast<SecPkgContext_IssuerListInfoEx*>(block);
  auto* blobs = reinterpret_cast<CERT_NAME_BLOB*>(block + sizeof(SecPkgContext_IssuerListInfoEx));
  unsigned char* at = reinterpret_cast<unsigned char*>(blobs + names.size());
  list->cIssuers = static_cast<DWORD>(names.size());
  list->aIssuers = names.empty() ? nullptr : blobs;
  for (std::size_t i = 0; i < names.size(); ++i) {
    blobs[i].cbData = static_cast<DWORD>(names[i].size());
    blobs[i].pbData = at;
    std::memcpy(at, names[i].data(), names[i].size());
    at += names[i].size();
  }
  out.number = reinterpret_cast<std::uintptr_t>(block);
  return ERROR_SUCCESS;
}

}  // namespace hinternet::winhttp::handlers
