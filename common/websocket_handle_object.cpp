#include "websocket_handle_object.h"

namespace hinternet {

WebSocketHandleObject::Pending WebSocketHandleObject::started(std::uint64_t sequence) {
  Pending op;
  op.active = true;
  op.sequence = sequence;
  op.keepAlive = shared_from_this();
  return op;
}

WebSocketHandleObject::Pending& WebSocketHandleObject::pendingOf(Operation operation) {
  switch (operation) {
    case Operation::Send: return send_;
    case Operation::Shutdown: return shutdown_;
    case Operation::Receive: return receive_;
    case Operation::Close: break;
  }
  return close_;
}

void WebSocketHandleObject::schedule() {
  auto self = std::static_pointer_cast<WebSocketHandleObject>(shared_from_this());
  queue->post([self] { self->pump(); });
}

void WebSocketHandleObject::onWebSocketChange() {
  if (async) schedule();
}

void WebSocketHandleObject::onClose() {
  connection->abort();
  if (async) schedule();
}

void WebSocketHandleObject::closeTimedOut() {
  {
    std::lock_guard<Mutex> lock(mutex_);
    if (!close_.active) return;
    close_.timedOut = true;
  }
  schedule();
}

// Queues the frame through `enqueue` and makes it the pending send.
template <class Enqueue>
Error WebSocketHandleObject::startSend(WsBufferType type, bool ping, std::uint32_t length, Enqueue enqueue) {
  std::lock_guard<Mutex> lock(mutex_);
  if (send_.active) return Error::IncorrectState;
  std::uint64_t sequence = 0;
  const Error error = enqueue(sequence);
  if (error != Error::None) return error;
  send_ = started(sequence);
  send_.type = type;
  send_.ping = ping;
  send_.length = length;
  schedule();
  return Error::None;
}

Error WebSocketHandleObject::sendAsync(WsBufferType type, const void* buffer, std::uint32_t length) {
  return startSend(type, false, length,
                   [&](std::uint64_t& sequence) { return connection->sendData(type, buffer, length, sequence); });
}

Error WebSocketHandleObject::pingAsync(const void* buffer, std::uint32_t length) {
  return startSend(WsBufferType::BinaryMessage, true, length,
                   [&](std::uint64_t& sequence) { return connection->sendPing(buffer, length, sequence); });
}

bool WebSocketHandleObject::receiveBlocked() {
  std::lock_guard<Mutex> lock(mutex_);
  return receive_.active || close_.active;
}

Error WebSocketHandleObject::receiveAsync(void* buffer, std::uint32_t length) {
  std::lock_guard<Mutex> lock(mutex_);
  if (receive_.active || close_.active) return Error::IncorrectState;
  receive_ = started();
  receive_.buffer = buffer;
  receive_.length = length;
  schedule();
  return Error::None;
}

Error WebSocketHandleObject::shutdownAsync(std::uint16_t status, const void* reason, std::size_t length) {
  std::lock_guard<Mutex> lock(mutex_);
  std::uint64_t sequence = 0;
  const Error error = connection->sendClose(status, reason, length, sequence);
  if (error != Error::None) return error;
  shutdown_ = started(sequence);
  schedule();
  return Error::None;
}

Error WebSocketHandleObject::closeAsync(std::uint16_t status, const void* reason, std::size_t length) {
  std::lock_guard<Mutex> lock(mutex_);
  if (send_.active) return Error::IncorrectState;  // "a close or send is pending"
  if (connection->beginClose() != Error::None) return Error::IncorrectState;
  std::uint64_t sequence = 0;
  if (!connection->closeSent()) {
    const Error error = connection->sendClose(status, reason, length, sequence);
    if (error != Error::None && error != Error::IncorrectState) return error;
  }
  receive_.cancelled = receive_.active;
  close_ = started(sequence);
  schedule();
  return Error::None;
}

void WebSocketHandleObject::pump() {
  const bool closed = isClosed();
  for (Operation operation : {Operation::Send, Operation::Shutdown, Operation::Receive, Operation::Close})
    settle(operation, closed);
}

// Completes the operation if it is done, or cancels it once the handle is
// closed.
void WebSocketHandleObject::settle(Operation operation, bool closed) {
  Pending done;
  Completion completion;
  completion.operation = operation;
  {
    std::lock_guard<Mutex> lock(mutex_);
    Pending& op = pendingOf(operation);
    if (!op.active) return;
    Error error = Error::None;
    bool ready = closed || op.cancelled || op.timedOut;
    if (ready) {
      error = op.timedOut && !closed ? Error::Timeout : Error::OperationCancelled;
    } else if (operation == Operation::Receive) {
      std::size_t count = 0;
      ready = connection->tryReceive(op.buffer, op.length, completion.type, count, error);
      completion.bytes = static_cast<std::uint32_t>(count);
    } else {
      ready = connection->sent(op.sequence, error);
      // A peer that closed first may drop the connection before ours is out.
      if (ready && operation == Operation::Close && connection->closeReceived()) error = Error::None;
      if (ready && error == Error::None && operation == Operation::Close) ready = connection->tryAwaitClose(error);
    }
    if (!ready) return;
    completion.error = error;
    if (operation == Operation::Send && error == Error::None) {
      completion.bytes = op.length;
      completion.type = op.type;
      completion.ping = op.ping;
    }
    done = std::move(op);
    op = Pending{};
  }
  if (operation == Operation::Close) connection->abort();  // the handshake is over either way, as on Windows
  completed(completion);
}

}  // namespace hinternet
