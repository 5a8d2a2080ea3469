// Asynchronous completion of WinHTTP request calls. Everything here that
// calls the application runs on the request's serial queue, so its
// notifications keep their order and never run on the event thread.
#include "api_guard.h"
#include "handles.h"
#include "option_table.h"
#include "status_callback.h"
#include "text.h"

namespace hinternet::winhttp {
namespace {

void deliver(HandleObject& object, DWORD status, void* info = nullptr, DWORD length = 0) {
  win32::deliverStatus(object, status, info, length, status);
}

// Strings in notifications are UTF-16; the length counts characters with
// the terminator.
void deliverText(HandleObject& object, DWORD status, const std::string& text) {
  std::wstring wide = win32::wideFromUtf8(text);
  deliver(object, status, wide.data(), static_cast<DWORD>(wide.size() + 1));
}

}  // namespace

Error Request::start(const std::shared_ptr<Transfer>& transfer) {
  return AsyncRequestObject::start(transfer, status.callback.load() != nullptr);
}

BOOL Request::beginAsync(PendingCall::Kind kind, void* buffer, DWORD length, bool fill) {
  PendingCall call;
  call.kind = kind;
  call.buffer = buffer;
  call.length = length;
  call.fill = fill;
  if (!beginCall(std::move(call))) return fail(Error::IncorrectState);
  // The call's time limits, as a synchronous call would wait them out; the
  // completion lifts them.
  if (const auto transfer = exchange.transfer()) {
    switch (kind) {
      case PendingCall::Kind::Receive:
        transfer->watch(timeoutOption(*this, WINHTTP_OPTION_RECEIVE_TIMEOUT),
                        timeoutOption(*this, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT));
        break;
      case PendingCall::Kind::QueryData:
      case PendingCall::Kind::Read:
        transfer->watch(timeoutOption(*this, WINHTTP_OPTION_RECEIVE_TIMEOUT));
        break;
      case PendingCall::Kind::Write:
        transfer->watch(timeoutOption(*this, WINHTTP_OPTION_SEND_TIMEOUT));
        break;
      default:
        break;
    }
  }
  schedulePump();
  SetLastError(ERROR_SUCCESS);
  return TRUE;
}

void Request::report(TransferEvent event, const std::string& detail) {
  static const DWORD kConnection[] = {
      WINHTTP_CALLBACK_STATUS_RESOLVING_NAME, WINHTTP_CALLBACK_STATUS_NAME_RESOLVED,
      WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER, WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER};
  for (const auto& [step, text] : connectionSteps(event, detail))
    deliverText(*this, kConnection[static_cast<int>(step)], text);
  switch (event) {
    case TransferEvent::Done:
      reportSecureFailure();
      break;
    case TransferEvent::Sent: {
      deliver(*this, WINHTTP_CALLBACK_STATUS_SENDING_REQUEST);
      DWORD bytes = 0;
      deliver(*this, WINHTTP_CALLBACK_STATUS_REQUEST_SENT, &bytes, sizeof(bytes));
      break;
    }
    case TransferEvent::Redirect:
      deliverText(*this, WINHTTP_CALLBACK_STATUS_REDIRECT, detail);
      break;
    default:
      break;
  }
}

// Programs learn why a certificate was refused from this notification,
// which precedes the failure itself.
void Request::reportSecureFailure() {
  const auto transfer = exchange.transfer();
  if (!transfer) return;
  const Error error = transfer->error();
  if (errorCode(error) != ERROR_WINHTTP_SECURE_FAILURE) return;
  const unsigned problems = transfer->certificateProblems();
  DWORD flags = 0;
  if (problems & kCertUntrusted) flags |= WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA;
  if (problems & kCertNameMismatch) flags |= WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID;
  if (problems & kCertDateInvalid) flags |= WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID;
  if (problems & kCertRevoked) flags |= WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED;
  if (!flags) flags = WINHTTP_CALLBACK_STATUS_FLAG_SECURITY_CHANNEL_ERROR;
  deliver(*this, WINHTTP_CALLBACK_STATUS_SECURE_FAILURE, &flags, sizeof(flags));
}

void Request::complete(DWORD statusCode, void* info, DWORD length) {
  PendingCall done = takeCall();
  if (const auto transfer = exchange.transfer()) transfer->unwatch();
  // The callback may start the next call on this request, or close it.
  deliver(*this, statusCode, info, length);
}

void Request::callSucceeded(const PendingCall& call, std::uint32_t count) {
  DWORD value = count;
  switch (call.kind) {
    case PendingCall::Kind::Send:
      return complete(WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE, nullptr, 0);
    case PendingCall::Kind::Receive: {
      deliver(*this, WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE);
      DWORD size = static_cast<DWORD>(exchange.response().rawText().size());
      deliver(*this, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED, &size, sizeof(size));
      return complete(WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE, nullptr, 0);
    }
    case PendingCall::Kind::QueryData:
      return complete(WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE, &value, sizeof(value));
    case PendingCall::Kind::Read:
      return complete(WINHTTP_CALLBACK_STATUS_READ_COMPLETE, call.buffer, value);
    case PendingCall::Kind::Write:
      return complete(WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE, &value, sizeof(value));
    case PendingCall::Kind::None:
      return;
  }
}

void Request::callFailed(const PendingCall& call, Error error) {
  DWORD api = API_RECEIVE_RESPONSE;
  switch (call.kind) {
    case PendingCall::Kind::Send: api = API_SEND_REQUEST; break;
    case PendingCall::Kind::QueryData: api = API_QUERY_DATA_AVAILABLE; break;
    case PendingCall::Kind::Read: api = API_READ_DATA; break;
    case PendingCall::Kind::Write: api = API_WRITE_DATA; break;
    default: break;
  }
  WINHTTP_ASYNC_RESULT result{api, errorCode(error)};
  complete(WINHTTP_CALLBACK_STATUS_REQUEST_ERROR, &result, sizeof(result));
}

}  // namespace hinternet::winhttp
