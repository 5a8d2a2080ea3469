#pragma once
// The revocation check inside mbedTLS's verification (the DLLs' build).
#include <mbedtls/x509_crt.h>

#include <cstdint>

#include "tls_backend.h"

namespace hinternet::tls {

// From the verify callback, for each certificate of the chain (top down,
// the server's own last, at depth 0): once the chain is whole, checks its
// certificates but the anchor against their CRLs and adds to `flags`
// BADCERT_REVOKED for a revoked one, BADCRL_NOT_TRUSTED when a CRL could
// not be had (unless the handshake accepts that) or is still to be fetched
// (its URL then in handshake.crlsWanted). A chain that fails already for
// another reason is not checked.
void checkChainRevocation(Handshake& handshake, mbedtls_x509_crt* certificate, int depth, std::uint32_t& flags);

}  // namespace hinternet::tls
