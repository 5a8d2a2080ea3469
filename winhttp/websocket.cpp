// WinHttpWebSocketCompleteUpgrade, WinHttpWebSocketSend,
// WinHttpWebSocketReceive, WinHttpWebSocketShutdown, WinHttpWebSocketClose,
// WinHttpWebSocketQueryCloseStatus. All but the first return their error
// code; parameter checks come before the handle lookup, as on Windows.
#include "api_guard.h"
#include "websocket_calls.h"
#include "websocket_close_timer.h"
#include "websocket_handle.h"

using namespace hinternet;
using namespace hinternet::winhttp;
using win32::guardedCall;

namespace hinternet::winhttp {

DWORD webSocketCode(Error error) { return win32::webSocketCode(api(), error); }

}  // namespace hinternet::winhttp

namespace {

// The WebSocket behind `handle`, or null with `code` set.
std::shared_ptr<WebSocketHandle> findSocket(HINTERNET handle, DWORD& code) {
  auto socket = find<WebSocketHandle>(handle, {HandleKind::WebSocket});
  code = socket ? ERROR_SUCCESS : GetLastError();
  return socket;
}

bool badReason(const void* reason, DWORD length) { return !WebSocketConnection::validCloseReason(reason, length); }

}  // namespace

extern "C" HINTERNET WINAPI WinHttpWebSocketCompleteUpgrade(HINTERNET requestHandle, DWORD_PTR context) {
  LOG_TRACE("WinHttpWebSocketCompleteUpgrade(%p, %p)", requestHandle, (void*)context);
  return guardedCall("WinHttpWebSocketCompleteUpgrade", HINTERNET(nullptr), [&]() -> HINTERNET {
    auto request = find<Request>(requestHandle, {HandleKind::Request});
    if (!request) return nullptr;
    // Only a 101 to a request marked for the upgrade; the transfer moves
    // over, so a second call fails too.
    bool marked;
    {
      std::lock_guard<std::mutex> lock(request->settingsMutex);
      marked = request->upgradeToWebSocket;  // WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET
    }
    const bool upgraded = marked && request->exchange.responseReceived() &&
                          request->exchange.response().status == 101;
    const auto transfer = upgraded ? request->exchange.release() : nullptr;
    if (!transfer) {
      fail(Error::IncorrectState);
      return nullptr;
    }
    auto socket = api().make<WebSocketHandle>(request->async());
    socket->connection = WebSocketConnection::adopt(transfer, socket);
    socket->status.mask.store(request->status.mask.load());
    socket->status.callback.store(request->status.callback.load());
    socket->status.context.store(context);
    // Windows announces the socket with HANDLE_CREATED on it, as it does
    // connect and request handles.
    HINTERNET handle = publishCreated(socket);
    if (!handle) socket->connection->abort();
    return handle;
  });
}

extern "C" DWORD WINAPI WinHttpWebSocketSend(HINTERNET socketHandle, WINHTTP_WEB_SOCKET_BUFFER_TYPE type,
                                             PVOID buffer, DWORD length) {
  LOG_TRACE("WinHttpWebSocketSend(%p, %d, %p, %lu)", socketHandle, static_cast<int>(type), buffer, length);
  return guardedCall("WinHttpWebSocketSend", DWORD(ERROR_WINHTTP_INTERNAL_ERROR), [&]() -> DWORD {
    if (length && !buffer) return ERROR_INVALID_PARAMETER;
    DWORD code;
    auto socket = findSocket(socketHandle, code);
    if (!socket) return code;
    const auto& connection = socket->connection;
    if (!connection->canSend()) return ERROR_INVALID_OPERATION;
    // WinHttpWebSocketShutdown and WinHttpWebSocketClose send the close.
    if (!win32::isSendableBufferType(type)) return ERROR_INVALID_PARAMETER;
    const auto kind = static_cast<WsBufferType>(type);
    if (socket->async) return webSocketCode(socket->sendAsync(kind, buffer, length));
    return webSocketCode(connection->send(kind, buffer, length));
  });
}

