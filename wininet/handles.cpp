#include "handles.h"

#include "client_certificate.h"

#include "log.h"

// The SDK's, missing from MinGW's wininet.h.
#ifndef ERROR_INTERNET_DECODING_FAILED
#define ERROR_INTERNET_DECODING_FAILED (INTERNET_ERROR_BASE + 175)
#endif

namespace hinternet::wininet {

win32::HandleApi& api() {
  // Windows' own WinINet handles look like 0x00CC0004; WinHTTP uses another
  // range so handles of the two DLLs never alias.
  // Without a context, WinINet makes no callbacks.
  static win32::HandleApi instance(0x00CC0000, &errorCode, INTERNET_STATUS_HANDLE_CLOSING, true);
  return instance;
}

DWORD errorCode(Error error) {
  switch (error) {
    case Error::None: return ERROR_SUCCESS;
    case Error::InvalidHandle: return ERROR_INVALID_HANDLE;
    case Error::WrongHandleType: return ERROR_INTERNET_INCORRECT_HANDLE_TYPE;
    case Error::InvalidParameter: return ERROR_INVALID_PARAMETER;
    case Error::InsufficientBuffer: return ERROR_INSUFFICIENT_BUFFER;
    case Error::NotEnoughMemory: return ERROR_NOT_ENOUGH_MEMORY;
    case Error::IncorrectState: return ERROR_INTERNET_INCORRECT_HANDLE_STATE;
    case Error::InvalidUrl: return ERROR_INTERNET_INVALID_URL;
    case Error::UnrecognizedScheme: return ERROR_INTERNET_UNRECOGNIZED_SCHEME;
    case Error::NameNotResolved: return ERROR_INTERNET_NAME_NOT_RESOLVED;
    case Error::CannotConnect: return ERROR_INTERNET_CANNOT_CONNECT;
    case Error::ConnectionError: return ERROR_INTERNET_CONNECTION_ABORTED;
    case Error::Timeout: return ERROR_INTERNET_TIMEOUT;
    case Error::InvalidServerResponse: return ERROR_HTTP_INVALID_SERVER_RESPONSE;
    case Error::SecureFailure: return ERROR_INTERNET_SECURITY_CHANNEL_ERROR;
    case Error::CertUntrusted: return ERROR_INTERNET_INVALID_CA;
    case Error::CertNameMismatch: return ERROR_INTERNET_SEC_CERT_CN_INVALID;
    case Error::CertDateInvalid: return ERROR_INTERNET_SEC_CERT_DATE_INVALID;
    case Error::CertRevoked: return ERROR_INTERNET_SEC_CERT_REVOKED;
    case Error::CertRevocationUnknown: return ERROR_INTERNET_SEC_CERT_REV_FAILED;
    case Error::RedirectFailed:
    case Error::TooManyRedirects: return ERROR_HTTP_REDIRECT_FAILED;
    case Error::RedirectToHttp: return ERROR_INTERNET_HTTPS_TO_HTTP_ON_REDIR;
    case Error::RedirectToHttps: return ERROR_INTERNET_HTTP_TO_HTTPS_ON_REDIR;
    case Error::DecodingFailed: return ERROR_INTERNET_DECODING_FAILED;
    case Error::HeaderNotFound: return ERROR_HTTP_HEADER_NOT_FOUND;
    case Error::HeaderSizeOverflow: return ERROR_HTTP_INVALID_SERVER_RESPONSE;
    case Error::HeaderAlreadyExists: return ERROR_HTTP_HEADER_ALREADY_EXISTS;
    case Error::InvalidHeader: return ERROR_HTTP_INVALID_HEADER;
    case Error::OperationCancelled: return ERROR_INTERNET_OPERATION_CANCELLED;
    case Error::LoginFailure: return ERROR_INTERNET_LOGIN_FAILURE;
    case Error::Internal: return ERROR_INTERNET_INTERNAL_ERROR;
    case Error::ClientCertificateNeeded: return ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED;
  }
  return ERROR_INTERNET_INTERNAL_ERROR;
}

const Session& sessionOf(const HandleObject& object) {
  const HandleObject* node = &object;
  while (node->parent()) node = node->parent().get();
  return static_cast<const Session&>(*node);
}

void addHostHeader(Request& request) {
  const bool secure = request.flags & INTERNET_FLAG_SECURE;
  request.addDefaultHeader("Host", hostHeaderValue(secure, request.server().host, request.server().port));
}

BOOL sendRequest(Request& request, const std::string& extraHeaders, std::string body) {
  // Runs once: the body moves into the send.
  return request.inTurn([&request, extraHeaders, body = std::move(body)]() mutable -> BOOL {
    win32::ClientCredential credential;
    if (const DWORD error = exportClientCredential(request, credential)) {
      SetLastError(error);
      return FALSE;
    }
    PendingCall call;
    call.kind = PendingCall::Kind::Receive;
    return request.run(std::move(call), [&] {
      RequestSpec spec = prepareSend(request, extraHeaders, std::move(body));
      presentClientCredential(request, std::move(credential), spec);
      return request.start(std::make_shared<Transfer>(std::move(spec)), true);
    });
  });
}

}  // namespace hinternet::wininet
