// WinINet WebSocket API in an INTERNET_FLAG_ASYNC session, against the edge
// server's /ws/echo: which calls pend, the REQUEST_COMPLETE each sends with
// its HTTP_WEB_SOCKET_ASYNC_RESULT, cancellation by HttpWebSocketClose and
// by closing the handle or its connect, and the socket handle's place in the
// handle tree (HANDLE_CREATED on its request, HANDLE_CLOSING last).
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "../../wininet/websocket_sdk.h"
#include "edge_pattern.h"
#include "test_servers.h"
#include "wininet_helpers.h"
#include "wininet_websocket_util.h"

namespace {

struct Event {
  HINTERNET handle;
  DWORD status;
  DWORD length;
  std::vector<char> info;  // REQUEST_COMPLETE's and HANDLE_CREATED's information, copied
};

// Records every notification of the handles whose context it is; never
// freed, since a handle closed at the end of a test may still notify.
struct Recorder {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<Event> events;

  DWORD_PTR context() { return reinterpret_cast<DWORD_PTR>(this); }

  // Waits (a guard against hangs, never a measure) until `handle` has had
  // `count` notifications with `status`; the index of the last one.
  std::size_t waitFor(HINTERNET handle, DWORD status, std::size_t count = 1) {
    std::unique_lock<std::mutex> lock(mutex);
    std::size_t found = SIZE_MAX;
    changed.wait_for(lock, std::chrono::seconds(20), [&] {
      std::size_t seen = 0;
      for (std::size_t i = 0; i < events.size(); ++i)
        if (events[i].handle == handle && events[i].status == status && ++seen == count) return (found = i), true;
      return false;
    });
    INFO("waiting for status " << status << " #" << count);
    REQUIRE(found != SIZE_MAX);
    return found;
  }
  std::vector<Event> of(HINTERNET handle) {
    std::lock_guard<std::mutex> lock(mutex);
    std::vector<Event> out;
    for (const auto& e : events)
      if (e.handle == handle) out.push_back(e);
    return out;
  }
  std::vector<DWORD> statusesOf(HINTERNET handle) {
    std::vector<DWORD> out;
    for (const auto& e : of(handle)) out.push_back(e.status);
    return out;
  }
  std::size_t count(HINTERNET handle, DWORD status) {
    std::size_t n = 0;
    for (const auto& e : of(handle)) n += e.status == status;
    return n;
  }
};

Recorder& newRecorder() { return *new Recorder; }

void CALLBACK record(HINTERNET handle, DWORD_PTR context, DWORD status, LPVOID info, DWORD length) {
  auto* recorder = reinterpret_cast<Recorder*>(context);
  if (!recorder) return;
  Event event{handle, status, length, {}};
  if ((status == INTERNET_STATUS_REQUEST_COMPLETE || status == INTERNET_STATUS_HANDLE_CREATED) && info)
    event.info.assign(static_cast<char*>(info),
                      static_cast<char*>(info) + std::max<DWORD>(length, sizeof(INTERNET_ASYNC_RESULT)));
  {
    std::lock_guard<std::mutex> lock(recorder->mutex);
    recorder->events.push_back(std::move(event));
  }
  recorder->changed.notify_all();
}

// A second callback, recording into one recorder whatever the context.
Recorder* ownRecorder = nullptr;
void CALLBACK recordToOwn(HINTERNET handle, DWORD_PTR, DWORD status, LPVOID info, DWORD length) {
  record(handle, reinterpret_cast<DWORD_PTR>(ownRecorder), status, info, length);
}

HTTP_WEB_SOCKET_ASYNC_RESULT socketResult(const Event& event) {
  REQUIRE(event.status == INTERNET_STATUS_REQUEST_COMPLETE);
  HTTP_WEB_SOCKET_ASYNC_RESULT result{};
  REQUIRE(event.length == sizeof(result));
  std::memcpy(&result, event.info.data(), sizeof(result));
  return result;
}

// An upgraded socket in an asynchronous session (or a synchronous one),
// every handle with the recorder's context; open handles close at the end.
struct AsyncWs {
  Recorder& recorder = newRecorder();
  HINTERNET session = nullptr, connect = nullptr, request = nullptr, socket = nullptr;

