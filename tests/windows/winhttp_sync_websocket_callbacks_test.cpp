// Status callbacks of a WebSocket handle made by a synchronous WinHTTP
// session. As for the session's other handles, they come on the calling
// thread during the call: HANDLE_CREATED from WinHttpWebSocketCompleteUpgrade
// and HANDLE_CLOSING from WinHttpCloseHandle, before it returns. The
// operations themselves report nothing in synchronous mode: their news is
// the call's own return (Wine's winhttp notification tests record the
// asynchronous sequence from Windows; there the operations complete with
// READ_COMPLETE, WRITE_COMPLETE, ... and the socket's HANDLE_CLOSING still
// comes before its request's).
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <algorithm>
#include <atomic>
#include <iterator>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "test_servers.h"
#include "winhttp_helpers.h"

namespace {

struct Note {
  HINTERNET handle;
  DWORD status;
  DWORD thread;
  std::string call;  // the test thread's call in progress, "between" outside any
  bool infoIsHandle;  // HANDLE_CREATED / HANDLE_CLOSING: the information is the handle
};

// Every notification of the request and the socket, in order. A callback
// may also come from another thread (a HANDLE_CLOSING that waited for a
// call to let go), hence the lock.
struct SocketRecorder {
  const DWORD thread = GetCurrentThreadId();
  std::mutex mutex;
  std::string call = "between";
  std::vector<Note> notes;
  HANDLE closing = CreateEventW(nullptr, TRUE, FALSE, nullptr);  // the socket's HANDLE_CLOSING came
  HINTERNET socket = nullptr;
  // What the callback does on top of recording.
  bool closeSocketOnCreated = false;
  bool closeSocketOnRequestClosing = false;
  HINTERNET request = nullptr;
  ~SocketRecorder() { CloseHandle(closing); }

  template <class Call>
  void during(const char* name, Call&& run) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      call = name;
    }
    run();
    std::lock_guard<std::mutex> lock(mutex);
    call = "between";
  }
  std::vector<Note> of(HINTERNET handle) {
    std::lock_guard<std::mutex> lock(mutex);
    std::vector<Note> out;
    std::copy_if(notes.begin(), notes.end(), std::back_inserter(out),
                 [handle](const Note& note) { return note.handle == handle; });
    return out;
  }
};

void CALLBACK recordSocket(HINTERNET handle, DWORD_PTR context, DWORD status, LPVOID info, DWORD length) {
  auto* r = reinterpret_cast<SocketRecorder*>(context);
  if (!r) return;
  const bool infoIsHandle = length == sizeof(HINTERNET) && info && *static_cast<HINTERNET*>(info) == handle;
  bool closeSocket = false;
  {
    std::lock_guard<std::mutex> lock(r->mutex);
    r->notes.push_back({handle, status, GetCurrentThreadId(), r->call, infoIsHandle});
    if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED && handle != r->request && r->closeSocketOnCreated)
      closeSocket = true;
    if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING && handle == r->request && r->closeSocketOnRequestClosing)
      closeSocket = true;
  }
  if (closeSocket) {
    std::string inner = status == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED ? "close in HANDLE_CREATED"
                                                                         : "close in request's HANDLE_CLOSING";
    HINTERNET socket = handle;
    std::string outer;
    {
      std::lock_guard<std::mutex> lock(r->mutex);
      if (status != WINHTTP_CALLBACK_STATUS_HANDLE_CREATED) socket = r->socket;
      outer = r->call;
      r->call = inner;
    }
    WinHttpCloseHandle(socket);
    std::lock_guard<std::mutex> lock(r->mutex);
    r->call = outer;
  }
  if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING && handle != r->request) SetEvent(r->closing);
}

// A synchronous session's request to /ws/echo, upgraded; the request's
// notifications and the socket's go to `recorder`.
struct SyncSocket {
  WinHttpHandle session;
  WinHttpHandle connect;
  HINTERNET request = nullptr;
  HINTERNET socket = nullptr;
  SocketRecorder& recorder;

  explicit SyncSocket(SocketRecorder& r)
      : session(WinHttpOpen(L"hinternet-sync-ws", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0)), recorder(r) {
    REQUIRE(session.h);
    connect.h = WinHttpConnect(session, L"127.0.0.1", edgePort(), 0);
    REQUIRE(connect.h);
    request = openGet(connect, L"/ws/echo");
    recorder.request = request;
    REQUIRE(WinHttpSetStatusCallback(request, recordSocket, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0) == nullptr);
    SocketRecorder* context = &recorder;
    REQUIRE(WinHttpSetOption(request, WINHTTP_OPTION_CONTEXT_VALUE, &context, sizeof(context)));
    REQUIRE(WinHttpSetOption(request, WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET, nullptr, 0));
    REQUIRE(sendAndReceive(request));
    REQUIRE(statusCode(request) == 101);
  }
  ~SyncSocket() {
    if (socket) WinHttpCloseHandle(socket);
    if (request) WinHttpCloseHandle(request);
  }
  HINTERNET upgrade() {
    recorder.during("WinHttpWebSocketCompleteUpgrade", [&] {
      SetLastError(0xdeadbeef);
      socket = WinHttpWebSocketCompleteUpgrade(request, reinterpret_cast<DWORD_PTR>(&recorder));
      REQUIRE(GetLastError() == ERROR_SUCCESS);
    });
    REQUIRE(socket);
    std::lock_guard<std::mutex> lock(recorder.mutex);
    recorder.socket = socket;
    return socket;
  }
};

