#pragma once
#include <cstdint>
#include <memory>
#include <mutex>

#include "handle_object.h"
#include "sync.h"
#include "websocket.h"

namespace hinternet {

// A WebSocket handle of either DLL, with the asynchronous operations both
// run the same way: at most one pending of each kind, each completing on
// the handle's serial queue once the connection has done it, in one pass
// over the kinds per change, in the order Windows delivers them (a receive
// that a close cancels completes before the close). How a completion
// reaches the program is the DLL's (completed()).
class WebSocketHandleObject : public HandleObject, public WebSocketObserver {
 public:
  // The values both DLLs' *_WEB_SOCKET_OPERATION enums give them.
  enum class Operation { Send = 0, Receive = 1, Close = 2, Shutdown = 3 };

  // What completed() reports: on success, the bytes and buffer type of a
  // send or receive; otherwise the error (OperationCancelled when the
  // handle was closed or a close cancelled a receive, Timeout when the
  // peer did not answer a close in time).
  struct Completion {
    Operation operation = Operation::Send;
    Error error = Error::None;
    std::uint32_t bytes = 0;
    WsBufferType type = WsBufferType::BinaryMessage;
    bool ping = false;  // the send was a ping (WinINet's HTTP_WEB_SOCKET_PING_TYPE)
  };

  WebSocketHandleObject(std::shared_ptr<HandleObject> parent, bool async)
      : HandleObject(HandleKind::WebSocket, std::move(parent)), async(async) {}
  const bool async;
  std::shared_ptr<WebSocketConnection> connection;  // set before the handle is published

  // Asynchronous mode: each starts its operation and returns None, or
  // IncorrectState when one of its kind (or, for a send or receive, a
  // close) is pending, or the connection's own refusal. The caller has
  // checked the arguments and the channel's state; buffers stay the
  // caller's until the completion.
  Error sendAsync(WsBufferType type, const void* buffer, std::uint32_t length);
  // A ping, which completes as a send.
  Error pingAsync(const void* buffer, std::uint32_t length);
  Error receiveAsync(void* buffer, std::uint32_t length);
  Error shutdownAsync(std::uint16_t status, const void* reason, std::size_t length);
  // Cancels a pending receive. The DLL starts the close timer
  // (closeTimedOut()) once this has succeeded.
  Error closeAsync(std::uint16_t status, const void* reason, std::size_t length);
  // Whether a receive or a close is pending (a new receive must wait).
  bool receiveBlocked();
  // The close timeout ran out: a pending close fails with Timeout.
  void closeTimedOut();

  void onWebSocketChange() override;

 protected:
  // On the queue with no lock held: the callback it makes may start the
  // next operation or close the handle.
  virtual void completed(const Completion& completion) = 0;
  void onClose() override;

 private:
  // One pending operation of a kind. It holds the handle until its
  // completion is delivered, so HANDLE_CLOSING always comes after.
  struct Pending {
    bool active = false;
    std::uint64_t sequence = 0;  // the frame that must be out first
    void* buffer = nullptr;
    std::uint32_t length = 0;
    WsBufferType type = WsBufferType::BinaryMessage;
    bool ping = false;
    bool cancelled = false;
    bool timedOut = false;  // a close whose peer did not answer in time
    std::shared_ptr<HandleObject> keepAlive;
  };

  Pending started(std::uint64_t sequence = 0);
  template <class Enqueue>
  Error startSend(WsBufferType type, bool ping, std::uint32_t length, Enqueue enqueue);
  Pending& pendingOf(Operation operation);
  void schedule();
  void pump();
  void settle(Operation operation, bool closed);

  Mutex mutex_;
  Pending send_, shutdown_, receive_, close_;
};

}  // namespace hinternet