  explicit AsyncWs(bool secure, DWORD sessionFlags = INTERNET_FLAG_ASYNC) {
    session = InternetOpenA("hinternet-ws", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, sessionFlags);
    REQUIRE(session);
    InternetSetStatusCallbackA(session, record);
    connect = InternetConnectA(session, secure ? "localhost" : "127.0.0.1", secure ? edgeTlsPort() : edgePort(),
                               nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, recorder.context());
    REQUIRE(connect);
    request = HttpOpenRequestA(connect, "GET", "/ws/echo", nullptr, nullptr, nullptr,
                               INTERNET_FLAG_RELOAD | (secure ? INTERNET_FLAG_SECURE : 0), recorder.context());
    REQUIRE(request);
    SetLastError(0xdeadbeef);
    if (!HttpSendRequestA(request, wsHandshakeHeaders().c_str(), DWORD(-1), nullptr, 0)) {
      REQUIRE(sessionFlags & INTERNET_FLAG_ASYNC);
      REQUIRE(GetLastError() == ERROR_IO_PENDING);
      recorder.waitFor(request, INTERNET_STATUS_REQUEST_COMPLETE);
    }
    REQUIRE(statusOf(request) == 101);
    const std::size_t before = recorder.of(request).size();
    SetLastError(0xdeadbeef);
    socket = HttpWebSocketCompleteUpgrade(request, recorder.context());
    REQUIRE(socket);
    REQUIRE(GetLastError() == ERROR_SUCCESS);
    // The upgrade finishes at once: HANDLE_CREATED on the request, carrying
    // the new handle, and no REQUEST_COMPLETE.
    const auto after = recorder.of(request);
    REQUIRE(after.size() == before + 1);
    REQUIRE(after.back().status == INTERNET_STATUS_HANDLE_CREATED);
    HINTERNET created = nullptr;
    std::memcpy(&created, after.back().info.data(), sizeof(created));
    REQUIRE(created == socket);
    REQUIRE(recorder.of(socket).empty());
  }
  ~AsyncWs() {
    for (HINTERNET h : {socket, request, connect, session})
      if (h) InternetCloseHandle(h);
  }

  // Closes the socket; HANDLE_CLOSING is its last notification.
  void closeSocket() {
    REQUIRE(InternetCloseHandle(socket));
    recorder.waitFor(socket, INTERNET_STATUS_HANDLE_CLOSING);
    Sleep(50);  // anything after HANDLE_CLOSING would show here
    REQUIRE(recorder.statusesOf(socket).back() == INTERNET_STATUS_HANDLE_CLOSING);
    REQUIRE(recorder.count(socket, INTERNET_STATUS_HANDLE_CLOSING) == 1);
    socket = nullptr;
  }
};

DWORD send(HINTERNET socket, const std::string& data, HTTP_WEB_SOCKET_BUFFER_TYPE type = HTTP_WEB_SOCKET_UTF8_MESSAGE_TYPE) {
  return lastError([&] {
    return HttpWebSocketSend(socket, type, const_cast<char*>(data.data()), static_cast<DWORD>(data.size()));
  });
}

// Where a receive's results go; it must outlive a receive that pends.
struct ReceiveBuffer {
  std::vector<char> data;
  DWORD read = 0xdeadbeef;
  HTTP_WEB_SOCKET_BUFFER_TYPE type = HTTP_WEB_SOCKET_BINARY_MESSAGE_TYPE;
  explicit ReceiveBuffer(DWORD size) : data(size) {}
  DWORD start(HINTERNET socket) {
    return lastError([&] {
      return HttpWebSocketReceive(socket, data.data(), static_cast<DWORD>(data.size()), &read, &type);
    });
  }
};

void requireSuccess(const HTTP_WEB_SOCKET_ASYNC_RESULT& result, HTTP_WEB_SOCKET_OPERATION operation) {
  REQUIRE(result.Operation == operation);
  REQUIRE(result.AsyncResult.dwResult == TRUE);
  REQUIRE(result.AsyncResult.dwError == ERROR_SUCCESS);
}

void requireFailure(const HTTP_WEB_SOCKET_ASYNC_RESULT& result, HTTP_WEB_SOCKET_OPERATION operation, DWORD error) {
  REQUIRE(result.Operation == operation);
  REQUIRE(result.AsyncResult.dwResult == FALSE);
  REQUIRE(result.AsyncResult.dwError == error);
}

// One receive into `in`: at once (no completion comes for it) or pending
// (exactly one completion, successful, does).
struct Got {
  std::string data;
  HTTP_WEB_SOCKET_BUFFER_TYPE type;
  bool pended;
};

Got receiveOnce(AsyncWs& ws, ReceiveBuffer& in) {
  const std::size_t before = ws.recorder.count(ws.socket, INTERNET_STATUS_REQUEST_COMPLETE);
  const DWORD error = in.start(ws.socket);
  if (error == ERROR_SUCCESS) {
    REQUIRE(ws.recorder.count(ws.socket, INTERNET_STATUS_REQUEST_COMPLETE) == before);
    return {std::string(in.data.data(), in.read), in.type, false};
  }
  REQUIRE(error == ERROR_IO_PENDING);
  ws.recorder.waitFor(ws.socket, INTERNET_STATUS_REQUEST_COMPLETE, before + 1);
  const auto result = socketResult(ws.recorder.of(ws.socket).back());
  requireSuccess(result, HTTP_WEB_SOCKET_RECEIVE_OPERATION);
  REQUIRE(ws.recorder.count(ws.socket, INTERNET_STATUS_REQUEST_COMPLETE) == before + 1);
  return {std::string(in.data.data(), result.dwBytesTransferred), result.BufferType, true};
}

}  // namespace

