// How asynchronous WinHTTP WebSocket operations report their completion
// (the operations themselves are the core's WebSocketHandleObject).
#include "status_callback.h"
#include "websocket_handle.h"

namespace hinternet::winhttp {
namespace {

void deliver(HandleObject& object, DWORD status, void* info = nullptr, DWORD length = 0) {
  win32::deliverStatus(object, status, info, length, status);
}

}  // namespace

void WebSocketHandle::completed(const Completion& completion) {
  if (completion.error != Error::None) {
    // Windows leaves AsyncResult.dwResult 0 for WebSocket operations; the
    // operation says which call failed.
    WINHTTP_WEB_SOCKET_ASYNC_RESULT result{};
    result.AsyncResult.dwResult = 0;
    result.AsyncResult.dwError = webSocketCode(completion.error);
    result.Operation = static_cast<WINHTTP_WEB_SOCKET_OPERATION>(completion.operation);
    deliver(*this, WINHTTP_CALLBACK_STATUS_REQUEST_ERROR, &result, sizeof(result));
    return;
  }
  WINHTTP_WEB_SOCKET_STATUS status{};
  status.dwBytesTransferred = completion.bytes;
  status.eBufferType = static_cast<WINHTTP_WEB_SOCKET_BUFFER_TYPE>(completion.type);
  switch (completion.operation) {
    case Operation::Send:
      deliver(*this, WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE, &status, sizeof(status));
      break;
    case Operation::Shutdown:
      deliver(*this, WINHTTP_CALLBACK_STATUS_SHUTDOWN_COMPLETE);
      break;
    case Operation::Receive:
      deliver(*this, WINHTTP_CALLBACK_STATUS_READ_COMPLETE, &status, sizeof(status));
      break;
    case Operation::Close:
      deliver(*this, WINHTTP_CALLBACK_STATUS_CLOSE_COMPLETE);
      break;
  }
}

}  // namespace hinternet::winhttp
