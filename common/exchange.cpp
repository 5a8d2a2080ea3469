#include "exchange.h"

namespace hinternet {

Error Exchange::begin(std::shared_ptr<Transfer> transfer) {
  std::shared_ptr<Transfer> previous;
  {
    std::lock_guard<Mutex> lock(mutex_);
    if (cancelled_) return Error::OperationCancelled;
    previous = std::move(transfer_);
    transfer_ = transfer;
    responseReceived_ = false;
  }
  if (previous) previous->cancel();
  transfer->start();
  return Error::None;
}

Error Exchange::receive(long idleMs, long totalMs) {
  auto current = transfer();
  if (!current) return Error::IncorrectState;
  const Error error = current->waitForHeaders(idleMs, totalMs);
  if (error != Error::None) return error;
  return adoptResponse() ? Error::None : Error::OperationCancelled;
}

bool Exchange::adoptResponse() {
  std::lock_guard<Mutex> lock(mutex_);
  if (!transfer_ || !transfer_->hasHeaders()) return false;
  response_ = transfer_->head();
  responseReceived_ = true;
  return true;
}

void Exchange::cancel() {
  std::shared_ptr<Transfer> current;
  {
    std::lock_guard<Mutex> lock(mutex_);
    cancelled_ = true;
    current = transfer_;
  }
  if (current) current->cancel();
}

std::shared_ptr<Transfer> Exchange::release() {
  std::lock_guard<Mutex> lock(mutex_);
  if (!responseReceived_) return nullptr;
  return std::move(transfer_);
}

std::shared_ptr<Transfer> Exchange::transfer() const {
  std::lock_guard<Mutex> lock(mutex_);
  return transfer_;
}

std::shared_ptr<Transfer> Exchange::receivedTransfer(Error& error) const {
  std::lock_guard<Mutex> lock(mutex_);
  if (!responseReceived_ || !transfer_) {
    error = Error::IncorrectState;
    return nullptr;
  }
  error = Error::None;
  return transfer_;
}

bool Exchange::responseReceived() const {
  std::lock_guard<Mutex> lock(mutex_);
  return responseReceived_;
}

ResponseHead Exchange::response() const {
  std::lock_guard<Mutex> lock(mutex_);
  return response_;
}

}  // namespace hinternet
