#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "error.h"
#include "header_list.h"
#include "sync.h"
#include "transfer.h"

namespace hinternet {

// The current request/response exchange of a request handle. Calls on one
// handle may come from any thread, so every access is locked.
class Exchange {
 public:
  // Cancels any previous exchange and starts this one.
  Error begin(std::shared_ptr<Transfer> transfer);
  // Waits for the response head and keeps it for header queries; the
  // limits are Transfer::waitForHeaders'.
  Error receive(long idleMs, long totalMs = -1);
  // The same without waiting: true once the head is kept.
  bool adoptResponse();
  void cancel();
  // Hands the transfer over (to a WebSocket) once its response is kept:
  // cancelling this exchange no longer touches it. Null before that.
  std::shared_ptr<Transfer> release();

  std::shared_ptr<Transfer> transfer() const;
  // The transfer once its response has arrived; IncorrectState before, or
  // after release().
  std::shared_ptr<Transfer> receivedTransfer(Error& error) const;
  bool responseReceived() const;
  ResponseHead response() const;

 private:
  mutable Mutex mutex_;
  std::shared_ptr<Transfer> transfer_;
  bool cancelled_ = false;
  bool responseReceived_ = false;
  ResponseHead response_;
};

}  // namespace hinternet