TEST_CASE("WinINet WebSocket async: a receive with nothing buffered pends; a send pends; both complete in order") {
  for (bool secure : {false, true}) {
    INFO((secure ? "wss" : "ws"));
    AsyncWs ws(secure);
    ReceiveBuffer in(64);
    // The server says nothing until it is sent something.
    REQUIRE(in.start(ws.socket) == ERROR_IO_PENDING);
    REQUIRE(in.read == 0xdeadbeef);
    REQUIRE(send(ws.socket, "hello") == ERROR_IO_PENDING);
    ws.recorder.waitFor(ws.socket, INTERNET_STATUS_REQUEST_COMPLETE, 2);
    const auto events = ws.recorder.of(ws.socket);
    REQUIRE(events.size() == 2);
    // The echo can only come after the send is out.
    const auto sent = socketResult(events[0]);
    requireSuccess(sent, HTTP_WEB_SOCKET_SEND_OPERATION);
    REQUIRE(sent.BufferType == HTTP_WEB_SOCKET_UTF8_MESSAGE_TYPE);
    REQUIRE(sent.dwBytesTransferred == 5);
    const auto received = socketResult(events[1]);
    requireSuccess(received, HTTP_WEB_SOCKET_RECEIVE_OPERATION);
    REQUIRE(received.BufferType == HTTP_WEB_SOCKET_UTF8_MESSAGE_TYPE);
    REQUIRE(received.dwBytesTransferred == 5);
    REQUIRE(std::string(in.data.data(), 5) == "hello");

    // The close handshake pends too; the server echoes our status.
    REQUIRE(lastError([&] { return HttpWebSocketClose(ws.socket, 1000, const_cast<char*>("bye"), 3); }) ==
            ERROR_IO_PENDING);
    ws.recorder.waitFor(ws.socket, INTERNET_STATUS_REQUEST_COMPLETE, 3);
    const auto closed = socketResult(ws.recorder.of(ws.socket).back());
    requireSuccess(closed, HTTP_WEB_SOCKET_CLOSE_OPERATION);
    REQUIRE(closed.dwBytesTransferred == 0);
    requireCloseStatus(ws.socket, 1000, "bye");
    ws.closeSocket();
  }
}

