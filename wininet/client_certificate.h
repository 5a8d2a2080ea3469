#pragma once
// INTERNET_OPTION_CLIENT_CERT_CONTEXT: the certificate a request presents
// when the server asks for one.
#include <windows.h>
#include <wincrypt.h>

#include "client_credential.h"
#include "transfer.h"

namespace hinternet::wininet {

struct Request;

// Keeps its own reference to `certificate`, released with the request.
// NULL chooses to go on without one: until a choice is made, a server's
// request for a certificate fails the send with CLIENT_AUTH_CERT_NEEDED.
void setClientCertificate(Request& request, PCCERT_CONTEXT certificate);

// Exports the request's certificate and key once per send: ERROR_SUCCESS
// when there is none (`credential` left empty) or its key can be presented;
// else ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED. WinINet has no twin of
// WinHTTP's CLIENT_CERT_NO_PRIVATE_KEY / NO_ACCESS_PRIVATE_KEY: a
// certificate schannel cannot sign with leaves the server's request for one
// unanswered, which WinINet reports as this error.
DWORD exportClientCredential(Request& request, win32::ClientCredential& credential);

// Puts an exported certificate and key into the transfer (nothing if
// empty), and whether the request has chosen one at all.
void presentClientCredential(Request& request, win32::ClientCredential credential, RequestSpec& spec);

}  // namespace hinternet::wininet
