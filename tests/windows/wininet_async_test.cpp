// WinINet asynchronous mode (INTERNET_FLAG_ASYNC): calls that cannot finish
// at once fail with ERROR_IO_PENDING and complete with REQUEST_COMPLETE;
// reads return buffered data at once; closing cancels; and two downloads
// overlap (the scenario of the "Asynchronous Operation" page), proven by
// events: one body is held by the server until the test releases it.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <atomic>
#include <string>
#include <vector>

#include "test_servers.h"
#include "wininet_async_helpers.h"
#include "wininet_helpers.h"
#include "wininet_status_recorder.h"

namespace {

HINTERNET asyncSession(StatusRecorder& recorder, bool wide = false) {
  (void)recorder;
  HINTERNET session = InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, INTERNET_FLAG_ASYNC);
  REQUIRE(session);
  if (wide)
    InternetSetStatusCallbackW(session, StatusRecorder::callbackW);
  else
    InternetSetStatusCallbackA(session, StatusRecorder::callbackA);
  return session;
}

}  // namespace

TEST_CASE("WinINet async: HttpSendRequest pends, notifies in order, completes with REQUEST_COMPLETE") {
  for (const bool wide : {false, true}) {
    INFO((wide ? "W" : "A"));
    StatusRecorder& recorder = newRecorder();
    InetHandle session(asyncSession(recorder, wide));
    // InternetConnect and HttpOpenRequest finish at once: HANDLE_CREATED,
    // their handle, and no REQUEST_COMPLETE.
    InetHandle connect(InternetConnectA(session, "127.0.0.1", httpPort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0,
                                        recorder.context()));
    REQUIRE(connect.h);
    HINTERNET request = HttpOpenRequestA(connect, "GET", "/hello.txt", nullptr, nullptr, nullptr,
                                         INTERNET_FLAG_RELOAD, recorder.context());
    REQUIRE(request);
    REQUIRE(recorder.statuses() ==
            std::vector<DWORD>{INTERNET_STATUS_HANDLE_CREATED, INTERNET_STATUS_HANDLE_CREATED});

    SetLastError(0xdeadbeef);
    REQUIRE_FALSE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
    REQUIRE(GetLastError() == ERROR_IO_PENDING);
    REQUIRE(recorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE));
    std::vector<DWORD> seen = recorder.statuses(request);
    const std::vector<DWORD> exchange = {INTERNET_STATUS_SENDING_REQUEST, INTERNET_STATUS_REQUEST_SENT,
                                         INTERNET_STATUS_RECEIVING_RESPONSE, INTERNET_STATUS_RESPONSE_RECEIVED,
                                         INTERNET_STATUS_REQUEST_COMPLETE};
    std::vector<DWORD> expected = exchange;
    if (seen.front() == INTERNET_STATUS_RESOLVING_NAME)
      expected.insert(expected.begin(), {INTERNET_STATUS_RESOLVING_NAME, INTERNET_STATUS_NAME_RESOLVED,
                                         INTERNET_STATUS_CONNECTING_TO_SERVER, INTERNET_STATUS_CONNECTED_TO_SERVER});
    REQUIRE(seen == expected);
    const Notice done = recorder.last(INTERNET_STATUS_REQUEST_COMPLETE);
    REQUIRE(done.result == TRUE);
    REQUIRE(done.error == ERROR_SUCCESS);
    REQUIRE(done.lengthRight);
    for (const Notice& notice : recorder.notices()) REQUIRE(notice.lengthRight);

    REQUIRE(statusOf(request) == 200);
    REQUIRE(readAllAsync(request, recorder) == "hello from hinternet\n");
    REQUIRE(InternetCloseHandle(request));
    REQUIRE(recorder.waitFor(INTERNET_STATUS_HANDLE_CLOSING));
    REQUIRE(recorder.statuses().back() == INTERNET_STATUS_HANDLE_CLOSING);
  }
}

