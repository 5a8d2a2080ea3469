#include "async_request.h"

namespace hinternet {

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
    std::lock_guard<std::mutex> lock(callMutex_);
    const unsigned generation = ++generation_;
    // Queued ahead of every event of the new transfer.
    queue->post([self, generation] {
      std::lock_guard<std::mutex> lock(self->callMutex_);
      self->activeGeneration_ = generation;
      self->sentSeen_ = self->headersSeen_ = self->doneSeen_ = false;
    });
    tap_ = std::make_shared<Tap>(self, generation);
    transfer->setObserver(tap_);
  }
  return exchange.begin(transfer);
}

bool AsyncRequestObject::beginCall(PendingCall call) {
  std::lock_guard<std::mutex> lock(callMutex_);
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
      case TransferEvent::Sent: self->sentSeen_ = true; break;
      case TransferEvent::HeadersReady: self->headersSeen_ = true; break;
      case TransferEvent::Done: self->doneSeen_ = true; break;
      default: break;
    }
    self->report(event, detail);
    self->pump();
  });
}

PendingCall AsyncRequestObject::currentCall() {
  std::lock_guard<std::mutex> lock(callMutex_);
  // Sent again, and the queue has not reached the new transfer yet: what
  // it has seen so far belongs to the earlier one.
  if (generation_ != activeGeneration_) return PendingCall{};
  PendingCall call = pending_;
  call.keepAlive.reset();
  return call;
}

PendingCall AsyncRequestObject::takeCall() {
  std::lock_guard<std::mutex> lock(callMutex_);
  PendingCall done = std::move(pending_);
  pending_ = PendingCall{};
  return done;
}

void AsyncRequestObject::noteDone(std::uint32_t done) {
  std::lock_guard<std::mutex> lock(callMutex_);
  if (pending_.kind == PendingCall::Kind::Read) pending_.done = done;
}

}  // namespace hinternet