TEST_CASE("WinINet WebSocket async: receives return buffered data at once and pend only when none is") {
  AsyncWs ws(false);
  const std::size_t size = 20000;
  REQUIRE(send(ws.socket, "!big " + std::to_string(size)) == ERROR_IO_PENDING);
  ws.recorder.waitFor(ws.socket, INTERNET_STATUS_REQUEST_COMPLETE);
  // Small buffers: each receive is a fragment of the message, the last one
  // ends it. Each either returns at once (no completion comes for it) or
  // pends (exactly one completion does).
  std::string message;
  std::size_t pended = 0, receives = 0;
  HTTP_WEB_SOCKET_BUFFER_TYPE last = HTTP_WEB_SOCKET_BINARY_FRAGMENT_TYPE;
  while (last == HTTP_WEB_SOCKET_BINARY_FRAGMENT_TYPE) {
    ReceiveBuffer in(100);
    ++receives;
    const Got got = receiveOnce(ws, in);
    message += got.data;
    last = got.type;
    pended += got.pended;
    REQUIRE((last == HTTP_WEB_SOCKET_BINARY_FRAGMENT_TYPE || last == HTTP_WEB_SOCKET_BINARY_MESSAGE_TYPE));
  }
  REQUIRE(message == pattern(size));
  REQUIRE(receives == size / 100);
  // The body came in far larger pieces than 100 bytes: some receives found
  // their data waiting.
  REQUIRE(pended < receives);
}

TEST_CASE("WinINet WebSocket async: closing the socket cancels its pending receive, then HANDLE_CLOSING") {
  AsyncWs ws(false);
  ReceiveBuffer in(64);
  REQUIRE(in.start(ws.socket) == ERROR_IO_PENDING);
  // One receive at a time.
  ReceiveBuffer second(64);
  REQUIRE(second.start(ws.socket) == ERROR_INVALID_OPERATION);
  HINTERNET socket = ws.socket;
  ws.closeSocket();
  const auto events = ws.recorder.of(socket);
  REQUIRE(events.size() == 2);
  requireFailure(socketResult(events[0]), HTTP_WEB_SOCKET_RECEIVE_OPERATION, ERROR_INTERNET_OPERATION_CANCELLED);
  REQUIRE(events[1].status == INTERNET_STATUS_HANDLE_CLOSING);
  // The value is dead.
  REQUIRE(send(socket, "x") == ERROR_INVALID_HANDLE);
  REQUIRE(in.start(socket) == ERROR_INVALID_HANDLE);
}

TEST_CASE("WinINet WebSocket async: closing the connect closes its socket and cancels the receive; closing the request does not") {
  AsyncWs ws(true);
  ReceiveBuffer in(64);
  REQUIRE(in.start(ws.socket) == ERROR_IO_PENDING);
  // Programs close the upgraded request at once and keep the socket.
  REQUIRE(InternetCloseHandle(ws.request));
  ws.recorder.waitFor(ws.request, INTERNET_STATUS_HANDLE_CLOSING);
  REQUIRE(ws.recorder.statusesOf(ws.socket).empty());
  REQUIRE(InternetCloseHandle(ws.connect));
  ws.recorder.waitFor(ws.socket, INTERNET_STATUS_HANDLE_CLOSING);
  ws.recorder.waitFor(ws.connect, INTERNET_STATUS_HANDLE_CLOSING);
  Sleep(50);
  REQUIRE(ws.recorder.statusesOf(ws.socket) ==
          std::vector<DWORD>{INTERNET_STATUS_REQUEST_COMPLETE, INTERNET_STATUS_HANDLE_CLOSING});
  requireFailure(socketResult(ws.recorder.of(ws.socket)[0]), HTTP_WEB_SOCKET_RECEIVE_OPERATION,
                 ERROR_INTERNET_OPERATION_CANCELLED);
  REQUIRE(send(ws.socket, "x") == ERROR_INVALID_HANDLE);
  REQUIRE_FALSE(InternetCloseHandle(ws.socket));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
  ws.socket = ws.request = ws.connect = nullptr;
}