extern "C" DWORD WINAPI WinHttpWebSocketReceive(HINTERNET socketHandle, PVOID buffer, DWORD length, DWORD* bytesRead,
                                                WINHTTP_WEB_SOCKET_BUFFER_TYPE* bufferType) {
  LOG_TRACE("WinHttpWebSocketReceive(%p, %p, %lu, %p, %p)", socketHandle, buffer, length, (void*)bytesRead,
            (void*)bufferType);
  return guardedCall("WinHttpWebSocketReceive", DWORD(ERROR_WINHTTP_INTERNAL_ERROR), [&]() -> DWORD {
    if (!buffer || !length) return ERROR_INVALID_PARAMETER;
    DWORD code;
    auto socket = findSocket(socketHandle, code);
    if (!socket) return code;
    const auto& connection = socket->connection;
    if (!connection->canReceive()) return ERROR_INVALID_OPERATION;
    // Asynchronous results come with READ_COMPLETE; the out-parameters
    // are left alone.
    if (socket->async) return webSocketCode(socket->receiveAsync(buffer, length));
    if (!bytesRead || !bufferType) return ERROR_INVALID_PARAMETER;
    WsBufferType type = WsBufferType::BinaryMessage;
    std::size_t received = 0;
    const Error error = connection->receive(buffer, length, type, received);
    if (error != Error::None) return webSocketCode(error);
    *bytesRead = static_cast<DWORD>(received);
    *bufferType = static_cast<WINHTTP_WEB_SOCKET_BUFFER_TYPE>(type);
    return ERROR_SUCCESS;
  });
}

extern "C" DWORD WINAPI WinHttpWebSocketShutdown(HINTERNET socketHandle, USHORT status, PVOID reason, DWORD length) {
  LOG_TRACE("WinHttpWebSocketShutdown(%p, %u, %p, %lu)", socketHandle, status, reason, length);
  return guardedCall("WinHttpWebSocketShutdown", DWORD(ERROR_WINHTTP_INTERNAL_ERROR), [&]() -> DWORD {
    if (badReason(reason, length)) return ERROR_INVALID_PARAMETER;
    DWORD code;
    auto socket = findSocket(socketHandle, code);
    if (!socket) return code;
    const auto& connection = socket->connection;
    if (connection->closeSent() || connection->closing()) return ERROR_INVALID_OPERATION;
    if (socket->async) return webSocketCode(socket->shutdownAsync(status, reason, length));
    return webSocketCode(connection->shutdown(status, reason, length));
  });
}

extern "C" DWORD WINAPI WinHttpWebSocketClose(HINTERNET socketHandle, USHORT status, PVOID reason, DWORD length) {
  LOG_TRACE("WinHttpWebSocketClose(%p, %u, %p, %lu)", socketHandle, status, reason, length);
  return guardedCall("WinHttpWebSocketClose", DWORD(ERROR_WINHTTP_INTERNAL_ERROR), [&]() -> DWORD {
    if (badReason(reason, length)) return ERROR_INVALID_PARAMETER;
    DWORD code;
    auto socket = findSocket(socketHandle, code);
    if (!socket) return code;
    if (socket->async) {
      const Error error = socket->closeAsync(status, reason, length);
      if (error == Error::None) win32::startCloseTimer(socket, kWebSocketCloseTimeoutMs);
      return webSocketCode(error);
    }
    return webSocketCode(socket->connection->close(status, reason, length, kWebSocketCloseTimeoutMs));
  });
}

extern "C" DWORD WINAPI WinHttpWebSocketQueryCloseStatus(HINTERNET socketHandle, USHORT* status, PVOID reason,
                                                         DWORD length, DWORD* reasonLength) {
  LOG_TRACE("WinHttpWebSocketQueryCloseStatus(%p, %p, %p, %lu, %p)", socketHandle, (void*)status, reason, length,
            (void*)reasonLength);
  return guardedCall("WinHttpWebSocketQueryCloseStatus", DWORD(ERROR_WINHTTP_INTERNAL_ERROR), [&]() -> DWORD {
    if (!status || (length && !reason) || !reasonLength) return ERROR_INVALID_PARAMETER;
    DWORD code;
    auto socket = findSocket(socketHandle, code);
    if (!socket) return code;
    return win32::queryCloseStatus(*socket->connection, status, reason, length, reasonLength);
  });
}