TEST_CASE("WinINet async: InternetOpenUrl reports its handle in HANDLE_CREATED, then REQUEST_COMPLETE") {
  StatusRecorder& recorder = newRecorder();
  InetHandle session(asyncSession(recorder));
  SetLastError(0xdeadbeef);
  REQUIRE(InternetOpenUrlA(session, edgeUrl("/chunked/3/10").c_str(), nullptr, 0, INTERNET_FLAG_RELOAD,
                           recorder.context()) == nullptr);
  REQUIRE(GetLastError() == ERROR_IO_PENDING);
  REQUIRE(recorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE));
  const std::vector<Notice> notices = recorder.notices();
  REQUIRE(notices.front().status == INTERNET_STATUS_HANDLE_CREATED);
  REQUIRE(notices.front().handle == session.h);
  HINTERNET file = reinterpret_cast<HINTERNET>(notices.front().result);
  REQUIRE(file);
  const Notice done = recorder.last(INTERNET_STATUS_REQUEST_COMPLETE);
  REQUIRE(done.result == reinterpret_cast<DWORD_PTR>(file));
  REQUIRE(done.error == ERROR_SUCCESS);
  // The connect handle InternetOpenUrl makes inside is never reported.
  for (const Notice& notice : notices) REQUIRE((notice.handle == session.h || notice.handle == file));
  REQUIRE(statusOf(file) == 200);
  REQUIRE(readAllAsync(file, recorder) == std::string("abcdefghijklmnopqrstuvwxyzabcd"));
  REQUIRE(InternetCloseHandle(file));
  REQUIRE(recorder.waitFor(INTERNET_STATUS_HANDLE_CLOSING));
  REQUIRE(recorder.countOf(INTERNET_STATUS_HANDLE_CLOSING) == 1);
  REQUIRE(recorder.statuses().back() == INTERNET_STATUS_HANDLE_CLOSING);
}

TEST_CASE("WinINet async: data buffered returns at once; none pends; zero bytes only at the end") {
  StatusRecorder& recorder = newRecorder();
  const std::string gate = gateName("query");
  RecordedConnection server(recorder, edgePort(), INTERNET_FLAG_ASYNC);
  HINTERNET connect = server.connect;
  InetHandle request(HttpOpenRequestA(connect, "GET", ("/gate/" + gate).c_str(), nullptr, nullptr, nullptr,
                                      INTERNET_FLAG_RELOAD, recorder.context()));
  REQUIRE_FALSE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(GetLastError() == ERROR_IO_PENDING);
  REQUIRE(recorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE, 1));

  // The body is held: the question pends (a second call would wait for it:
  // wininet_call_queue_test.cpp).
  DWORD available = 1234;
  REQUIRE_FALSE(InternetQueryDataAvailable(request, &available, 0, 0));
  REQUIRE(GetLastError() == ERROR_IO_PENDING);
  REQUIRE(available == 0);
  REQUIRE(recorder.countOf(INTERNET_STATUS_REQUEST_COMPLETE) == 1);

  openGate(gate);
  REQUIRE(recorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE, 2));
  REQUIRE(recorder.last(INTERNET_STATUS_REQUEST_COMPLETE).result == TRUE);
  REQUIRE(recorder.last(INTERNET_STATUS_REQUEST_COMPLETE).error == ERROR_SUCCESS);
  const std::string body = "gate " + gate + "\n";
  // The count comes where the call was asked to put it.
  REQUIRE(available > 0);
  REQUIRE(available <= body.size());
  char buffer[64];
  DWORD read = 0;
  // Now buffered: answered at once.
  REQUIRE(InternetQueryDataAvailable(request, &available, 0, 0));
  REQUIRE(available == body.size());
  INTERNET_BUFFERSA buffers{};
  buffers.dwStructSize = sizeof(buffers);
  buffers.lpvBuffer = buffer;
  buffers.dwBufferLength = 4;
  REQUIRE(InternetReadFileExA(request, &buffers, IRF_NO_WAIT, 0));
  REQUIRE(buffers.dwBufferLength == 4);
  std::string got(buffer, 4);
  buffers.dwBufferLength = sizeof(buffer);
  REQUIRE(InternetReadFileExA(request, &buffers, IRF_ASYNC, 0));
  got.append(buffer, buffers.dwBufferLength);
  REQUIRE(got == body);
  // The end (a read may pend until the transfer knows it), then TRUE with
  // nothing every time, at once.
  REQUIRE(readAllAsync(request, recorder).empty());
  const std::size_t completions = recorder.countOf(INTERNET_STATUS_REQUEST_COMPLETE);
  REQUIRE(InternetReadFile(request, buffer, sizeof(buffer), &read));
  REQUIRE(read == 0);
  buffers.dwBufferLength = sizeof(buffer);
  REQUIRE(InternetReadFileExA(request, &buffers, IRF_NO_WAIT, 0));
  REQUIRE(buffers.dwBufferLength == 0);
  REQUIRE(InternetQueryDataAvailable(request, &available, 0, 0));
  REQUIRE(available == 0);
  REQUIRE(recorder.countOf(INTERNET_STATUS_REQUEST_COMPLETE) == completions);

  buffers.dwStructSize = 0;
  REQUIRE_FALSE(InternetReadFileExA(request, &buffers, 0, 0));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
}