TEST_CASE("WinINet WebSocket async: HttpWebSocketClose cancels a pending receive, which completes first") {
  AsyncWs ws(false);
  ReceiveBuffer in(64);
  REQUIRE(in.start(ws.socket) == ERROR_IO_PENDING);
  REQUIRE(lastError([&] { return HttpWebSocketClose(ws.socket, 1001, nullptr, 0); }) == ERROR_IO_PENDING);
  // A close is pending: no new receive, send or close.
  REQUIRE(in.start(ws.socket) == ERROR_INVALID_OPERATION);
  REQUIRE(send(ws.socket, "late") == ERROR_INVALID_OPERATION);
  REQUIRE(lastError([&] { return HttpWebSocketClose(ws.socket, 1000, nullptr, 0); }) == ERROR_INVALID_OPERATION);
  ws.recorder.waitFor(ws.socket, INTERNET_STATUS_REQUEST_COMPLETE, 2);
  const auto events = ws.recorder.of(ws.socket);
  REQUIRE(events.size() == 2);
  requireFailure(socketResult(events[0]), HTTP_WEB_SOCKET_RECEIVE_OPERATION, ERROR_INTERNET_OPERATION_CANCELLED);
  requireSuccess(socketResult(events[1]), HTTP_WEB_SOCKET_CLOSE_OPERATION);
  requireCloseStatus(ws.socket, 1001, "");
  ws.closeSocket();
}

TEST_CASE("WinINet WebSocket async: shutdown pends and completes; the server's close frame is then received") {
  AsyncWs ws(false);
  REQUIRE(lastError([&] { return HttpWebSocketShutdown(ws.socket, 1000, const_cast<char*>("done"), 4); }) ==
          ERROR_IO_PENDING);
  ws.recorder.waitFor(ws.socket, INTERNET_STATUS_REQUEST_COMPLETE);
  requireSuccess(socketResult(ws.recorder.of(ws.socket).back()), HTTP_WEB_SOCKET_SHUTDOWN_OPERATION);
  // The send channel is closed; a second shutdown is refused.
  REQUIRE(send(ws.socket, "x") == ERROR_INVALID_OPERATION);
  REQUIRE(lastError([&] { return HttpWebSocketShutdown(ws.socket, 1000, nullptr, 0); }) == ERROR_INVALID_OPERATION);
  ReceiveBuffer in(64);
  const Got got = receiveOnce(ws, in);
  REQUIRE(got.data.empty());
  const HTTP_WEB_SOCKET_BUFFER_TYPE type = got.type;
  REQUIRE(type == HTTP_WEB_SOCKET_CLOSE_TYPE);
  requireCloseStatus(ws.socket, 1000, "done");
  ws.closeSocket();
}

TEST_CASE("WinINet WebSocket async: a ping completes as a send of the ping type") {
  AsyncWs ws(false);
  const std::string report = "!report abc";
  REQUIRE(send(ws.socket, report, HTTP_WEB_SOCKET_PING_TYPE) == ERROR_IO_PENDING);
  ws.recorder.waitFor(ws.socket, INTERNET_STATUS_REQUEST_COMPLETE);
  const auto pinged = socketResult(ws.recorder.of(ws.socket).back());
  requireSuccess(pinged, HTTP_WEB_SOCKET_SEND_OPERATION);
  REQUIRE(pinged.BufferType == HTTP_WEB_SOCKET_PING_TYPE);
  REQUIRE(pinged.dwBytesTransferred == report.size());
  // The server's pong is consumed on the way to the text it sends after.
  std::string text;
  while (text.size() < std::strlen("pinged abc")) {
    ReceiveBuffer in(64);
    text += receiveOnce(ws, in).data;
  }
  REQUIRE(text == "pinged abc");
  // Too long for a control frame.
  REQUIRE(send(ws.socket, std::string(126, 'x'), HTTP_WEB_SOCKET_PING_TYPE) == ERROR_INVALID_PARAMETER);
  ws.closeSocket();
}

