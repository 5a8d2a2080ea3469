// HttpWebSocketCompleteUpgrade, HttpWebSocketSend, HttpWebSocketReceive,
// HttpWebSocketShutdown, HttpWebSocketClose, HttpWebSocketQueryCloseStatus:
// WinINet's face of the WebSocket connection WinHTTP's calls use too. They
// return BOOL and leave the code in the last error.
//
// In a session opened with INTERNET_FLAG_ASYNC, WinINet's rule for calls
// that cannot finish at once applies: send (ping included), shutdown and
// close fail with ERROR_IO_PENDING and complete with REQUEST_COMPLETE,
// whose information is an HTTP_WEB_SOCKET_ASYNC_RESULT (the operation, and
// for a send or receive the buffer type and byte count); a receive returns
// at once what is buffered and pends only when nothing is. Microsoft does
// not document these calls beyond their declarations: this follows the
// SDK's structure and the WinINet rules, not a recording of Windows.
#include "api_guard.h"
#include "handles.h"
#include "websocket_calls.h"
#include "websocket_close_timer.h"
#include "websocket_handle_object.h"
#include "websocket_sdk.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::guardedCall;

namespace {

DWORD webSocketCode(Error error) { return win32::webSocketCode(wininet::api(), error); }

// What HttpWebSocketCompleteUpgrade returns. The request is done with once
// it is upgraded: programs close it at once and go on with the socket, as
// Microsoft's WebSocket sample does with the same calls of WinHTTP. So the
// socket hangs from the request's connect handle (from the session for
// InternetOpenUrl's hidden connect, which closes with its request): closing
// the request leaves it working, closing the connect or the session closes
// it and drops the connection, as for every other WinINet handle.
std::shared_ptr<HandleObject> socketParent(const Request& request) {
  Connect& connect = request.connect();
  if (connect.hidden) return connect.parent();
  return connect.shared_from_this();
}

struct WebSocketHandle : WebSocketHandleObject {
  WebSocketHandle(const std::shared_ptr<Request>& request, DWORD_PTR context)
      : WebSocketHandleObject(socketParent(*request), request->async()) {
    options.inherit(request->options);
    status.context.store(context);
  }

 protected:
  void completed(const Completion& completion) override {
    HTTP_WEB_SOCKET_ASYNC_RESULT result{};
    result.AsyncResult.dwResult = completion.error == Error::None;
    result.AsyncResult.dwError = webSocketCode(completion.error);
    result.Operation = static_cast<HTTP_WEB_SOCKET_OPERATION>(completion.operation);
    const bool transfers = completion.operation == Operation::Send || completion.operation == Operation::Receive;
    if (completion.error == Error::None && transfers) {
      result.BufferType = completion.ping ? HTTP_WEB_SOCKET_PING_TYPE
                                          : static_cast<HTTP_WEB_SOCKET_BUFFER_TYPE>(completion.type);
      result.dwBytesTransferred = completion.bytes;
    } else {
      result.BufferType = HTTP_WEB_SOCKET_CLOSE_TYPE;
    }
    // The callback may start the next operation or close the handle.
    notify(*this, INTERNET_STATUS_REQUEST_COMPLETE, &result, sizeof(result));
  }
};

std::shared_ptr<WebSocketHandle> findSocket(HINTERNET handle) {
  return find<WebSocketHandle>(handle, {HandleKind::WebSocket});
}

// Sets the last error to `code`; TRUE for ERROR_SUCCESS.
BOOL finish(DWORD code) {
  SetLastError(code);
  return code == ERROR_SUCCESS;
}

BOOL finish(Error error) { return finish(webSocketCode(error)); }

// An asynchronous operation started (ERROR_IO_PENDING), or refused.
BOOL pending(Error started) { return finish(started == Error::None ? DWORD(ERROR_IO_PENDING) : webSocketCode(started)); }

// HttpWebSocketShutdown (our close frame only) and HttpWebSocketClose
// (the whole closing handshake).
BOOL sendClose(const char* api, HINTERNET socketHandle, USHORT status, PVOID reason, DWORD length, bool handshake) {
  LOG_TRACE("%s(%p, %u, %p, %lu)", api, socketHandle, status, reason, length);
  return guardedCall(api, FALSE, [&]() -> BOOL {
    auto socket = findSocket(socketHandle);
    if (!socket) return FALSE;
    if (!WebSocketConnection::validCloseReason(reason, length)) return finish(DWORD(ERROR_INVALID_PARAMETER));
    const auto& connection = socket->connection;
    if (!handshake && (connection->closeSent() || connection->closing())) return finish(DWORD(ERROR_INVALID_OPERATION));
    if (socket->async) {
      if (!handshake) return pending(socket->shutdownAsync(status, reason, length));
      const Error started = socket->closeAsync(status, reason, length);
      if (started == Error::None) win32::startCloseTimer(socket, WebSocketConnection::kCloseTimeoutMs);
      return pending(started);
    }
    return finish(handshake ? connection->close(status, reason, length, WebSocketConnection::kCloseTimeoutMs)
                            : connection->shutdown(status, reason, length));
  });
}

}  // namespace