DWORD sendText(HINTERNET socket, const std::string& text) {
  return WinHttpWebSocketSend(socket, WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE, const_cast<char*>(text.data()),
                              static_cast<DWORD>(text.size()));
}

DWORD receiveText(HINTERNET socket, std::string& text) {
  char buffer[256];
  DWORD read = 0;
  WINHTTP_WEB_SOCKET_BUFFER_TYPE type;
  const DWORD error = WinHttpWebSocketReceive(socket, buffer, sizeof(buffer), &read, &type);
  if (!error) text.assign(buffer, read);
  return error;
}

std::vector<DWORD> statuses(const std::vector<Note>& notes) {
  std::vector<DWORD> out;
  for (const Note& note : notes) out.push_back(note.status);
  return out;
}

}  // namespace

TEST_CASE("WinHTTP sync WebSocket: HANDLE_CREATED and HANDLE_CLOSING come on the calling thread, the operations report nothing") {
  SocketRecorder recorder;
  SyncSocket s(recorder);
  const std::size_t requestNotes = recorder.of(s.request).size();
  HINTERNET socket = s.upgrade();

  // HANDLE_CREATED: the one notification of the upgrade, the socket's, with
  // the context WinHttpWebSocketCompleteUpgrade was given.
  std::vector<Note> notes = recorder.of(socket);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].status == WINHTTP_CALLBACK_STATUS_HANDLE_CREATED);
  CHECK(notes[0].infoIsHandle);
  CHECK(notes[0].thread == recorder.thread);
  CHECK(notes[0].call == "WinHttpWebSocketCompleteUpgrade");
  CHECK(recorder.of(s.request).size() == requestNotes);

  recorder.during("WinHttpWebSocketSend", [&] { REQUIRE(sendText(socket, "hello") == ERROR_SUCCESS); });
  std::string echoed;
  recorder.during("WinHttpWebSocketReceive", [&] { REQUIRE(receiveText(socket, echoed) == ERROR_SUCCESS); });
  CHECK(echoed == "hello");
  recorder.during("WinHttpWebSocketShutdown",
                  [&] { REQUIRE(WinHttpWebSocketShutdown(socket, 1000, nullptr, 0) == ERROR_SUCCESS); });
  // The server answers the shutdown with its close.
  recorder.during("WinHttpWebSocketReceive", [&] {
    char buffer[16];
    DWORD read = 0;
    WINHTTP_WEB_SOCKET_BUFFER_TYPE type;
    REQUIRE(WinHttpWebSocketReceive(socket, buffer, sizeof(buffer), &read, &type) == ERROR_SUCCESS);
    CHECK(type == WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE);
  });
  recorder.during("WinHttpWebSocketClose",
                  [&] { REQUIRE(WinHttpWebSocketClose(socket, 1000, nullptr, 0) == ERROR_SUCCESS); });
  USHORT status = 0;
  DWORD reasonLength = 0;
  char reason[WINHTTP_WEB_SOCKET_MAX_CLOSE_REASON_LENGTH];
  REQUIRE(WinHttpWebSocketQueryCloseStatus(socket, &status, reason, sizeof(reason), &reasonLength) == ERROR_SUCCESS);
  CHECK(status == 1000);
  CHECK(recorder.of(socket).size() == 1);

  // HANDLE_CLOSING comes before WinHttpCloseHandle returns, on this thread,
  // with the handle as its information; then nothing more.
  recorder.during("WinHttpCloseHandle(socket)", [&] { REQUIRE(WinHttpCloseHandle(socket)); });
  s.socket = nullptr;
  notes = recorder.of(socket);
  REQUIRE(statuses(notes) ==
          std::vector<DWORD>{WINHTTP_CALLBACK_STATUS_HANDLE_CREATED, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING});
  CHECK(notes[1].thread == recorder.thread);
  CHECK(notes[1].call == "WinHttpCloseHandle(socket)");
  CHECK(notes[1].infoIsHandle);

  // The request goes on as any request of the session: its own
  // HANDLE_CLOSING, before its close returns.
  const std::size_t before = recorder.of(s.request).size();
  HINTERNET request = s.request;
  s.request = nullptr;
  recorder.during("WinHttpCloseHandle(request)", [&] { REQUIRE(WinHttpCloseHandle(request)); });
  notes = recorder.of(request);
  REQUIRE(notes.size() == before + 1);
  CHECK(notes.back().status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
  CHECK(notes.back().call == "WinHttpCloseHandle(request)");
  CHECK(recorder.of(socket).size() == 2);
}

