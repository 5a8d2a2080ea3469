// How WinINet request calls wait on their transfer: the notifications in
// Windows' order and the completion, on the calling thread in synchronous
// mode and as REQUEST_COMPLETE in asynchronous mode. The queue machinery
// is the core's (AsyncRequestObject), shared with WinHTTP.
#include <algorithm>
#include <cctype>

#include "handles.h"
#include "server_security.h"

namespace hinternet::wininet {
namespace {

// The server answered over the transfer's connection:
// InternetGetSecurityInfoByURL reports it from now on.
void noteServerSecurity(const Transfer& transfer) {
  if (transfer.hasHeaders())
    recordServerSecurity(transfer.responseUrl(), transfer.connection(), transfer.spec().tlsWaivers);
}

// Where a synchronous caller's call leaves its outcome.
struct Outcome {
  bool finished = false;
  DWORD error = ERROR_SUCCESS;
};

// The cookies a Cookie header carries: "a=1; b=2" is two.
DWORD cookieCount(const std::string& header) {
  if (header.empty()) return 0;
  return static_cast<DWORD>(std::count(header.begin(), header.end(), ';')) + 1;
}

DWORD setCookieCount(const HeaderList& headers) {
  DWORD count = 0;
  for (const auto& field : headers.fields()) count += equalsIgnoreCase(field.name, "Set-Cookie");
  return count;
}

// The same for a response head as text (a redirect's, which is never kept).
DWORD setCookieCount(const std::string& rawHead) {
  HeaderList headers;
  std::size_t start = rawHead.find('\n');  // past the status line
  while (start != std::string::npos && start + 1 < rawHead.size()) {
    const std::size_t end = rawHead.find('\n', start + 1);
    headers.addLine(rawHead.substr(start + 1, end == std::string::npos ? std::string::npos : end - start));
    start = end;
  }
  return setCookieCount(headers);
}

// What Windows reports once a response head is in: RECEIVING_RESPONSE,
// RESPONSE_RECEIVED with its size, and COOKIE_RECEIVED if it set any;
// for each response of a redirect chain.
void reportResponse(Request& request, DWORD headBytes, DWORD cookies, DWORD_PTR context) {
  notify(request, INTERNET_STATUS_RECEIVING_RESPONSE, nullptr, 0, context);
  notifyCount(request, INTERNET_STATUS_RESPONSE_RECEIVED, headBytes, context);
  if (cookies) notifyCount(request, INTERNET_STATUS_COOKIE_RECEIVED, cookies, context);
}

// Whether the server closes the connection after this response.
bool closesConnection(const ResponseHead& head) {
  bool close = false, keepAlive = false;
  for (const auto& field : head.headers.fields()) {
    if (!equalsIgnoreCase(field.name, "Connection")) continue;
    std::string value = field.value;
    for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    close |= value.find("close") != std::string::npos;
    keepAlive |= value.find("keep-alive") != std::string::npos;
  }
  return close || (head.version == "HTTP/1.0" && !keepAlive);
}

}  // namespace

BOOL Request::run(PendingCall call, const std::function<Error()>& begin) {
  call.successValue = successValue;
  const long limit = static_cast<long>(optionValue(
      *this, call.kind == PendingCall::Kind::Write ? INTERNET_OPTION_SEND_TIMEOUT : INTERNET_OPTION_RECEIVE_TIMEOUT));
  // A send waits out SEND_TIMEOUT while its request is going out.
  const bool sends = call.kind == PendingCall::Kind::Send || call.kind == PendingCall::Kind::Receive;
  const long sendLimit = sends ? static_cast<long>(optionValue(*this, INTERNET_OPTION_SEND_TIMEOUT)) : -1;
  // begin() goes first: it may start a new transfer, and the call must not
  // see events of the one before.
  auto start = [&]() -> Error {
    if (begin) {
      const Error error = begin();
      if (error != Error::None) return error;
    }
    if (!beginCall(std::move(call))) return Error::IncorrectState;
    if (const auto transfer = exchange.transfer()) transfer->watch(limit, -1, sendLimit);
    schedulePump();
    return Error::None;
  };
  if (async()) {
    const Error error = start();
    if (error != Error::None) return fail(error);
    SetLastError(ERROR_IO_PENDING);
    return FALSE;
  }
  Outcome outcome;
  call.waiter = &outcome;
  Error error = Error::None;
  queue->runHere([&] { error = start(); }, [&] { return error != Error::None || outcome.finished; });
  if (error != Error::None) return fail(error);
  SetLastError(outcome.error);
  return outcome.error == ERROR_SUCCESS;
}

void Request::catchUp() {
  // Once closed, InternetCloseHandle delivers what is left.
  if (async() || isClosed() || queue->isCurrent()) return;
  const DWORD lastError = GetLastError();  // the call's, whatever callbacks do
  // A transfer marks its end before it posts the Done event: a read that saw
  // the end waits for that event, so the notifications it brings
  // (CLOSING_CONNECTION, CONNECTION_CLOSED) come before the call returns.
  bool ended = false;
  Error error = Error::None;
  if (const auto transfer = exchange.transfer()) transfer->available(ended, error);
  queue->runHere([] {}, [this, ended] { return queue->empty() && (!ended || doneSeen_); },
                 std::chrono::milliseconds(2000));
  SetLastError(lastError);
}

void Request::finish(DWORD_PTR result, DWORD error) {
  PendingCall done = takeCall();
  if (const auto transfer = exchange.transfer()) transfer->unwatch();
  if (auto* outcome = static_cast<Outcome*>(done.waiter)) {
    outcome->error = error;
    outcome->finished = true;
    return;
  }
  // The call has ended before its REQUEST_COMPLETE: the next one waiting
  // runs after it, and a call the callback makes finds its turn free
  // unless others wait.
  endTurn();
  INTERNET_ASYNC_RESULT result_{result, error};
  // The callback may start the next call on this request, or close it.
  notify(*this, INTERNET_STATUS_REQUEST_COMPLETE, &result_, sizeof(result_), done.context);
}

void Request::report(TransferEvent event, const std::string& detail) {
  static const DWORD kConnection[] = {INTERNET_STATUS_RESOLVING_NAME, INTERNET_STATUS_NAME_RESOLVED,
                                      INTERNET_STATUS_CONNECTING_TO_SERVER, INTERNET_STATUS_CONNECTED_TO_SERVER};
  // What happens during a call is reported with the context it was given.
  const DWORD_PTR context = currentCall().context;
  for (const auto& [step, text] : connectionSteps(event, detail))
    notifyText(*this, kConnection[static_cast<int>(step)], text, context);
  const auto transfer = exchange.transfer();
  switch (event) {
    case TransferEvent::Sent: {
      // Each hop of a redirect chain reports the cookies it sends.
      const DWORD cookies = cookieCount(detail);
      if (cookies) notifyCount(*this, INTERNET_STATUS_COOKIE_SENT, cookies, context);
      notify(*this, INTERNET_STATUS_SENDING_REQUEST, nullptr, 0, context);
      notifyCount(*this, INTERNET_STATUS_REQUEST_SENT, static_cast<DWORD>(requestHead().rawText().size()), context);
      break;
    }
    case TransferEvent::Interim: {
      notifyCount(*this, INTERNET_STATUS_INTERMEDIATE_RESPONSE, static_cast<DWORD>(std::stoul(detail)), context);
      break;
    }
    case TransferEvent::RedirectResponse:
      reportResponse(*this, static_cast<DWORD>(detail.size()), setCookieCount(detail), context);
      break;
    case TransferEvent::Redirect:
      notifyText(*this, INTERNET_STATUS_REDIRECT, detail, context);
      break;
    case TransferEvent::HeadersReady:
      if (transfer) noteServerSecurity(*transfer);
      break;
    case TransferEvent::Done:
      // A head that came only with the end (a challenge, say) had no
      // HeadersReady; one that had was recorded then.
      if (transfer && !headersSeen_) noteServerSecurity(*transfer);
      if (transfer && transfer->error() == Error::None && transfer->hasHeaders() &&
          closesConnection(transfer->head())) {
        notify(*this, INTERNET_STATUS_CLOSING_CONNECTION, nullptr, 0, context);
        notify(*this, INTERNET_STATUS_CONNECTION_CLOSED, nullptr, 0, context);
      }
      break;
    default:
      break;
  }
}

void Request::callSucceeded(const PendingCall& call, std::uint32_t count) {
  if (call.kind == PendingCall::Kind::Receive) {
    const ResponseHead head = exchange.response();
    reportResponse(*this, static_cast<DWORD>(head.rawText().size()), setCookieCount(head.headers), call.context);
  }
  // A read or query that had to wait says what came in (0: the end), a
  // write that had to wait what went out, before the call completes.
  if (call.kind == PendingCall::Kind::Read || call.kind == PendingCall::Kind::QueryData)
    notifyCount(*this, INTERNET_STATUS_RESPONSE_RECEIVED, count, call.context);
  if (call.kind == PendingCall::Kind::Write) notifyCount(*this, INTERNET_STATUS_REQUEST_SENT, count, call.context);
  // Reads and writes tell their count through the caller's pointer.
  if (call.countOut) *static_cast<DWORD*>(call.countOut) = count;
  const bool transfersData = call.kind == PendingCall::Kind::Read || call.kind == PendingCall::Kind::Write;
  finish(transfersData ? TRUE : call.successValue, ERROR_SUCCESS);
}

void Request::callFailed(const PendingCall&, Error error) { finish(FALSE, errorCode(error)); }

}  // namespace hinternet::wininet
