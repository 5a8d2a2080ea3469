#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "http_objects.h"
#include "sync.h"

namespace hinternet {

// The call waiting on a request's transfer (one at a time per request).
struct PendingCall {
  enum class Kind { None, Send, Receive, QueryData, Read, Write };
  Kind kind = Kind::None;
  void* buffer = nullptr;  // Read: where to; Write: what
  std::uint32_t length = 0;
  // Holds the request until the call's completion has been delivered, so a
  // closed handle still gets its completion before HANDLE_CLOSING.
  std::shared_ptr<HandleObject> keepAlive;
  // Read: wait for `length` bytes or the end rather than complete with the
  // first data; `done` counts what is already in the buffer.
  bool fill = true;
  std::uint32_t done = 0;
  // What the export layer needs to finish the call: where its caller wants
  // a count, the value a success reports, and, for a caller that waits on
  // its own thread, where the outcome goes (null: notify it instead).
  void* countOut = nullptr;
  std::uintptr_t successValue = 1;
  void* waiter = nullptr;
  // WinINet: the context the call was given for its own notifications and
  // its completion; 0: the handle's.
  std::uintptr_t context = 0;
};

// A request whose calls complete from its transfer's events. Each event is
// handed to report() and then pump() on the handle's serial queue, so the
// notifications keep their order; pump() completes the pending call once
// the events it depends on have been reported, never earlier.
class AsyncRequestObject : public HttpRequestObject {
 public:
  using HttpRequestObject::HttpRequestObject;

  // Starts an exchange; with `observe` its events reach report() and pump().
  Error start(const std::shared_ptr<Transfer>& transfer, bool observe);
  // Records the call in progress; false if there is one already.
  bool beginCall(PendingCall call);
  // Runs pump() on the queue.
  void schedulePump();
  // Ends the call in progress if what the queue has reported allows.
  void pump();
  // Whether a call is in progress.
  bool callPending();

  // The body as the program reads it, for QueryData and Read: straight
  // from the transfer, unless the DLL keeps what was read and lets the
  // program move over it (WinINet's InternetSetFilePointer).
  virtual std::size_t bodyAvailable(Transfer& transfer, bool& ended, Error& error) {
    return transfer.available(ended, error);
  }
  virtual std::size_t readBody(Transfer& transfer, void* buffer, std::size_t length) {
    return transfer.read(buffer, length);
  }

 protected:
  // On the queue, for the events of the latest send only. A Redirect's
  // detail is the absolute URL it leads to.
  virtual void report(TransferEvent event, const std::string& detail) = 0;
  // On the queue, once the call in progress can end, from what has been
  // reported: `count` is what a QueryData found, a Read read or a Write
  // took. The DLL ends the call (takeCall) and notifies as it does.
  virtual void callSucceeded(const PendingCall& call, std::uint32_t count) = 0;
  virtual void callFailed(const PendingCall& call, Error error) = 0;

  // The call in progress (without its keepAlive), or Kind::None while there
  // is none or the queue has not reached the send that started it.
  PendingCall currentCall();
  // Ends the call in progress and returns it.
  PendingCall takeCall();
  // Read: what is already in the caller's buffer.
  void noteDone(std::uint32_t done);

  // The notifications a Connecting or Connected event stands for, in order,
  // with their text: the name of the host this hop goes to, then the
  // server's address; and for the Done of a transfer whose host name did
  // not resolve, the ResolvingName it began with (no address came). Each DLL
  // has its own status codes for them.
  enum class ConnectionStep { ResolvingName, NameResolved, ConnectingToServer, ConnectedToServer };
  std::vector<std::pair<ConnectionStep, std::string>> connectionSteps(TransferEvent event,
                                                                     const std::string& address) const;

  // What the queue has reported of the latest send so far.
  // hopSends_: Sent events since the current hop began; a second one is the
  // request sent again once its answer came (an authentication challenge).
  unsigned hopSends_ = 0;
  bool sentSeen_ = false;
  bool headersSeen_ = false;
  bool doneSeen_ = false;

 private:
  struct Tap;
  void onTransferEvent(unsigned generation, TransferEvent event, const std::string& detail);

  std::string hopUrl_;  // queue only: where the current hop goes
  Mutex callMutex_;
  PendingCall pending_;
  // A request may be sent again (after a 401, say): events of an earlier
  // transfer still queued must not count for the new one.
  unsigned generation_ = 0;        // guarded by callMutex_
  unsigned activeGeneration_ = 0;  // written by the queue, under callMutex_
  std::shared_ptr<TransferObserver> tap_;  // guarded by callMutex_
};

}  // namespace hinternet
