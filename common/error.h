#pragma once
// Errors of the portable core. Each export layer maps them to its own
// documented codes (ERROR_WINHTTP_* or ERROR_INTERNET_*), so the core never
// needs to know which DLL it serves.
namespace hinternet {

enum class Error {
  None = 0,
  InvalidHandle,
  WrongHandleType,
  InvalidParameter,
  InsufficientBuffer,
  NotEnoughMemory,
  IncorrectState,
  InvalidUrl,
  UnrecognizedScheme,
  NameNotResolved,
  CannotConnect,
  ConnectionError,
  Timeout,
  InvalidServerResponse,
  SecureFailure,
  CertUntrusted,      // SecureFailure with a known cause
  CertNameMismatch,
  CertDateInvalid,
  CertRevoked,
  RedirectFailed,
  TooManyRedirects,
  HeaderNotFound,
  HeaderSizeOverflow,
  HeaderAlreadyExists,
  InvalidHeader,
  OperationCancelled,
  LoginFailure,
  Internal,
  // A redirect refused because it leaves https for http, or http for https.
  RedirectToHttp,
  RedirectToHttps,
  // A body whose content coding we were decoding was not valid in it.
  DecodingFailed,
  // The server asked for a client certificate during the TLS handshake and
  // the request has no choice of one yet (RequestSpec::reportCertificateRequest).
  ClientCertificateNeeded,
  // Revocation was to be checked and a CRL the check needed could not be
  // had (or could not be trusted): Windows' CRYPT_E_REVOCATION_OFFLINE.
  CertRevocationUnknown,
};

const char* errorName(Error e);

}  // namespace hinternet
