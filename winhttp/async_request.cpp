// How WinHTTP request calls wait on their transfer: asynchronous calls
// complete through the status callback, synchronous ones return, with the
// informational notifications on the calling thread. Everything here that
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

// Where a synchronous caller's call leaves its outcome.
struct Outcome {
  bool finished = false;
  DWORD error = ERROR_SUCCESS;
};

}  // namespace

Error Request::start(const std::shared_ptr<Transfer>& transfer) {
  return AsyncRequestObject::start(transfer, !async() || status.callback.load() != nullptr);
}

BOOL Request::run(PendingCall::Kind kind, void* buffer, DWORD length, bool fill, DWORD* count) {
  PendingCall call;
  call.kind = kind;
  call.buffer = buffer;
  call.length = length;
  call.fill = fill;
  auto begin = [&]() -> bool {
    if (!beginCall(std::move(call))) return false;
    watchFor(kind);
    schedulePump();
    return true;
  };
  if (async()) {
    if (!begin()) return fail(Error::IncorrectState);
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  }
  // The queue is held for this thread: the transfer's events wait in it
  // until this call runs them, so its notifications come here, in order,
  // before it returns.
  Outcome outcome;
  call.waiter = &outcome;
  call.countOut = count;
  bool refused = false;
  queue->runHere([&] { refused = !begin(); }, [&] { return refused || outcome.finished; });
  if (refused) return fail(Error::IncorrectState);
  SetLastError(outcome.error);
  return outcome.error == ERROR_SUCCESS;
}

void Request::watchFor(PendingCall::Kind kind) {
  // The call's time limits, as a synchronous call would wait them out; the
  // completion lifts them.
  const auto transfer = exchange.transfer();
  if (!transfer) return;
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
      // Sent again on the same hop: the answer that asked for it (a 401 or
      // 407 the credentials answer) was received first.
      if (hopSends_ > 1) reportResponseReceived(0);
      deliver(*this, WINHTTP_CALLBACK_STATUS_SENDING_REQUEST);
      DWORD bytes = static_cast<DWORD>(requestHead().rawText().size());
      deliver(*this, WINHTTP_CALLBACK_STATUS_REQUEST_SENT, &bytes, sizeof(bytes));
      break;
    }
    case TransferEvent::RedirectResponse:
      // The redirect's own response comes before where it leads.
      reportResponseReceived(static_cast<DWORD>(detail.size()));
      break;
    case TransferEvent::Redirect:
      deliverText(*this, WINHTTP_CALLBACK_STATUS_REDIRECT, detail);
      break;
    default:
      break;
  }
}

void Request::reportResponseReceived(DWORD bytes) {
  deliver(*this, WINHTTP_CALLBACK_STATUS_RECEIVING_RESPONSE);
  deliver(*this, WINHTTP_CALLBACK_STATUS_RESPONSE_RECEIVED, &bytes, sizeof(bytes));
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
  if (problems & kCertRevocationUnknown) flags |= WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED;
  if (!flags) flags = WINHTTP_CALLBACK_STATUS_FLAG_SECURITY_CHANNEL_ERROR;
  deliver(*this, WINHTTP_CALLBACK_STATUS_SECURE_FAILURE, &flags, sizeof(flags));
}

void Request::complete(DWORD statusCode, void* info, DWORD length, DWORD error) {
  PendingCall done = takeCall();
  if (const auto transfer = exchange.transfer()) transfer->unwatch();
  // Synchronous mode: the completion is the call's return, not a notification.
  if (auto* outcome = static_cast<Outcome*>(done.waiter)) {
    outcome->error = error;
    outcome->finished = true;
    return;
  }
  // The callback may start the next call on this request, or close it.
  deliver(*this, statusCode, info, length);
}

void Request::callSucceeded(const PendingCall& call, std::uint32_t count) {
  DWORD value = count;
  // Only a synchronous caller gets the count through its pointer.
  if (call.countOut) *static_cast<DWORD*>(call.countOut) = value;
  switch (call.kind) {
    case PendingCall::Kind::Send:
      return complete(WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE, nullptr, 0, ERROR_SUCCESS);
    case PendingCall::Kind::Receive: {
      reportResponseReceived(static_cast<DWORD>(exchange.response().rawText().size()));
      return complete(WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE, nullptr, 0, ERROR_SUCCESS);
    }
    case PendingCall::Kind::QueryData:
      return complete(WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE, &value, sizeof(value), ERROR_SUCCESS);
    case PendingCall::Kind::Read:
      return complete(WINHTTP_CALLBACK_STATUS_READ_COMPLETE, call.buffer, value, ERROR_SUCCESS);
    case PendingCall::Kind::Write:
      return complete(WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE, &value, sizeof(value), ERROR_SUCCESS);
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
  complete(WINHTTP_CALLBACK_STATUS_REQUEST_ERROR, &result, sizeof(result), result.dwError);
}

}  // namespace hinternet::winhttp