TEST_CASE("WinHTTP sync WebSocket: the socket outlives its request; closing the request first reports only the request") {
  SocketRecorder recorder;
  SyncSocket s(recorder);
  HINTERNET socket = s.upgrade();
  HINTERNET request = s.request;
  s.request = nullptr;
  recorder.during("WinHttpCloseHandle(request)", [&] { REQUIRE(WinHttpCloseHandle(request)); });
  CHECK(statuses(recorder.of(request)).back() == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
  CHECK(recorder.of(socket).size() == 1);  // its HANDLE_CREATED
  REQUIRE(sendText(socket, "still open") == ERROR_SUCCESS);
  std::string echoed;
  REQUIRE(receiveText(socket, echoed) == ERROR_SUCCESS);
  CHECK(echoed == "still open");
  recorder.during("WinHttpCloseHandle(socket)", [&] { REQUIRE(WinHttpCloseHandle(socket)); });
  s.socket = nullptr;
  const std::vector<Note> notes = recorder.of(socket);
  REQUIRE(statuses(notes) ==
          std::vector<DWORD>{WINHTTP_CALLBACK_STATUS_HANDLE_CREATED, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING});
  CHECK(notes[1].thread == recorder.thread);
  CHECK(notes[1].call == "WinHttpCloseHandle(socket)");
}

TEST_CASE("WinHTTP sync WebSocket: a callback closes the socket") {
  SocketRecorder recorder;
  SyncSocket s(recorder);

  SECTION("from its own HANDLE_CREATED: HANDLE_CLOSING follows once the upgrade call has let go, once") {
    recorder.closeSocketOnCreated = true;
    HINTERNET socket = s.upgrade();  // the value, though already closed
    s.socket = nullptr;
    REQUIRE(WaitForSingleObject(recorder.closing, 10000) == WAIT_OBJECT_0);
    SetLastError(0);
    CHECK(sendText(socket, "gone") == ERROR_INVALID_HANDLE);
    CHECK_FALSE(WinHttpCloseHandle(socket));
    CHECK(GetLastError() == ERROR_INVALID_HANDLE);
    const std::vector<Note> notes = recorder.of(socket);
    REQUIRE(statuses(notes) ==
            std::vector<DWORD>{WINHTTP_CALLBACK_STATUS_HANDLE_CREATED, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING});
    CHECK(notes[0].thread == recorder.thread);
    CHECK(notes[1].infoIsHandle);
  }
  SECTION("from the request's HANDLE_CLOSING: the socket's comes inside it, before the request's close returns") {
    HINTERNET socket = s.upgrade();
    s.socket = nullptr;
    recorder.closeSocketOnRequestClosing = true;
    HINTERNET request = s.request;
    s.request = nullptr;
    recorder.during("WinHttpCloseHandle(request)", [&] { REQUIRE(WinHttpCloseHandle(request)); });
    const std::vector<Note> notes = recorder.of(socket);
    REQUIRE(statuses(notes) ==
            std::vector<DWORD>{WINHTTP_CALLBACK_STATUS_HANDLE_CREATED, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING});
    CHECK(notes[1].thread == recorder.thread);
    CHECK(notes[1].call == "close in request's HANDLE_CLOSING");
    CHECK(WaitForSingleObject(recorder.closing, 0) == WAIT_OBJECT_0);
  }
}

TEST_CASE("WinHTTP sync WebSocket: a close from another thread during a receive delivers HANDLE_CLOSING by the time both return") {
  // The receive may be blocked already, or about to start, or not yet have
  // found the handle: whichever, once it and the close have returned the
  // socket's HANDLE_CLOSING has come, exactly once, and nothing after it.
  for (int round = 0; round < 10; ++round) {
    INFO("round " << round);
    // Never freed: a HANDLE_CLOSING that came late must not find it gone.
    SocketRecorder& recorder = *new SocketRecorder;
    SyncSocket s(recorder);
    HINTERNET socket = s.upgrade();
    s.socket = nullptr;
    std::atomic<bool> go{false};
    DWORD receiveError = 0;
    std::thread reader([&] {
      while (!go.load()) {
      }
      std::string text;
      receiveError = receiveText(socket, text);
    });
    go = true;
    for (volatile int spin = 0; spin < round * 20000; ++spin) {
    }
    REQUIRE(WinHttpCloseHandle(socket));
    reader.join();
    CHECK((receiveError == ERROR_WINHTTP_OPERATION_CANCELLED || receiveError == ERROR_INVALID_HANDLE));
    REQUIRE(statuses(recorder.of(socket)) ==
            std::vector<DWORD>{WINHTTP_CALLBACK_STATUS_HANDLE_CREATED, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING});
  }
}
