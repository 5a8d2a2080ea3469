#include "handles.h"

#include "status_callback.h"
#include "websocket_handle_object.h"

namespace hinternet::winhttp {

Session::~Session() {
  // WINHTTP_OPTION_UNLOAD_NOTIFY_EVENT: set once the session's last
  // notification (HANDLE_CLOSING) has been delivered.
  if (unloadEvent) SetEvent(unloadEvent);
}

Request::~Request() {
  if (clientCertificate) CertFreeCertificateContext(clientCertificate);
}

bool holdsNotifications(const HandleObject& object) {
  if (object.kind() == HandleKind::WebSocket) return !static_cast<const WebSocketHandleObject&>(object).async;
  const HandleObject* node = &object;
  while (node->parent()) node = node->parent().get();
  return node->kind() == HandleKind::Session && !(static_cast<const Session&>(*node).flags & WINHTTP_FLAG_ASYNC);
}

HINTERNET publishCreated(const std::shared_ptr<HandleObject>& object) {
  HINTERNET handle = publish(object);
  if (!handle) return nullptr;
  auto created = [&] {
    win32::deliverStatus(*object, WINHTTP_CALLBACK_STATUS_HANDLE_CREATED, &handle, sizeof(handle),
                         WINHTTP_CALLBACK_STATUS_HANDLE_CREATED);
  };
  // As one of the handle's own notifications: a callback that closes the
  // handle then gets its HANDLE_CLOSING once this call has let go, instead
  // of the close waiting for this call, which holds the handle.
  if (holdsNotifications(*object)) {
    object->queue->runHere(created, [] { return true; });
  } else {
    created();
  }
  SetLastError(ERROR_SUCCESS);  // whatever the callback did
  return handle;
}

win32::HandleApi& api() {
  // Disjoint from WinINet's 0x00CC0000 range: a handle of one DLL is never
  // valid in the other.
  static win32::HandleApi instance(0x00DD0000, &errorCode, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
  return instance;
}

std::shared_ptr<SessionShare> Session::share() {
  std::lock_guard<std::mutex> lock(shareMutex_);
  if (!share_) share_ = std::make_shared<SessionShare>();
  return share_;
}

DWORD errorCode(Error error) {
  switch (error) {
    case Error::None: return ERROR_SUCCESS;
    case Error::InvalidHandle: return ERROR_INVALID_HANDLE;
    case Error::WrongHandleType: return ERROR_WINHTTP_INCORRECT_HANDLE_TYPE;
    case Error::InvalidParameter: return ERROR_INVALID_PARAMETER;
    case Error::InsufficientBuffer: return ERROR_INSUFFICIENT_BUFFER;
    case Error::NotEnoughMemory: return ERROR_NOT_ENOUGH_MEMORY;
    case Error::IncorrectState: return ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
    case Error::InvalidUrl: return ERROR_WINHTTP_INVALID_URL;
    case Error::UnrecognizedScheme: return ERROR_WINHTTP_UNRECOGNIZED_SCHEME;
    case Error::NameNotResolved: return ERROR_WINHTTP_NAME_NOT_RESOLVED;
    case Error::CannotConnect: return ERROR_WINHTTP_CANNOT_CONNECT;
    case Error::ConnectionError: return ERROR_WINHTTP_CONNECTION_ERROR;
    case Error::Timeout: return ERROR_WINHTTP_TIMEOUT;
    case Error::InvalidServerResponse:
    case Error::DecodingFailed: return ERROR_WINHTTP_INVALID_SERVER_RESPONSE;
    case Error::SecureFailure:
    case Error::CertUntrusted:
    case Error::CertNameMismatch:
    case Error::CertDateInvalid:
    case Error::CertRevoked:
    case Error::CertRevocationUnknown: return ERROR_WINHTTP_SECURE_FAILURE;
    case Error::RedirectFailed:
    case Error::RedirectToHttp:
    case Error::RedirectToHttps:
    case Error::TooManyRedirects: return ERROR_WINHTTP_REDIRECT_FAILED;
    case Error::HeaderNotFound: return ERROR_WINHTTP_HEADER_NOT_FOUND;
    case Error::HeaderSizeOverflow: return ERROR_WINHTTP_HEADER_SIZE_OVERFLOW;
    case Error::HeaderAlreadyExists: return ERROR_WINHTTP_HEADER_ALREADY_EXISTS;
    case Error::InvalidHeader: return ERROR_WINHTTP_INVALID_HEADER;
    case Error::OperationCancelled: return ERROR_WINHTTP_OPERATION_CANCELLED;
    case Error::LoginFailure: return ERROR_WINHTTP_LOGIN_FAILURE;
    case Error::Internal: return ERROR_WINHTTP_INTERNAL_ERROR;
    case Error::ClientCertificateNeeded: return ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED;
  }
  return ERROR_WINHTTP_INTERNAL_ERROR;
}

}  // namespace hinternet::winhttp
