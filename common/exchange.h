#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "error.h"
#include "header_list.h"
#include "transfer.h"

namespace hinternet {

// Fills the method, URL and headers of a spec the way both DLLs send them:
// the handle's headers, then the call's extra headers, then Referer and
// Accept from the request's open parameters.
void describeRequest(RequestSpec& spec, const std::string& verb, bool secure, const std::string& host,
                     unsigned port, const std::string& path, const HeaderList& headers,
                     const std::string& extraHeaders, const std::string& referrer,
                     const std::vector<std::string>& acceptTypes);

// The current request/response exchange of a request handle. Calls on one
// handle may come from any thread, so every access is locked.
class Exchange {
 public:
  // Cancels any previous exchange and starts this one.
  Error begin(std::shared_ptr<Transfer> transfer);
  // Waits for the response head and keeps it for header queries.
  Error receive(long timeoutMs);
  void cancel();

  std::shared_ptr<Transfer> transfer() const;
  // The transfer once its response has arrived; IncorrectState before.
  std::shared_ptr<Transfer> receivedTransfer(Error& error) const;
  bool responseReceived() const;
  ResponseHead response() const;

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<Transfer> transfer_;
  bool cancelled_ = false;
  bool responseReceived_ = false;
  ResponseHead response_;
};

}  // namespace hinternet
