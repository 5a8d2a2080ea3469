#pragma once
// INTERNET_OPTION_CLIENT_CERT_CONTEXT: the certificate a request presents
// when the server asks for one.
#include <windows.h>
#include <wincrypt.h>

#include "transfer.h"

namespace hinternet::wininet {

struct Request;

// Keeps its own reference to `certificate`, released with the request.
void setClientCertificate(Request& request, PCCERT_CONTEXT certificate);

// ERROR_SUCCESS when the request has no certificate or one whose key we can
// present; else ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED. WinINet has no
// twin of WinHTTP's CLIENT_CERT_NO_PRIVATE_KEY / NO_ACCESS_PRIVATE_KEY:
// a certificate schannel cannot sign with leaves the server's request for
// one unanswered, which WinINet reports as this error.
DWORD checkClientCertificate(Request& request);

// Puts the certificate and its key into the transfer; nothing when there is
// none or it cannot be presented (checkClientCertificate reports that).
void addClientCredential(Request& request, RequestSpec& spec);

}  // namespace hinternet::wininet
