#include "async_request.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstdint>

namespace hinternet {
namespace {

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

}  // namespace

// Passes one transfer's events on, tagged with the send that started it.
struct AsyncRequestObject::Tap : TransferObserver {
  Tap(std::weak_ptr<AsyncRequestObject> request, unsigned generation)
      : request(std::move(request)), generation(generation) {}
  void onTransferEvent(TransferEvent event, const std::string& detail) override {
    if (auto r = request.lock()) r->onTransferEvent(generation, event, detail);
  }
  const std::weak_ptr<AsyncRequestObject> request;
  const unsigned generation;
};

Error AsyncRequestObject::start(const std::shared_ptr<Transfer>& transfer, bool observe) {
  if (observe) {
    auto self = std::static_pointer_cast<AsyncRequestObject>(shared_from_this());
    std::lock_guard<Mutex> lock(callMutex_);
    const unsigned generation = ++generation_;
    // Queued ahead of every event of the new transfer.
    queue->post([self, generation, url = transfer->spec().url] {
      self->hopUrl_ = url;
      std::lock_guard<Mutex> lock(self->callMutex_);
      self->activeGeneration_ = generation;
      self->sentSeen_ = self->headersSeen_ = self->doneSeen_ = false;
      self->hopSends_ = 0;
    });
    tap_ = std::make_shared<Tap>(self, generation);
    transfer->setObserver(tap_);
  }
  return exchange.begin(transfer);
}

bool AsyncRequestObject::beginCall(PendingCall call) {
  std::lock_guard<Mutex> lock(callMutex_);
  if (pending_.kind != PendingCall::Kind::None) return false;
  pending_ = std::move(call);
  if (!pending_.keepAlive) pending_.keepAlive = shared_from_this();
  return true;
}

void AsyncRequestObject::schedulePump() {
  auto self = std::static_pointer_cast<AsyncRequestObject>(shared_from_this());
  queue->post([self] { self->pump(); });
}

void AsyncRequestObject::onTransferEvent(unsigned generation, TransferEvent event, const std::string& detail) {
  auto self = std::static_pointer_cast<AsyncRequestObject>(shared_from_this());
  queue->post([self, generation, event, detail] {
    if (generation != self->activeGeneration_) return;
    switch (event) {
      case TransferEvent::Sent:
        self->sentSeen_ = true;
        ++self->hopSends_;
        break;
      case TransferEvent::Redirect: self->hopSends_ = 0; break;
      case TransferEvent::HeadersReady: self->headersSeen_ = true; break;
      case TransferEvent::Done: self->doneSeen_ = true; break;
      default: break;
    }
    if (event == TransferEvent::Redirect) {
      self->hopUrl_ = resolveUrl(self->hopUrl_, detail);
      self->report(event, self->hopUrl_);
    } else {
      self->report(event, detail);
    }
    self->pump();
  });
}

void AsyncRequestObject::pump() {
  const PendingCall call = currentCall();
  if (call.kind == PendingCall::Kind::None) return;
  // Closed while the call was pending: events the transfer queued before
  // the close must not complete it as if nothing happened.
  if (isClosed()) return callFailed(call, Error::OperationCancelled);
  const std::shared_ptr<Transfer> transfer = exchange.transfer();
  if (!transfer) return callFailed(call, Error::IncorrectState);
  bool ended = false;
  Error error = Error::None;
  std::size_t available = transfer->available(ended, error);

  switch (call.kind) {
    case PendingCall::Kind::Send:  // the request is on its way
      if (!sentSeen_ && !doneSeen_) return;
      if (!sentSeen_ && error != Error::None) return callFailed(call, error);
      return callSucceeded(call, 0);
    case PendingCall::Kind::Receive:  // the response head is in
      if ((headersSeen_ || doneSeen_) && exchange.adoptResponse()) return callSucceeded(call, 0);
      if (doneSeen_) return callFailed(call, error != Error::None ? error : Error::InvalidServerResponse);
      return;
    case PendingCall::Kind::QueryData:
      available = bodyAvailable(*transfer, ended, error);
      if (available || (ended && error == Error::None))
        return callSucceeded(call, static_cast<std::uint32_t>(std::min<std::size_t>(available, UINT32_MAX)));
      if (ended) return callFailed(call, error);
      return;
    case PendingCall::Kind::Read: {
      available = bodyAvailable(*transfer, ended, error);
      std::uint32_t done = call.done;
      if (available && done < call.length)
        done += static_cast<std::uint32_t>(readBody(*transfer, static_cast<char*>(call.buffer) + done, call.length - done));
      // Data already read is delivered; an error comes with the next read.
      if (done == call.length || (done && (!call.fill || ended)) || (ended && error == Error::None))
        return callSucceeded(call, done);
      if (ended) return callFailed(call, error);
      noteDone(done);
      return;
    }
    case PendingCall::Kind::Write: {
      std::size_t accepted = 0;
      error = transfer->write(call.buffer, call.length, 0, accepted);
      if (error == Error::Timeout) return;  // no room yet: UploadSpace brings us back
      if (error != Error::None) return callFailed(call, error);
      return callSucceeded(call, static_cast<std::uint32_t>(accepted));
    }
    case PendingCall::Kind::None:
      return;
  }
}

bool AsyncRequestObject::callPending() {
  std::lock_guard<Mutex> lock(callMutex_);
  return pending_.kind != PendingCall::Kind::None;
}

PendingCall AsyncRequestObject::currentCall() {
  std::lock_guard<Mutex> lock(callMutex_);
  // Sent again, and the queue has not reached the new transfer yet: what
  // it has seen so far belongs to the earlier one.
  if (generation_ != activeGeneration_) return PendingCall{};
  PendingCall call = pending_;
  call.keepAlive.reset();
  return call;
}

PendingCall AsyncRequestObject::takeCall() {
  std::lock_guard<Mutex> lock(callMutex_);
  PendingCall done = std::move(pending_);
  pending_ = PendingCall{};
  return done;
}

void AsyncRequestObject::noteDone(std::uint32_t done) {
  std::lock_guard<Mutex> lock(callMutex_);
  if (pending_.kind == PendingCall::Kind::Read) pending_.done = done;
}

std::vector<std::pair<AsyncRequestObject::ConnectionStep, std::string>> AsyncRequestObject::connectionSteps(
    TransferEvent event, const std::string& address) const {
  if (event == TransferEvent::Connected) return {{ConnectionStep::ConnectedToServer, address}};
  if (event == TransferEvent::Done) {
    const auto transfer = exchange.transfer();
    if (transfer && transfer->error() == Error::NameNotResolved) return {{ConnectionStep::ResolvingName, hostOf(hopUrl_)}};
    return {};
  }
  if (event != TransferEvent::Connecting) return {};
  return {{ConnectionStep::ResolvingName, hostOf(hopUrl_)},
          {ConnectionStep::NameResolved, address},
          {ConnectionStep::ConnectingToServer, address}};
}

}  // namespace hinternet