TEST_CASE("WinINet async: closing cancels a pending read; its completion comes, then HANDLE_CLOSING") {
  StatusRecorder& recorder = newRecorder();
  const std::string gate = gateName("cancel");
  RecordedConnection server(recorder, edgePort(), INTERNET_FLAG_ASYNC);
  HINTERNET connect = server.connect;
  HINTERNET request = HttpOpenRequestA(connect, "GET", ("/gate/" + gate).c_str(), nullptr, nullptr, nullptr,
                                       INTERNET_FLAG_RELOAD, recorder.context());
  REQUIRE_FALSE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(recorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE, 1));
  static char buffer[64];
  static DWORD read = 0;
  REQUIRE_FALSE(InternetReadFile(request, buffer, sizeof(buffer), &read));
  REQUIRE(GetLastError() == ERROR_IO_PENDING);

  REQUIRE(InternetCloseHandle(request));
  // Later calls fail at once.
  DWORD available = 0;
  REQUIRE_FALSE(InternetQueryDataAvailable(request, &available, 0, 0));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
  REQUIRE(recorder.waitFor(INTERNET_STATUS_HANDLE_CLOSING));
  const std::vector<DWORD> seen = recorder.statuses(request);
  REQUIRE(seen.size() >= 2);
  REQUIRE(std::vector<DWORD>(seen.end() - 2, seen.end()) ==
          std::vector<DWORD>{INTERNET_STATUS_REQUEST_COMPLETE, INTERNET_STATUS_HANDLE_CLOSING});
  REQUIRE(recorder.last(INTERNET_STATUS_REQUEST_COMPLETE).result == FALSE);
  REQUIRE(recorder.last(INTERNET_STATUS_REQUEST_COMPLETE).error == ERROR_INTERNET_OPERATION_CANCELLED);
  REQUIRE(recorder.countOf(INTERNET_STATUS_HANDLE_CLOSING) == 1);
  openGate(gate);
}

TEST_CASE("WinINet async: a callback may close its own request; HANDLE_CLOSING comes once, last") {
  StatusRecorder& recorder = newRecorder();
  RecordedConnection server(recorder, httpPort(), INTERNET_FLAG_ASYNC);
  HINTERNET connect = server.connect;
  HINTERNET request = HttpOpenRequestA(connect, "GET", "/hello.txt", nullptr, nullptr, nullptr, INTERNET_FLAG_RELOAD,
                                       recorder.context());
  // Static, as the recorder is never freed: should a REQUIRE fail before
  // onNotice is cleared, a late REQUEST_COMPLETE still finds the flag.
  static std::atomic<bool> closedOk;
  closedOk = false;
  recorder.onNotice = [&](const Notice& notice) {
    if (notice.status == INTERNET_STATUS_REQUEST_COMPLETE) closedOk = InternetCloseHandle(notice.handle);
  };
  REQUIRE_FALSE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(GetLastError() == ERROR_IO_PENDING);
  REQUIRE(recorder.waitFor(INTERNET_STATUS_HANDLE_CLOSING));
  recorder.onNotice = nullptr;
  REQUIRE(closedOk);
  const std::vector<DWORD> seen = recorder.statuses(request);
  REQUIRE(std::vector<DWORD>(seen.end() - 2, seen.end()) ==
          std::vector<DWORD>{INTERNET_STATUS_REQUEST_COMPLETE, INTERNET_STATUS_HANDLE_CLOSING});
  REQUIRE(recorder.countOf(INTERNET_STATUS_HANDLE_CLOSING) == 1);
}