TEST_CASE("WinINet WebSocket async: a failed receive completes with the error; bad arguments fail at once") {
  AsyncWs ws(false);
  char buffer[16];
  DWORD read = 0;
  HTTP_WEB_SOCKET_BUFFER_TYPE type;
  // Refused before anything starts, with nothing sent.
  // Unlike WinHTTP's, the count and type pointers are needed here too: a
  // receive may return at once.
  REQUIRE(lastError([&] { return HttpWebSocketReceive(ws.socket, buffer, 1, nullptr, &type); }) ==
          ERROR_INVALID_PARAMETER);
  REQUIRE(lastError([&] { return HttpWebSocketSend(ws.socket, HTTP_WEB_SOCKET_UTF8_MESSAGE_TYPE, nullptr, 3); }) ==
          ERROR_INVALID_PARAMETER);
  REQUIRE(send(ws.socket, "x", HTTP_WEB_SOCKET_CLOSE_TYPE) == ERROR_INVALID_PARAMETER);
  REQUIRE(lastError([&] { return HttpWebSocketClose(ws.socket, 1000, nullptr, 3); }) == ERROR_INVALID_PARAMETER);
  const std::string tooLong(HTTP_WEB_SOCKET_MAX_CLOSE_REASON_LENGTH + 1, 'x');
  REQUIRE(lastError([&] {
            return HttpWebSocketShutdown(ws.socket, 1000, const_cast<char*>(tooLong.data()), DWORD(tooLong.size()));
          }) == ERROR_INVALID_PARAMETER);
  REQUIRE(lastError([&] { return HttpWebSocketSend(ws.request, HTTP_WEB_SOCKET_UTF8_MESSAGE_TYPE, buffer, 1); }) ==
          ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  REQUIRE(lastError([&] { return HttpWebSocketReceive(nullptr, buffer, 1, &read, &type); }) == ERROR_INVALID_HANDLE);
  REQUIRE(ws.recorder.of(ws.socket).empty());

  // The server drops the connection: the pending receive fails.
  ReceiveBuffer in(64);
  REQUIRE(in.start(ws.socket) == ERROR_IO_PENDING);
  REQUIRE(send(ws.socket, "!drop") == ERROR_IO_PENDING);
  ws.recorder.waitFor(ws.socket, INTERNET_STATUS_REQUEST_COMPLETE, 2);
  const auto events = ws.recorder.of(ws.socket);
  REQUIRE(events.size() == 2);
  requireSuccess(socketResult(events[0]), HTTP_WEB_SOCKET_SEND_OPERATION);
  const auto failed = socketResult(events[1]);
  REQUIRE(failed.Operation == HTTP_WEB_SOCKET_RECEIVE_OPERATION);
  REQUIRE(failed.AsyncResult.dwResult == FALSE);
  REQUIRE(failed.AsyncResult.dwError != ERROR_SUCCESS);
  REQUIRE(failed.AsyncResult.dwError != ERROR_IO_PENDING);
  ws.closeSocket();
}

TEST_CASE("WinINet WebSocket: a synchronous socket handle is reported in HANDLE_CREATED and HANDLE_CLOSING too") {
  AsyncWs ws(false, 0);
  REQUIRE(send(ws.socket, "sync") == ERROR_SUCCESS);
  ReceiveBuffer in(64);
  REQUIRE(in.start(ws.socket) == ERROR_SUCCESS);
  REQUIRE(std::string(in.data.data(), in.read) == "sync");
  REQUIRE(ws.recorder.of(ws.socket).empty());
  HINTERNET socket = ws.socket;
  // Synchronous mode: HANDLE_CLOSING comes before InternetCloseHandle returns.
  REQUIRE(InternetCloseHandle(socket));
  ws.socket = nullptr;
  REQUIRE(ws.recorder.statusesOf(socket) == std::vector<DWORD>{INTERNET_STATUS_HANDLE_CLOSING});
}

TEST_CASE("WinINet WebSocket async: the socket takes a callback of its own; its completions go there") {
  AsyncWs ws(false);
  Recorder& own = newRecorder();
  // The context stays the one HttpWebSocketCompleteUpgrade gave; the
  // callback is the socket's alone.
  ownRecorder = &own;
  REQUIRE(InternetSetStatusCallbackA(ws.socket, recordToOwn) == record);
  REQUIRE(send(ws.socket, "mine") == ERROR_IO_PENDING);
  own.waitFor(ws.socket, INTERNET_STATUS_REQUEST_COMPLETE);
  requireSuccess(socketResult(own.of(ws.socket).back()), HTTP_WEB_SOCKET_SEND_OPERATION);
  REQUIRE(ws.recorder.of(ws.socket).empty());
  // The request keeps its own.
  REQUIRE(InternetSetStatusCallbackA(ws.request, record) == record);
  HINTERNET socket = ws.socket;
  REQUIRE(InternetCloseHandle(socket));
  ws.socket = nullptr;
  own.waitFor(socket, INTERNET_STATUS_HANDLE_CLOSING);
  REQUIRE(ws.recorder.of(socket).empty());
}
