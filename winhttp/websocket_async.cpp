// Asynchronous WinHTTP WebSocket operations. Completions run on the
// handle's serial queue, one pass over the pending operations each time the
// connection reports a change, in the order Windows delivers them: a
// receive that WinHttpWebSocketClose cancels completes before the close.
#include "log.h"
#include "status_callback.h"
#include "websocket_handle.h"

namespace hinternet::winhttp {
namespace {

void deliver(HandleObject& object, DWORD status, void* info = nullptr, DWORD length = 0) {
  win32::deliverStatus(object, status, info, length, status);
}

// Windows leaves AsyncResult.dwResult 0 for WebSocket operations; the
// operation says which call failed.
void deliverError(HandleObject& object, WINHTTP_WEB_SOCKET_OPERATION operation, Error error) {
  WINHTTP_WEB_SOCKET_ASYNC_RESULT result{};
  result.AsyncResult.dwResult = 0;
  result.AsyncResult.dwError = webSocketCode(error);
  result.Operation = operation;
  deliver(object, WINHTTP_CALLBACK_STATUS_REQUEST_ERROR, &result, sizeof(result));
}

// One close timeout, owned by its timer callback.
struct CloseTimer {
  std::weak_ptr<WebSocketHandle> socket;
  HANDLE timer = nullptr;
};

void CALLBACK fireCloseTimer(void* context, BOOLEAN) {
  auto* fired = static_cast<CloseTimer*>(context);
  if (auto socket = fired->socket.lock()) socket->closeTimedOut();
  DeleteTimerQueueTimer(nullptr, fired->timer, nullptr);  // NULL event: does not wait for this callback
  delete fired;
}

}  // namespace

void WebSocketHandle::startCloseTimer() {
  auto* closeTimer = new CloseTimer{std::static_pointer_cast<WebSocketHandle>(shared_from_this())};
  if (!CreateTimerQueueTimer(&closeTimer->timer, nullptr, &fireCloseTimer, closeTimer, kWebSocketCloseTimeoutMs, 0,
                             WT_EXECUTEONLYONCE)) {
    LOG_WARN("WebSocket %p: no close timer (%lu); the close waits for the server", static_cast<void*>(this),
             GetLastError());
    delete closeTimer;
  }
}

void WebSocketHandle::closeTimedOut() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!close_.active) return;
    close_.timedOut = true;
  }
  schedule();
}

WebSocketHandle::Operation WebSocketHandle::started(std::uint64_t sequence) {
  Operation op;
  op.active = true;
  op.sequence = sequence;
  op.keepAlive = shared_from_this();
  return op;
}

void WebSocketHandle::schedule() {
  auto self = std::static_pointer_cast<WebSocketHandle>(shared_from_this());
  queue->post([self] { self->pump(); });
}

void WebSocketHandle::onWebSocketChange() {
  if (async) schedule();
}

void WebSocketHandle::onClose() {
  connection->abort();
  if (async) schedule();
}

DWORD WebSocketHandle::sendAsync(WsBufferType type, const void* buffer, DWORD length) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (send_.active) return ERROR_INVALID_OPERATION;
  std::uint64_t sequence = 0;
  const Error error = connection->sendData(type, buffer, length, sequence);
  if (error != Error::None) return webSocketCode(error);
  send_ = started(sequence);
  send_.type = type;
  send_.length = length;
  schedule();
  return ERROR_SUCCESS;
}

DWORD WebSocketHandle::receiveAsync(void* buffer, DWORD length) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (receive_.active || close_.active) return ERROR_INVALID_OPERATION;
  receive_ = started();
  receive_.buffer = buffer;
  receive_.length = length;
  schedule();
  return ERROR_SUCCESS;
}

DWORD WebSocketHandle::shutdownAsync(USHORT status, const void* reason, DWORD length) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::uint64_t sequence = 0;
  const Error error = connection->sendClose(status, reason, length, sequence);
  if (error != Error::None) return webSocketCode(error);
  shutdown_ = started(sequence);
  schedule();
  return ERROR_SUCCESS;
}