TEST_CASE("WinINet: HttpSendRequestEx + InternetWriteFile + HttpEndRequest stream a body, sync and async") {
  for (const bool async : {false, true}) {
    INFO((async ? "async" : "sync"));
    StatusRecorder& recorder = newRecorder();
    RecordedConnection server(recorder, edgePort(), async ? INTERNET_FLAG_ASYNC : 0);
    HINTERNET connect = server.connect;
    InetHandle request(HttpOpenRequestA(connect, "POST", "/echo", nullptr, nullptr, nullptr, INTERNET_FLAG_RELOAD,
                                        recorder.context()));
    std::size_t completions = 0;
    auto settle = [&](BOOL ok) {
      if (!async) {
        REQUIRE(ok);
        return;
      }
      REQUIRE_FALSE(ok);
      REQUIRE(GetLastError() == ERROR_IO_PENDING);
      REQUIRE(recorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE, ++completions));
      REQUIRE(recorder.last(INTERNET_STATUS_REQUEST_COMPLETE).error == ERROR_SUCCESS);
    };
    char first[] = "first-";
    INTERNET_BUFFERSA in{};
    in.dwStructSize = sizeof(in);
    in.lpcszHeader = "X-Test: streamed\r\n";
    in.dwHeadersLength = DWORD(-1);
    in.lpvBuffer = first;
    in.dwBufferLength = 6;
    in.dwBufferTotal = 6 + 2 * 5;
    settle(HttpSendRequestExA(request, &in, nullptr, 0, recorder.context()));
    // Before HttpEndRequest there is no response to wait for or read.
    char buffer[8];
    DWORD count = 0;
    REQUIRE_FALSE(InternetReadFile(request, buffer, sizeof(buffer), &count));
    REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    REQUIRE_FALSE(HttpEndRequestA(request, nullptr, 0, 0));
    REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    for (const char* part : {"part1", "part2"}) {
      DWORD written = 0;
      REQUIRE(InternetWriteFile(request, part, 5, &written));
      REQUIRE(written == 5);
    }
    settle(HttpEndRequestA(request, nullptr, 0, 0));
    // The send, each write, then the response head (the reads after it add
    // theirs as they wait).
    const std::vector<DWORD> ended = without(recorder.statuses(request.h), {INTERNET_STATUS_REQUEST_COMPLETE});
    const std::vector<DWORD> tail = {INTERNET_STATUS_SENDING_REQUEST,    INTERNET_STATUS_REQUEST_SENT,
                                     INTERNET_STATUS_SENDING_REQUEST,    INTERNET_STATUS_REQUEST_SENT,
                                     INTERNET_STATUS_SENDING_REQUEST,    INTERNET_STATUS_REQUEST_SENT,
                                     INTERNET_STATUS_RECEIVING_RESPONSE, INTERNET_STATUS_RESPONSE_RECEIVED};
    REQUIRE(std::vector<DWORD>(ended.end() - tail.size(), ended.end()) == tail);
    REQUIRE(statusOf(request) == 200);
    char header[128];
    DWORD size = sizeof(header);
    strcpy(header, "X-Echo-Body-Length");
    REQUIRE(HttpQueryInfoA(request, HTTP_QUERY_CUSTOM, header, &size, nullptr));
    REQUIRE(std::string(header) == "16");
    const std::string echoed = async ? readAllAsync(request, recorder) : readAll(request);
    REQUIRE(echoed.find("Content-Length: 16\r\n") != std::string::npos);
    REQUIRE(echoed.find("X-Test: streamed\r\n") != std::string::npos);
    REQUIRE(echoed.substr(echoed.size() - 16) == "first-part1part2");
  }
}

