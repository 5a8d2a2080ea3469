// WinINet status callbacks in synchronous mode: registration, inheritance,
// the notifications of a request in Windows' order, on the calling thread,
// in the form (A or W) the callback was set with.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>
#include <vector>

#include "test_servers.h"
#include "wininet_helpers.h"
#include "wininet_status_recorder.h"

namespace {

const std::vector<DWORD> kConnect = {INTERNET_STATUS_RESOLVING_NAME, INTERNET_STATUS_NAME_RESOLVED,
                                     INTERNET_STATUS_CONNECTING_TO_SERVER, INTERNET_STATUS_CONNECTED_TO_SERVER};
const std::vector<DWORD> kExchange = {INTERNET_STATUS_SENDING_REQUEST, INTERNET_STATUS_REQUEST_SENT,
                                      INTERNET_STATUS_RECEIVING_RESPONSE, INTERNET_STATUS_RESPONSE_RECEIVED};

std::vector<DWORD> operator+(std::vector<DWORD> a, const std::vector<DWORD>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// What a send notifies: the connection's setup unless one was reused.
std::vector<DWORD> sendSequence(const std::vector<DWORD>& seen) {
  const bool connected = !seen.empty() && seen.front() == INTERNET_STATUS_RESOLVING_NAME;
  return connected ? kConnect + kExchange : kExchange;
}

}  // namespace

TEST_CASE("WinINet callbacks: InternetSetStatusCallback returns the previous callback") {
  InetHandle session(InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  REQUIRE(session.h);
  REQUIRE(InternetSetStatusCallbackA(session, StatusRecorder::callbackA) == nullptr);
  REQUIRE(InternetSetStatusCallbackW(session, StatusRecorder::callbackW) == StatusRecorder::callbackA);
  REQUIRE(InternetSetStatusCallback(session, nullptr) == StatusRecorder::callbackW);
  REQUIRE(InternetSetStatusCallbackA(session, nullptr) == nullptr);

  SetLastError(0xdeadbeef);
  REQUIRE(InternetSetStatusCallbackA(reinterpret_cast<HINTERNET>(0x1234), StatusRecorder::callbackA) ==
          INTERNET_INVALID_STATUS_CALLBACK);
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
  HINTERNET closed = InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0);
  REQUIRE(InternetCloseHandle(closed));
  REQUIRE(InternetSetStatusCallbackW(closed, StatusRecorder::callbackW) == INTERNET_INVALID_STATUS_CALLBACK);
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
}

TEST_CASE("WinINet callbacks: a synchronous GET notifies in order on the calling thread (A form)") {
  StatusRecorder& recorder = newRecorder();
  InetHandle session(InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InternetSetStatusCallbackA(session, StatusRecorder::callbackA);
  HINTERNET connect =
      InternetConnectA(session, "127.0.0.1", httpPort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, recorder.context());
  REQUIRE(connect);
  // HANDLE_CREATED comes on the parent's handle with the new handle's
  // context, before the call returns.
  REQUIRE(recorder.statuses() == std::vector<DWORD>{INTERNET_STATUS_HANDLE_CREATED});
  REQUIRE(recorder.last(INTERNET_STATUS_HANDLE_CREATED).handle == session.h);
  REQUIRE(recorder.last(INTERNET_STATUS_HANDLE_CREATED).result == reinterpret_cast<DWORD_PTR>(connect));
  HINTERNET request =
      HttpOpenRequestA(connect, "GET", "/hello.txt", nullptr, nullptr, nullptr, INTERNET_FLAG_RELOAD, recorder.context());
  REQUIRE(request);
  REQUIRE(recorder.countOf(INTERNET_STATUS_HANDLE_CREATED) == 2);
  REQUIRE(recorder.last(INTERNET_STATUS_HANDLE_CREATED).handle == connect);
  REQUIRE(recorder.last(INTERNET_STATUS_HANDLE_CREATED).result == reinterpret_cast<DWORD_PTR>(request));

  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  const std::vector<DWORD> seen = recorder.statuses(request);
  REQUIRE(seen == sendSequence(seen));
  for (const Notice& notice : recorder.notices()) {
    INFO("status " << notice.status);
    REQUIRE(notice.thread == GetCurrentThreadId());
    REQUIRE(notice.lengthRight);
    if (notice.status == INTERNET_STATUS_RESOLVING_NAME) REQUIRE(notice.text == "127.0.0.1");
    if (notice.status == INTERNET_STATUS_CONNECTED_TO_SERVER) REQUIRE(notice.text == "127.0.0.1");
    if (notice.status == INTERNET_STATUS_RESPONSE_RECEIVED) REQUIRE(notice.number > 0);
  }
  REQUIRE(readAll(request) == "hello from hinternet\n");
  REQUIRE(recorder.countOf(INTERNET_STATUS_REQUEST_COMPLETE) == 0);

  // Closing delivers HANDLE_CLOSING before returning, last of all.
  REQUIRE(InternetCloseHandle(request));
  REQUIRE(recorder.statuses().back() == INTERNET_STATUS_HANDLE_CLOSING);
  REQUIRE(recorder.last(INTERNET_STATUS_HANDLE_CLOSING).handle == request);
  REQUIRE(recorder.last(INTERNET_STATUS_HANDLE_CLOSING).result == reinterpret_cast<DWORD_PTR>(request));
  REQUIRE(recorder.last(INTERNET_STATUS_HANDLE_CLOSING).thread == GetCurrentThreadId());
  REQUIRE(InternetCloseHandle(connect));
  REQUIRE(recorder.countOf(INTERNET_STATUS_HANDLE_CLOSING) == 2);
}

TEST_CASE("WinINet callbacks: the W form gets UTF-16 strings, lengths in bytes") {
  StatusRecorder& recorder = newRecorder();
  InetHandle session(InternetOpenW(L"t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InternetSetStatusCallbackW(session, StatusRecorder::callbackW);
  InetHandle connect(InternetConnectW(session, L"localhost", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0,
                                      recorder.context()));
  InetHandle request(HttpOpenRequestW(connect, L"GET", L"/redirect/302/1", nullptr, nullptr, nullptr,
                                      INTERNET_FLAG_RELOAD, recorder.context()));
  REQUIRE(HttpSendRequestW(request, nullptr, 0, nullptr, 0));
  REQUIRE(statusOf(request) == 200);
  // The redirect's own response, where it leads, then the next request
  // (the connection is kept, so no new connect).
  std::vector<DWORD> seen = recorder.statuses(request);
  const std::vector<DWORD> first(seen.begin(), seen.begin() + sendSequence(seen).size());
  REQUIRE(first == sendSequence(seen));
  const std::vector<DWORD> rest(seen.begin() + first.size(), seen.end());
  REQUIRE(rest == std::vector<DWORD>{INTERNET_STATUS_REDIRECT} + kExchange);
  const Notice redirect = recorder.last(INTERNET_STATUS_REDIRECT);
  REQUIRE(redirect.text == "http://localhost:" + std::to_string(edgePort()) + "/redirect/302/0");
  for (const Notice& notice : recorder.notices()) {
    INFO("status " << notice.status);
    REQUIRE(notice.lengthRight);
    REQUIRE(notice.thread == GetCurrentThreadId());
    if (notice.status == INTERNET_STATUS_RESOLVING_NAME) REQUIRE(notice.text == "localhost");
  }
}

TEST_CASE("WinINet callbacks: handles created later inherit the callback; none without a context") {
  StatusRecorder& recorder = newRecorder();
  InetHandle session(InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle early(
      InternetConnectA(session, "127.0.0.1", httpPort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, recorder.context()));
  InternetSetStatusCallbackA(session, StatusRecorder::callbackA);
  // Set after `early` was made: `early` keeps having none.
  InetHandle earlyRequest(
      HttpOpenRequestA(early, "GET", "/hello.txt", nullptr, nullptr, nullptr, INTERNET_FLAG_RELOAD, recorder.context()));
  REQUIRE(HttpSendRequestA(earlyRequest, nullptr, 0, nullptr, 0));
  REQUIRE(recorder.notices().empty());

  // No context: no notification at all.
  HINTERNET quiet =
      InternetConnectA(session, "127.0.0.1", httpPort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0);
  HINTERNET quietRequest =
      HttpOpenRequestA(quiet, "GET", "/hello.txt", nullptr, nullptr, nullptr, INTERNET_FLAG_RELOAD, 0);
  REQUIRE(HttpSendRequestA(quietRequest, nullptr, 0, nullptr, 0));
  REQUIRE(readAll(quietRequest) == "hello from hinternet\n");
  REQUIRE(InternetCloseHandle(quiet));
  REQUIRE(recorder.notices().empty());

  // With a context on the request alone, only the request notifies.
  HINTERNET connect =
      InternetConnectA(session, "127.0.0.1", httpPort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0);
  HINTERNET request =
      HttpOpenRequestA(connect, "GET", "/hello.txt", nullptr, nullptr, nullptr, INTERNET_FLAG_RELOAD, recorder.context());
  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(InternetCloseHandle(connect));  // closes the request too
  REQUIRE(recorder.waitFor(INTERNET_STATUS_HANDLE_CLOSING));
  for (const Notice& notice : recorder.notices()) REQUIRE((notice.handle == request || notice.handle == connect));
  REQUIRE(recorder.statuses().back() == INTERNET_STATUS_HANDLE_CLOSING);
  REQUIRE(recorder.countOf(INTERNET_STATUS_HANDLE_CLOSING) == 1);
}

TEST_CASE("WinINet callbacks: interim responses, cookies sent and received") {
  StatusRecorder& recorder = newRecorder();
  RecordedConnection edge(recorder, edgePort());
  HINTERNET connect = edge.connect;

  InetHandle interim(HttpOpenRequestA(connect, "GET", "/interim/103-then-200", nullptr, nullptr, nullptr,
                                      INTERNET_FLAG_RELOAD, recorder.context()));
  REQUIRE(HttpSendRequestA(interim, nullptr, 0, nullptr, 0));
  std::vector<DWORD> seen = recorder.statuses(interim);
  REQUIRE(seen.size() >= 5);
  REQUIRE(std::vector<DWORD>(seen.end() - 5, seen.end()) ==
          std::vector<DWORD>{INTERNET_STATUS_SENDING_REQUEST, INTERNET_STATUS_REQUEST_SENT,
                             INTERNET_STATUS_INTERMEDIATE_RESPONSE, INTERNET_STATUS_RECEIVING_RESPONSE,
                             INTERNET_STATUS_RESPONSE_RECEIVED});
  REQUIRE(recorder.last(INTERNET_STATUS_INTERMEDIATE_RESPONSE).number == 103);

  InetHandle cookies(HttpOpenRequestA(connect, "GET", "/set-cookie?a=1&b=2", nullptr, nullptr, nullptr,
                                      INTERNET_FLAG_RELOAD | INTERNET_FLAG_NO_COOKIES, recorder.context()));
  const char header[] = "Cookie: x=1; y=2; z=3\r\n";
  REQUIRE(HttpSendRequestA(cookies, header, DWORD(-1), nullptr, 0));
  seen = recorder.statuses(cookies);
  REQUIRE(std::vector<DWORD>(seen.end() - 6, seen.end()) ==
          std::vector<DWORD>{INTERNET_STATUS_COOKIE_SENT, INTERNET_STATUS_SENDING_REQUEST,
                             INTERNET_STATUS_REQUEST_SENT, INTERNET_STATUS_RECEIVING_RESPONSE,
                             INTERNET_STATUS_RESPONSE_RECEIVED, INTERNET_STATUS_COOKIE_RECEIVED});
  REQUIRE(recorder.last(INTERNET_STATUS_COOKIE_SENT).number == 3);
  REQUIRE(recorder.last(INTERNET_STATUS_COOKIE_RECEIVED).number == 2);
}

TEST_CASE("WinINet callbacks: a connection the server closes is reported closing, then closed") {
  StatusRecorder& recorder = newRecorder();
  RecordedConnection edge(recorder, edgePort());
  HINTERNET connect = edge.connect;
  HINTERNET request =
      HttpOpenRequestA(connect, "GET", "/http10", nullptr, nullptr, nullptr, INTERNET_FLAG_RELOAD, recorder.context());
  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  std::vector<DWORD> seen = recorder.statuses(request);
  REQUIRE(std::vector<DWORD>(seen.end() - 2, seen.end()) ==
          std::vector<DWORD>{INTERNET_STATUS_RECEIVING_RESPONSE, INTERNET_STATUS_RESPONSE_RECEIVED});
  const std::size_t sent = seen.size();
  REQUIRE(readAll(request) == "this is an HTTP/1.0 response\n");
  REQUIRE(InternetCloseHandle(request));
  // All of it on this thread, by the time the last call returns. The reads
  // that had to wait for the body add their RECEIVING_RESPONSE and
  // RESPONSE_RECEIVED, as many as the network made them wait.
  seen = recorder.statuses(request);
  REQUIRE(without(std::vector<DWORD>(seen.begin() + sent, seen.end()),
                  {INTERNET_STATUS_RECEIVING_RESPONSE, INTERNET_STATUS_RESPONSE_RECEIVED}) ==
          std::vector<DWORD>{INTERNET_STATUS_CLOSING_CONNECTION, INTERNET_STATUS_CONNECTION_CLOSED,
                             INTERNET_STATUS_HANDLE_CLOSING});
  for (const Notice& notice : recorder.notices()) REQUIRE(notice.thread == GetCurrentThreadId());
}

TEST_CASE("WinINet callbacks: a synchronous send whose callback closes the request fails cancelled") {
  StatusRecorder& recorder = newRecorder();
  RecordedConnection server(recorder, httpPort());
  HINTERNET request = HttpOpenRequestA(server.connect, "GET", "/hello.txt", nullptr, nullptr, nullptr,
                                       INTERNET_FLAG_RELOAD, recorder.context());
  BOOL closedOk = FALSE;
  recorder.onNotice = [&](const Notice& notice) {
    if (notice.status == INTERNET_STATUS_SENDING_REQUEST) closedOk = InternetCloseHandle(notice.handle);
  };
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(GetLastError() == ERROR_INTERNET_OPERATION_CANCELLED);
  REQUIRE(closedOk);
  REQUIRE(recorder.waitFor(INTERNET_STATUS_HANDLE_CLOSING));
  recorder.onNotice = nullptr;
  REQUIRE(recorder.statuses(request).back() == INTERNET_STATUS_HANDLE_CLOSING);
  REQUIRE(recorder.countOf(INTERNET_STATUS_HANDLE_CLOSING) == 1);
  REQUIRE_FALSE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
}