DWORD WebSocketHandle::closeAsync(USHORT status, const void* reason, DWORD length) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (send_.active) return ERROR_INVALID_OPERATION;  // "a close or send is pending"
  if (connection->beginClose() != Error::None) return ERROR_INVALID_OPERATION;
  std::uint64_t sequence = 0;
  if (!connection->closeSent()) {
    const Error error = connection->sendClose(status, reason, length, sequence);
    if (error != Error::None && error != Error::IncorrectState) return webSocketCode(error);
  }
  receive_.cancelled = receive_.active;
  close_ = started(sequence);
  startCloseTimer();
  schedule();
  return ERROR_SUCCESS;
}

void WebSocketHandle::pump() {
  const bool closed = isClosed();
  for (Kind kind : {Kind::Send, Kind::Shutdown, Kind::Receive, Kind::Close}) settle(kind, closed);
}

// Completes the operation of `kind` if it is done, or cancels it once the
// handle is closed. The callback runs with no lock held: it may start the
// next operation or close the handle.
void WebSocketHandle::settle(Kind kind, bool closed) {
  Operation done;
  Error error = Error::None;
  WINHTTP_WEB_SOCKET_STATUS received{};
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Operation& op = kind == Kind::Send ? send_ : kind == Kind::Shutdown ? shutdown_ : kind == Kind::Receive ? receive_ : close_;
    if (!op.active) return;
    bool ready = closed || op.cancelled || op.timedOut;
    if (ready) {
      error = op.timedOut && !closed ? Error::Timeout : Error::OperationCancelled;
    } else if (kind == Kind::Receive) {
      WsBufferType type = WsBufferType::BinaryMessage;
      std::size_t count = 0;
      ready = connection->tryReceive(op.buffer, op.length, type, count, error);
      received.dwBytesTransferred = static_cast<DWORD>(count);
      received.eBufferType = static_cast<WINHTTP_WEB_SOCKET_BUFFER_TYPE>(type);
    } else {
      ready = connection->sent(op.sequence, error);
      // A peer that closed first may drop the connection before ours is out.
      if (ready && kind == Kind::Close && connection->closeReceived()) error = Error::None;
      if (ready && error == Error::None && kind == Kind::Close) ready = connection->tryAwaitClose(error);
    }
    if (!ready) return;
    done = std::move(op);
    op = Operation{};
  }
  if (kind == Kind::Close) connection->abort();  // the handshake is over either way, as on Windows
  if (error != Error::None) {
    static const WINHTTP_WEB_SOCKET_OPERATION operations[] = {
        WINHTTP_WEB_SOCKET_SEND_OPERATION, WINHTTP_WEB_SOCKET_SHUTDOWN_OPERATION,
        WINHTTP_WEB_SOCKET_RECEIVE_OPERATION, WINHTTP_WEB_SOCKET_CLOSE_OPERATION};
    deliverError(*this, operations[static_cast<int>(kind)], error);
    return;
  }
  switch (kind) {
    case Kind::Send:
      received.dwBytesTransferred = done.length;
      received.eBufferType = static_cast<WINHTTP_WEB_SOCKET_BUFFER_TYPE>(done.type);
      deliver(*this, WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE, &received, sizeof(received));
      break;
    case Kind::Shutdown:
      deliver(*this, WINHTTP_CALLBACK_STATUS_SHUTDOWN_COMPLETE);
      break;
    case Kind::Receive:
      deliver(*this, WINHTTP_CALLBACK_STATUS_READ_COMPLETE, &received, sizeof(received));
      break;
    case Kind::Close:
      deliver(*this, WINHTTP_CALLBACK_STATUS_CLOSE_COMPLETE);
      break;
  }
}

}  // namespace hinternet::winhttp