TEST_CASE("WinINet async: two downloads overlap; the fast one finishes while the slow one is held") {
  // The "Asynchronous Operation" scenario: one program fetches from a slow
  // site and a fast one at once. The slow site here holds its body until
  // the test opens the gate, which it does only after the fast download has
  // been read to its end: had the two not overlapped, that could not be.
  StatusRecorder& slowRecorder = newRecorder();
  StatusRecorder& fastRecorder = newRecorder();
  InetHandle session(InternetOpenW(L"t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, INTERNET_FLAG_ASYNC));
  InternetSetStatusCallbackW(session, StatusRecorder::callbackW);
  const std::string gate = gateName("overlap");
  const std::wstring slowUrl = L"http://127.0.0.1:" + std::to_wstring(edgePort()) + L"/gate/" +
                               std::wstring(gate.begin(), gate.end());
  const std::wstring fastUrl = L"http://127.0.0.1:" + std::to_wstring(httpPort()) + L"/hello.txt";
  REQUIRE(InternetOpenUrlW(session, slowUrl.c_str(), nullptr, 0, INTERNET_FLAG_RELOAD, slowRecorder.context()) ==
          nullptr);
  REQUIRE(GetLastError() == ERROR_IO_PENDING);
  REQUIRE(InternetOpenUrlW(session, fastUrl.c_str(), nullptr, 0, INTERNET_FLAG_RELOAD, fastRecorder.context()) ==
          nullptr);
  REQUIRE(GetLastError() == ERROR_IO_PENDING);

  // The slow one has its response head (the edge server sends it at once)
  // and then waits for its body.
  REQUIRE(slowRecorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE));
  HINTERNET slow = reinterpret_cast<HINTERNET>(slowRecorder.last(INTERNET_STATUS_REQUEST_COMPLETE).result);
  REQUIRE(slow);
  char slowBuffer[64];
  DWORD slowRead = 0;
  REQUIRE_FALSE(InternetReadFile(slow, slowBuffer, sizeof(slowBuffer), &slowRead));
  REQUIRE(GetLastError() == ERROR_IO_PENDING);

  // Meanwhile the fast one completes, whole.
  REQUIRE(fastRecorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE));
  HINTERNET fast = reinterpret_cast<HINTERNET>(fastRecorder.last(INTERNET_STATUS_REQUEST_COMPLETE).result);
  REQUIRE(fast);
  REQUIRE(readAllAsync(fast, fastRecorder) == "hello from hinternet\n");
  REQUIRE(slowRecorder.countOf(INTERNET_STATUS_REQUEST_COMPLETE) == 1);  // still held

  openGate(gate);
  REQUIRE(slowRecorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE, 2));
  std::string slowBody(slowBuffer, slowRead);
  slowBody += readAllAsync(slow, slowRecorder);
  REQUIRE(slowBody == "gate " + gate + "\n");
  REQUIRE(InternetCloseHandle(fast));
  REQUIRE(InternetCloseHandle(slow));
  REQUIRE(fastRecorder.waitFor(INTERNET_STATUS_HANDLE_CLOSING));
  REQUIRE(slowRecorder.waitFor(INTERNET_STATUS_HANDLE_CLOSING));
}