extern "C" HINTERNET WINAPI HttpWebSocketCompleteUpgrade(HINTERNET requestHandle, DWORD_PTR context) {
  LOG_TRACE("HttpWebSocketCompleteUpgrade(%p, %p)", requestHandle, (void*)context);
  return guardedCall("HttpWebSocketCompleteUpgrade", HINTERNET(nullptr), [&]() -> HINTERNET {
    auto request = find<Request>(requestHandle, {HandleKind::Request});
    if (!request) return nullptr;
    // Only a 101 to a handshake; the transfer moves over, so a second call
    // fails too.
    const auto sent = request->exchange.transfer();
    const bool upgraded = sent && sent->spec().webSocket && request->exchange.responseReceived() &&
                          request->exchange.response().status == 101;
    const auto transfer = upgraded ? request->exchange.release() : nullptr;
    if (!transfer) {
      fail(Error::IncorrectState);
      return nullptr;
    }
    auto socket = wininet::api().make<WebSocketHandle>(request, context);
    socket->connection = WebSocketConnection::adopt(transfer, socket);
    HINTERNET handle = publish(socket);
    if (!handle) {
      socket->connection->abort();
      return nullptr;
    }
    // As for every handle that finishes at once: HANDLE_CREATED on its
    // parent, and no REQUEST_COMPLETE.
    notifyHandleCreated(*socket, handle, requestHandle);
    SetLastError(ERROR_SUCCESS);
    return handle;
  });
}

extern "C" BOOL WINAPI HttpWebSocketSend(HINTERNET socketHandle, HTTP_WEB_SOCKET_BUFFER_TYPE type, PVOID buffer,
                                         DWORD length) {
  LOG_TRACE("HttpWebSocketSend(%p, %d, %p, %lu)", socketHandle, static_cast<int>(type), buffer, length);
  return guardedCall("HttpWebSocketSend", FALSE, [&]() -> BOOL {
    auto socket = findSocket(socketHandle);
    if (!socket) return FALSE;
    if (length && !buffer) return finish(DWORD(ERROR_INVALID_PARAMETER));
    const auto& connection = socket->connection;
    if (!connection->canSend()) return finish(DWORD(ERROR_INVALID_OPERATION));
    // The one buffer type WinHTTP lacks: a ping frame, whose pong the
    // receive calls consume like any other.
    if (type == HTTP_WEB_SOCKET_PING_TYPE) {
      if (socket->async) return pending(socket->pingAsync(buffer, length));
      return finish(connection->ping(buffer, length));
    }
    // HttpWebSocketShutdown and HttpWebSocketClose send the close.
    if (!win32::isSendableBufferType(type)) return finish(DWORD(ERROR_INVALID_PARAMETER));
    const auto kind = static_cast<WsBufferType>(type);
    if (socket->async) return pending(socket->sendAsync(kind, buffer, length));
    return finish(connection->send(kind, buffer, length));
  });
}

extern "C" BOOL WINAPI HttpWebSocketReceive(HINTERNET socketHandle, PVOID buffer, DWORD length, DWORD* bytesRead,
                                            HTTP_WEB_SOCKET_BUFFER_TYPE* bufferType) {
  LOG_TRACE("HttpWebSocketReceive(%p, %p, %lu, %p, %p)", socketHandle, buffer, length, (void*)bytesRead,
            (void*)bufferType);
  return guardedCall("HttpWebSocketReceive", FALSE, [&]() -> BOOL {
    auto socket = findSocket(socketHandle);
    if (!socket) return FALSE;
    if (!buffer || !length || !bytesRead || !bufferType) return finish(DWORD(ERROR_INVALID_PARAMETER));
    const auto& connection = socket->connection;
    if (!connection->canReceive()) return finish(DWORD(ERROR_INVALID_OPERATION));
    WsBufferType type = WsBufferType::BinaryMessage;
    std::size_t received = 0;
    Error error = Error::None;
    if (socket->async) {
      // What is buffered comes at once; with nothing, the receive pends
      // and its REQUEST_COMPLETE carries the count and type.
      if (socket->receiveBlocked()) return finish(DWORD(ERROR_INVALID_OPERATION));
      if (!connection->tryReceive(buffer, length, type, received, error))
        return pending(socket->receiveAsync(buffer, length));
    } else {
      error = connection->receive(buffer, length, type, received);
    }
    if (error != Error::None) return finish(error);
    *bytesRead = static_cast<DWORD>(received);
    *bufferType = static_cast<HTTP_WEB_SOCKET_BUFFER_TYPE>(type);
    return finish(DWORD(ERROR_SUCCESS));
  });
}

extern "C" BOOL WINAPI HttpWebSocketShutdown(HINTERNET socketHandle, USHORT status, PVOID reason, DWORD length) {
  return sendClose("HttpWebSocketShutdown", socketHandle, status, reason, length, false);
}

extern "C" BOOL WINAPI HttpWebSocketClose(HINTERNET socketHandle, USHORT status, PVOID reason, DWORD length) {
  return sendClose("HttpWebSocketClose", socketHandle, status, reason, length, true);
}

extern "C" BOOL WINAPI HttpWebSocketQueryCloseStatus(HINTERNET socketHandle, USHORT* status, PVOID reason,
                                                     DWORD length, DWORD* reasonLength) {
  LOG_TRACE("HttpWebSocketQueryCloseStatus(%p, %p, %p, %lu, %p)", socketHandle, (void*)status, reason, length,
            (void*)reasonLength);
  return guardedCall("HttpWebSocketQueryCloseStatus", FALSE, [&]() -> BOOL {
    auto socket = findSocket(socketHandle);
    if (!socket) return FALSE;
    if (!status || (length && !reason) || !reasonLength) return finish(DWORD(ERROR_INVALID_PARAMETER));
    return finish(win32::queryCloseStatus(*socket->connection, status, reason, length, reasonLength));
  });
}
