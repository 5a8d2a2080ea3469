// How WinINet request calls wait on their transfer: the notifications in
// Windows' order and the completion, on the calling thread in synchronous
// mode and as REQUEST_COMPLETE in asynchronous mode. The queue machinery
// is the core's (AsyncRequestObject), shared with WinHTTP.
#include <curl/curl.h>

#include <algorithm>

#include "handles.h"

namespace hinternet::wininet {
namespace {

// Where a synchronous caller's call leaves its outcome.
struct Outcome {
  bool finished = false;
  DWORD error = ERROR_SUCCESS;
};

// `location` resolved against `base`, as the next hop asks for it.
std::string resolveUrl(const std::string& base, const std::string& location) {
  CURLU* url = curl_url();
  std::string out = location;
  char* text = nullptr;
  if (curl_url_set(url, CURLUPART_URL, base.c_str(), 0) == CURLUE_OK &&
      curl_url_set(url, CURLUPART_URL, location.c_str(), 0) == CURLUE_OK &&
      curl_url_get(url, CURLUPART_URL, &text, 0) == CURLUE_OK && text)
    out = text;
  curl_free(text);
  curl_url_cleanup(url);
  return out;
}

std::string hostOf(const std::string& address) {
  CURLU* url = curl_url();
  std::string host;
  char* text = nullptr;
  if (curl_url_set(url, CURLUPART_URL, address.c_str(), 0) == CURLUE_OK &&
      curl_url_get(url, CURLUPART_HOST, &text, 0) == CURLUE_OK && text)
    host = text;
  curl_free(text);
  curl_url_cleanup(url);
  if (host.size() > 1 && host.front() == '[') host = host.substr(1, host.size() - 2);
  return host;
}

// The cookies a Cookie header carries: "a=1; b=2" is two.
DWORD cookieCount(const HeaderList& headers) {
  DWORD count = 0;
  for (const auto& field : headers.fields()) {
    if (!equalsIgnoreCase(field.name, "Cookie")) continue;
    count += static_cast<DWORD>(std::count(field.value.begin(), field.value.end(), ';')) + 1;
  }
  return count;
}

DWORD setCookieCount(const HeaderList& headers) {
  DWORD count = 0;
  for (const auto& field : headers.fields()) count += equalsIgnoreCase(field.name, "Set-Cookie");
  return count;
}

}  // namespace

BOOL Request::run(PendingCall call, const std::function<Error()>& begin) {
  if (call.kind != PendingCall::Kind::Read && call.kind != PendingCall::Kind::Write) call.successValue = successValue;
  const long limit = static_cast<long>(optionValue(
      *this, call.kind == PendingCall::Kind::Write ? INTERNET_OPTION_SEND_TIMEOUT : INTERNET_OPTION_RECEIVE_TIMEOUT));
  // begin() goes first: it may start a new transfer, and the call must not
  // see events of the one before.
  auto start = [&]() -> Error {
    if (begin) {
      const Error error = begin();
      if (error != Error::None) return error;
    }
    if (!beginCall(std::move(call))) return Error::IncorrectState;
    if (const auto transfer = exchange.transfer()) transfer->watch(limit);
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

void Request::finish(DWORD_PTR result, DWORD error) {
  PendingCall done = takeCall();
  if (const auto transfer = exchange.transfer()) transfer->unwatch();
  if (auto* outcome = static_cast<Outcome*>(done.waiter)) {
    outcome->error = error;
    outcome->finished = true;
    return;
  }
  INTERNET_ASYNC_RESULT result_{result, error};
  // The callback may start the next call on this request, or close it.
  notify(*this, INTERNET_STATUS_REQUEST_COMPLETE, &result_, sizeof(result_));
}

void Request::finishWithError(Error error) { finish(FALSE, errorCode(error)); }

void Request::report(TransferEvent event, const std::string& detail) {
  const auto transfer = exchange.transfer();
  if (hopUrl_.empty() && transfer) hopUrl_ = transfer->spec().url;
  switch (event) {
    case TransferEvent::Connecting:
      notifyText(*this, INTERNET_STATUS_RESOLVING_NAME, hostOf(hopUrl_));
      notifyText(*this, INTERNET_STATUS_NAME_RESOLVED, detail);
      notifyText(*this, INTERNET_STATUS_CONNECTING_TO_SERVER, detail);
      break;
    case TransferEvent::Connected:
      notifyText(*this, INTERNET_STATUS_CONNECTED_TO_SERVER, detail);
      break;
    case TransferEvent::Sent: {
      if (transfer) {
        DWORD cookies = cookieCount(transfer->spec().headers);
        if (cookies) notify(*this, INTERNET_STATUS_COOKIE_SENT, &cookies, sizeof(cookies));
      }
      notify(*this, INTERNET_STATUS_SENDING_REQUEST);
      DWORD bytes = static_cast<DWORD>(requestHead().rawText().size());
      notify(*this, INTERNET_STATUS_REQUEST_SENT, &bytes, sizeof(bytes));
      break;
    }
    case TransferEvent::Interim: {
      DWORD code = static_cast<DWORD>(std::stoul(detail));
      notify(*this, INTERNET_STATUS_INTERMEDIATE_RESPONSE, &code, sizeof(code));
      break;
    }
    case TransferEvent::Redirect: {
      // The redirect's own response, then where it leads.
      notify(*this, INTERNET_STATUS_RECEIVING_RESPONSE);
      DWORD bytes = 0;
      notify(*this, INTERNET_STATUS_RESPONSE_RECEIVED, &bytes, sizeof(bytes));
      hopUrl_ = resolveUrl(hopUrl_, detail);
      notifyText(*this, INTERNET_STATUS_REDIRECT, hopUrl_);
      break;
    }
    case TransferEvent::Done:
      hopUrl_.clear();
      break;
    default:
      break;
  }
}

void Request::pump() {
  const PendingCall call = currentCall();
  if (call.kind == PendingCall::Kind::None) return;
  const std::shared_ptr<Transfer> transfer = exchange.transfer();
  if (!transfer) return finishWithError(Error::IncorrectState);
  bool ended = false;
  Error error = Error::None;
  const std::size_t available = transfer->available(ended, error);

  switch (call.kind) {
    case PendingCall::Kind::Send:  // HttpSendRequestEx: the request is on its way
      if (!sentSeen_ && !doneSeen_) return;
      if (!sentSeen_) return finishWithError(error != Error::None ? error : Error::ConnectionError);
      return finish(call.successValue, ERROR_SUCCESS);
    case PendingCall::Kind::Receive:
      if ((headersSeen_ || doneSeen_) && exchange.adoptResponse()) {
        notify(*this, INTERNET_STATUS_RECEIVING_RESPONSE);
        const ResponseHead head = exchange.response();
        DWORD bytes = static_cast<DWORD>(head.rawText().size());
        notify(*this, INTERNET_STATUS_RESPONSE_RECEIVED, &bytes, sizeof(bytes));
        DWORD cookies = setCookieCount(head.headers);
        if (cookies) notify(*this, INTERNET_STATUS_COOKIE_RECEIVED, &cookies, sizeof(cookies));
        return finish(call.successValue, ERROR_SUCCESS);
      }
      if (doneSeen_) return finishWithError(error != Error::None ? error : Error::InvalidServerResponse);
      return;
    case PendingCall::Kind::QueryData:
      if (available || (ended && error == Error::None)) {
        const DWORD count = static_cast<DWORD>(std::min<std::size_t>(available, MAXDWORD));
        if (call.countOut) *static_cast<DWORD*>(call.countOut) = count;
        return finish(call.successValue, ERROR_SUCCESS);
      }
      if (ended) return finishWithError(error);
      return;
    case PendingCall::Kind::Read: {
      DWORD done = call.done;
      if (available && done < call.length)
        done += static_cast<DWORD>(transfer->read(static_cast<char*>(call.buffer) + done, call.length - done));
      // Data already read is delivered; an error comes with the next read.
      if (done == call.length || (done && (!call.fill || ended)) || (ended && error == Error::None)) {
        if (call.countOut) *static_cast<DWORD*>(call.countOut) = done;
        return finish(TRUE, ERROR_SUCCESS);
      }
      if (ended) return finishWithError(error);
      noteDone(done);
      return;
    }
    case PendingCall::Kind::Write: {
      std::size_t accepted = 0;
      error = transfer->write(call.buffer, call.length, 0, accepted);
      if (error == Error::Timeout) return;  // no room yet: UploadSpace brings us back
      if (error != Error::None) return finishWithError(error);
      if (call.countOut) *static_cast<DWORD*>(call.countOut) = static_cast<DWORD>(accepted);
      return finish(TRUE, ERROR_SUCCESS);
    }
    case PendingCall::Kind::None:
      return;
  }
}

}  // namespace hinternet::wininet