TEST_CASE("WinINet async: IRF_NO_WAIT pends without reading; the next call gets the data") {
  StatusRecorder& recorder = newRecorder();
  InetHandle session(asyncSession(recorder));
  const std::string gate = gateName("nowait");
  REQUIRE(InternetOpenUrlA(session, edgeUrl("/gate/" + gate).c_str(), nullptr, 0, INTERNET_FLAG_RELOAD,
                           recorder.context()) == nullptr);
  REQUIRE(recorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE));
  InetHandle file(reinterpret_cast<HINTERNET>(recorder.last(INTERNET_STATUS_REQUEST_COMPLETE).result));
  REQUIRE(file.h);
  char buffer[64];
  INTERNET_BUFFERSW buffers{};
  buffers.dwStructSize = sizeof(buffers);
  buffers.lpvBuffer = buffer;
  buffers.dwBufferLength = sizeof(buffer);
  REQUIRE_FALSE(InternetReadFileExW(file, &buffers, IRF_NO_WAIT, 0));
  REQUIRE(GetLastError() == ERROR_IO_PENDING);
  openGate(gate);
  REQUIRE(recorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE, 2));
  REQUIRE(recorder.last(INTERNET_STATUS_REQUEST_COMPLETE).error == ERROR_SUCCESS);
  REQUIRE(buffers.dwBufferLength == sizeof(buffer));  // untouched
  REQUIRE(InternetReadFileExW(file, &buffers, IRF_NO_WAIT, 0));
  REQUIRE(std::string(buffer, buffers.dwBufferLength) == "gate " + gate + "\n");
}

TEST_CASE("WinINet: the streaming and reading calls refuse bad handles, states and arguments") {
  InetHandle session(InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle connect(InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  InetHandle request(HttpOpenRequestA(connect, "POST", "/echo", nullptr, nullptr, nullptr, INTERNET_FLAG_RELOAD, 0));
  char buffer[16];
  DWORD count = 0;
  INTERNET_BUFFERSA buffers{};
  buffers.dwStructSize = sizeof(buffers);
  buffers.lpvBuffer = buffer;
  buffers.dwBufferLength = sizeof(buffer);

  REQUIRE_FALSE(InternetReadFileExA(nullptr, &buffers, 0, 0));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
  REQUIRE_FALSE(InternetReadFileExA(session, &buffers, 0, 0));
  REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  REQUIRE_FALSE(InternetQueryDataAvailable(connect, &count, 0, 0));
  REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  // Nothing sent yet.
  REQUIRE_FALSE(InternetQueryDataAvailable(request, &count, 0, 0));
  REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_STATE);
  REQUIRE_FALSE(InternetReadFileExA(request, &buffers, 0, 0));
  REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_STATE);
  REQUIRE_FALSE(InternetWriteFile(request, "x", 1, &count));
  REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_STATE);
  REQUIRE_FALSE(HttpEndRequestA(request, nullptr, 0, 0));
  REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_STATE);
  REQUIRE_FALSE(HttpEndRequestW(session, nullptr, 0, 0));
  REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);

  INTERNET_BUFFERSA in{};
  in.dwStructSize = 1;
  REQUIRE_FALSE(HttpSendRequestExA(request, &in, nullptr, 0, 0));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  in.dwStructSize = sizeof(in);
  in.dwBufferTotal = 4;
  REQUIRE(HttpSendRequestExA(request, &in, nullptr, 0, 0));
  REQUIRE_FALSE(InternetWriteFile(request, "abcd", 4, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(InternetWriteFile(nullptr, "abcd", 4, &count));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
  // Not all of the announced body yet: no response to wait for.
  REQUIRE(InternetWriteFile(request, "ab", 2, &count));
  REQUIRE_FALSE(HttpEndRequestA(request, nullptr, 0, 0));
  REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_STATE);
  REQUIRE(InternetWriteFile(request, "cd", 2, &count));
  REQUIRE(HttpEndRequestA(request, nullptr, 0, 0));
  REQUIRE(statusOf(request) == 200);
  buffers.dwStructSize = 0;
  REQUIRE_FALSE(InternetReadFileExA(request, &buffers, 0, 0));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(InternetReadFileExA(request, nullptr, 0, 0));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(InternetQueryDataAvailable(request, nullptr, 0, 0));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
}
