// WinHTTP WebSocket API, asynchronous mode: completions and their order,
// cancellation by WinHttpWebSocketClose and by closing the handle.
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "test_servers.h"
#include "websocket_test_util.h"

namespace {

struct Event {
  HINTERNET handle;
  DWORD status;
  std::vector<char> info;  // completion data, copied
};

// Records every notification; the test waits for them on its own thread.
struct Recorder {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<Event> events;

  // The index of the first `status` on `handle` at or after `from`.
  std::size_t waitFor(HINTERNET handle, DWORD status, std::size_t from = 0) {
    std::unique_lock<std::mutex> lock(mutex);
    std::size_t found = SIZE_MAX;
    changed.wait_for(lock, std::chrono::seconds(20), [&] {
      for (std::size_t i = from; i < events.size(); ++i)
        if (events[i].handle == handle && events[i].status == status) return (found = i), true;
      return false;
    });
    INFO("waiting for status 0x" << std::hex << status);
    REQUIRE(found != SIZE_MAX);
    return found;
  }
  Event at(std::size_t index) {
    std::lock_guard<std::mutex> lock(mutex);
    return events.at(index);
  }
  std::vector<DWORD> statusesOf(HINTERNET handle) {
    std::lock_guard<std::mutex> lock(mutex);
    std::vector<DWORD> out;
    for (const auto& e : events)
      if (e.handle == handle) out.push_back(e.status);
    return out;
  }
};

void CALLBACK record(HINTERNET handle, DWORD_PTR context, DWORD status, LPVOID info, DWORD length) {
  auto* recorder = reinterpret_cast<Recorder*>(context);
  if (!recorder) return;  // session and connect carry no context here
  Event event{handle, status, {}};
  const bool copy = status == WINHTTP_CALLBACK_STATUS_READ_COMPLETE || status == WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE ||
                    status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR;
  if (copy && info) event.info.assign(static_cast<char*>(info), static_cast<char*>(info) + length);
  {
    std::lock_guard<std::mutex> lock(recorder->mutex);
    recorder->events.push_back(std::move(event));
  }
  recorder->changed.notify_all();
}

WINHTTP_WEB_SOCKET_STATUS socketStatus(const Event& event) {
  WINHTTP_WEB_SOCKET_STATUS status{};
  REQUIRE(event.info.size() == sizeof(status));
  std::memcpy(&status, event.info.data(), sizeof(status));
  return status;
}

WINHTTP_WEB_SOCKET_ASYNC_RESULT socketError(const Event& event) {
  WINHTTP_WEB_SOCKET_ASYNC_RESULT result{};
  REQUIRE(event.info.size() == sizeof(result));
  std::memcpy(&result, event.info.data(), sizeof(result));
  return result;
}

// The asynchronous handshake, driven from this thread.
void upgradeAsync(WsHandles& ws, Recorder& recorder) {
  // Handles take their parent's callback when they are made.
  REQUIRE(WinHttpSetStatusCallback(ws.connect, record, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0) == nullptr);
  ws.open();
  REQUIRE(WinHttpSetOption(ws.request, WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET, nullptr, 0));
  REQUIRE(WinHttpSendRequest(ws.request, nullptr, 0, nullptr, 0, 0, reinterpret_cast<DWORD_PTR>(&recorder)));
  recorder.waitFor(ws.request, WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE);
  REQUIRE(WinHttpReceiveResponse(ws.request, nullptr));
  recorder.waitFor(ws.request, WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE);
  REQUIRE(statusCode(ws.request) == 101);
  ws.socket = WinHttpWebSocketCompleteUpgrade(ws.request, reinterpret_cast<DWORD_PTR>(&recorder));
  REQUIRE(ws.socket);
  // The request may go at once; the socket lives on.
  REQUIRE(WinHttpCloseHandle(ws.request));
  recorder.waitFor(ws.request, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
  ws.request = nullptr;
}

DWORD sendAsync(HINTERNET socket, const std::string& text,
                WINHTTP_WEB_SOCKET_BUFFER_TYPE type = WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE) {
  return WinHttpWebSocketSend(socket, type, const_cast<char*>(text.data()), static_cast<DWORD>(text.size()));
}

// Closes the socket handle and checks HANDLE_CLOSING is its last word.
void closeSocket(WsHandles& ws, Recorder& recorder) {
  REQUIRE(WinHttpCloseHandle(ws.socket));
  recorder.waitFor(ws.socket, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
  Sleep(50);
  const auto statuses = recorder.statusesOf(ws.socket);
  REQUIRE(statuses.back() == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
  ws.socket = nullptr;
}

}  // namespace

TEST_CASE("WinHTTP WebSocket async: echo, fragments, shutdown with a receive pending, close") {
  for (bool secure : {false, true}) {
    INFO((secure ? "wss" : "ws"));
    Recorder recorder;
    WsHandles ws(secure, WINHTTP_FLAG_ASYNC);
    upgradeAsync(ws, recorder);

    REQUIRE(sendAsync(ws.socket, "hello") == ERROR_SUCCESS);
    std::size_t at = recorder.waitFor(ws.socket, WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE);
    WINHTTP_WEB_SOCKET_STATUS status = socketStatus(recorder.at(at));
    REQUIRE(status.dwBytesTransferred == 5);
    REQUIRE(status.eBufferType == WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE);

    // Results come with READ_COMPLETE; the out-parameters stay untouched.
    char buffer[4096];
    DWORD read = 0xdeadbeef;
    auto type = static_cast<WINHTTP_WEB_SOCKET_BUFFER_TYPE>(0xdeadbeef);
    REQUIRE(WinHttpWebSocketReceive(ws.socket, buffer, sizeof(buffer), &read, &type) == ERROR_SUCCESS);
    at = recorder.waitFor(ws.socket, WINHTTP_CALLBACK_STATUS_READ_COMPLETE, at);
    status = socketStatus(recorder.at(at));
    REQUIRE(status.eBufferType == WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE);
    REQUIRE(std::string(buffer, status.dwBytesTransferred) == "hello");
    REQUIRE(read == 0xdeadbeef);
    REQUIRE(type == static_cast<WINHTTP_WEB_SOCKET_BUFFER_TYPE>(0xdeadbeef));

    // A big message through a small buffer: fragments, then the message.
    REQUIRE(sendAsync(ws.socket, "!big 50000") == ERROR_SUCCESS);
    at = recorder.waitFor(ws.socket, WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE, at);
    std::string big;
    for (;;) {
      REQUIRE(WinHttpWebSocketReceive(ws.socket, buffer, sizeof(buffer), nullptr, nullptr) == ERROR_SUCCESS);
      at = recorder.waitFor(ws.socket, WINHTTP_CALLBACK_STATUS_READ_COMPLETE, at + 1);
      status = socketStatus(recorder.at(at));
      big.append(buffer, status.dwBytesTransferred);
      if (status.eBufferType == WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE) break;
      REQUIRE(status.eBufferType == WINHTTP_WEB_SOCKET_BINARY_FRAGMENT_BUFFER_TYPE);
    }
    REQUIRE(big == pattern(50000));

    // One receive at a time; a shutdown goes out while it waits.
    REQUIRE(WinHttpWebSocketReceive(ws.socket, buffer, sizeof(buffer), nullptr, nullptr) == ERROR_SUCCESS);
    REQUIRE(WinHttpWebSocketReceive(ws.socket, buffer, sizeof(buffer), nullptr, nullptr) == ERROR_INVALID_OPERATION);
    USHORT closeStatus = 0;
    DWORD length = 0;
    REQUIRE(WinHttpWebSocketQueryCloseStatus(ws.socket, &closeStatus, buffer, sizeof(buffer), &length) ==
            ERROR_INVALID_OPERATION);
    REQUIRE(WinHttpWebSocketShutdown(ws.socket, 1000, const_cast<char*>("done"), 4) == ERROR_SUCCESS);
    REQUIRE(sendAsync(ws.socket, "late") == ERROR_INVALID_OPERATION);
    REQUIRE(WinHttpWebSocketShutdown(ws.socket, 1000, nullptr, 0) == ERROR_INVALID_OPERATION);
    const std::size_t shutdown = recorder.waitFor(ws.socket, WINHTTP_CALLBACK_STATUS_SHUTDOWN_COMPLETE, at + 1);
    // The server answers our close; the pending receive gets it.
    at = recorder.waitFor(ws.socket, WINHTTP_CALLBACK_STATUS_READ_COMPLETE, at + 1);
    REQUIRE(shutdown < at);
    status = socketStatus(recorder.at(at));
    REQUIRE(status.eBufferType == WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE);
    REQUIRE(status.dwBytesTransferred == 0);
    REQUIRE(WinHttpWebSocketQueryCloseStatus(ws.socket, &closeStatus, buffer, sizeof(buffer), &length) == ERROR_SUCCESS);
    REQUIRE(closeStatus == 1000);
    REQUIRE(std::string(buffer, length) == "done");
    REQUIRE(WinHttpWebSocketReceive(ws.socket, buffer, sizeof(buffer), nullptr, nullptr) == ERROR_INVALID_OPERATION);

    REQUIRE(WinHttpWebSocketClose(ws.socket, 1000, nullptr, 0) == ERROR_SUCCESS);
    recorder.waitFor(ws.socket, WINHTTP_CALLBACK_STATUS_CLOSE_COMPLETE, at);
    closeSocket(ws, recorder);
  }
}

TEST_CASE("WinHTTP WebSocket async: a close from the server completes the receive, then the close answers it") {
  Recorder recorder;
  WsHandles ws(false, WINHTTP_FLAG_ASYNC);
  upgradeAsync(ws, recorder);
  char buffer[256];
  REQUIRE(WinHttpWebSocketReceive(ws.socket, buffer, sizeof(buffer), nullptr, nullptr) == ERROR_SUCCESS);
  REQUIRE(sendAsync(ws.socket, "!close 4001 bye") == ERROR_SUCCESS);
  std::size_t at = recorder.waitFor(ws.socket, WINHTTP_CALLBACK_STATUS_READ_COMPLETE);
  REQUIRE(socketStatus(recorder.at(at)).eBufferType == WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE);
  USHORT status = 0;
  DWORD length = 0;
  REQUIRE(WinHttpWebSocketQueryCloseStatus(ws.socket, &status, buffer, sizeof(buffer), &length) == ERROR_SUCCESS);
  REQUIRE(status == 4001);
  REQUIRE(std::string(buffer, length) == "bye");
  REQUIRE(WinHttpWebSocketClose(ws.socket, 1000, nullptr, 0) == ERROR_SUCCESS);
  REQUIRE(WinHttpWebSocketClose(ws.socket, 1000, nullptr, 0) == ERROR_INVALID_OPERATION);
  recorder.waitFor(ws.socket, WINHTTP_CALLBACK_STATUS_CLOSE_COMPLETE, at);
  closeSocket(ws, recorder);
}

TEST_CASE("WinHTTP WebSocket async: WinHttpWebSocketClose cancels a pending receive, then completes") {
  for (bool secure : {false, true}) {
    INFO((secure ? "wss" : "ws"));
    Recorder recorder;
    WsHandles ws(secure, WINHTTP_FLAG_ASYNC);
    upgradeAsync(ws, recorder);
    char buffer[256];
    REQUIRE(WinHttpWebSocketReceive(ws.socket, buffer, sizeof(buffer), nullptr, nullptr) == ERROR_SUCCESS);
    REQUIRE(WinHttpWebSocketClose(ws.socket, 1000, const_cast<char*>("bye"), 3) == ERROR_SUCCESS);
    // No new receive once a close is under way.
    REQUIRE(WinHttpWebSocketReceive(ws.socket, buffer, sizeof(buffer), nullptr, nullptr) == ERROR_INVALID_OPERATION);
    const std::size_t error = recorder.waitFor(ws.socket, WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
    const WINHTTP_WEB_SOCKET_ASYNC_RESULT result = socketError(recorder.at(error));
    REQUIRE(result.Operation == WINHTTP_WEB_SOCKET_RECEIVE_OPERATION);
    REQUIRE(result.AsyncResult.dwResult == 0);
    REQUIRE(result.AsyncResult.dwError == ERROR_WINHTTP_OPERATION_CANCELLED);
    recorder.waitFor(ws.socket, WINHTTP_CALLBACK_STATUS_CLOSE_COMPLETE, error);
    USHORT status = 0;
    DWORD length = 0;
    REQUIRE(WinHttpWebSocketQueryCloseStatus(ws.socket, &status, buffer, sizeof(buffer), &length) == ERROR_SUCCESS);
    REQUIRE(status == 1000);
    REQUIRE(std::string(buffer, length) == "bye");
    closeSocket(ws, recorder);
  }
}

TEST_CASE("WinHTTP WebSocket async: closing the handle with a receive pending cancels it, then HANDLE_CLOSING") {
  for (int i = 0; i < 10; ++i) {
    INFO("round " << i);
    Recorder recorder;
    WsHandles ws(i % 2 == 1, WINHTTP_FLAG_ASYNC);
    upgradeAsync(ws, recorder);
    char buffer[256];
    REQUIRE(WinHttpWebSocketReceive(ws.socket, buffer, sizeof(buffer), nullptr, nullptr) == ERROR_SUCCESS);
    if (i % 3 == 1) Sleep(5);
    HINTERNET socket = ws.socket;
    closeSocket(ws, recorder);
    // HANDLE_CREATED announced the socket (Wine's notification tests record
    // it from Windows for WinHttpWebSocketCompleteUpgrade).
    const auto statuses = recorder.statusesOf(socket);
    REQUIRE(statuses.size() == 3);
    REQUIRE(statuses[0] == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED);
    REQUIRE(statuses[1] == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
    const std::size_t error = recorder.waitFor(socket, WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
    const WINHTTP_WEB_SOCKET_ASYNC_RESULT result = socketError(recorder.at(error));
    REQUIRE(result.Operation == WINHTTP_WEB_SOCKET_RECEIVE_OPERATION);
    REQUIRE(result.AsyncResult.dwError == ERROR_WINHTTP_OPERATION_CANCELLED);
  }
}
