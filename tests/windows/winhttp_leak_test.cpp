// Whole WinHTTP request cycles repeated: once pools, caches and connections
// have settled, more cycles leave no handles and no memory behind, whether
// a request ends normally, over TLS, asynchronously, after a redirect or an
// auth challenge, with a body uploaded, in an error, as a WebSocket, or is
// closed while a read is pending.
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <string>

#include "process_usage.h"
#include "test_servers.h"
#include "winhttp_helpers.h"

namespace {

// The rest of a body, or "<failed>".
std::string bodyOf(HINTERNET request) {
  std::string body;
  char buffer[1024];
  for (DWORD read = 1; read;) {
    if (!WinHttpReadData(request, buffer, sizeof(buffer), &read)) return "<failed>";
    body.append(buffer, read);
  }
  return body;
}

// The status code, or 0 when it cannot be had.
DWORD statusOf(HINTERNET request) {
  DWORD status = 0, size = sizeof(status);
  if (!WinHttpQueryHeaders(request, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                           WINHTTP_HEADER_NAME_BY_INDEX, &status, &size, WINHTTP_NO_HEADER_INDEX))
    return 0;
  return status;
}

HINTERNET openPlain(HINTERNET connect, LPCWSTR path, DWORD flags = 0) {
  return WinHttpOpenRequest(connect, nullptr, path, nullptr, nullptr, nullptr, flags);
}

// A GET on a session, connection and request of its own. "Connection:
// close" makes each cycle connect (and over TLS, handshake) anew.
bool syncGet(INTERNET_PORT port, DWORD flags) {
  WinHttpHandle session(WinHttpOpen(L"hinternet-leak", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  WinHttpHandle connect(WinHttpConnect(session, L"localhost", port, 0));
  WinHttpHandle request(WinHttpOpenRequest(connect, nullptr, L"/hello.txt", nullptr, nullptr, nullptr, flags));
  return request.h && WinHttpSendRequest(request, L"Connection: close", static_cast<DWORD>(-1), nullptr, 0, 0, 0) &&
         WinHttpReceiveResponse(request, nullptr) && bodyOf(request) == "hello from hinternet\n";
}

// A GET of `path` on the edge server with a session, connection and request
// of its own, `prepare` given the request before it is sent; the error of
// the send or receive, or 0 with the status in `status`.
template <class Prepare>
DWORD edgeGet(LPCWSTR path, Prepare&& prepare, DWORD& status) {
  WinHttpHandle session(WinHttpOpen(L"hinternet-leak", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  WinHttpHandle connect(WinHttpConnect(session, L"127.0.0.1", edgePort(), 0));
  WinHttpHandle request(openPlain(connect, path));
  if (!request.h || !prepare(request.h)) return ERROR_INVALID_FUNCTION;
  if (!sendAndReceive(request)) return GetLastError();
  status = statusOf(request);
  bodyOf(request);
  return 0;
}

// What the asynchronous cycles wait for; lives as long as the process, as
// a late notification may still come for a handle of a failed cycle.
struct AsyncEvents {
  HANDLE completed = CreateEventW(nullptr, FALSE, FALSE, nullptr);
  HANDLE closing = CreateEventW(nullptr, FALSE, FALSE, nullptr);
  DWORD status = 0;
  DWORD length = 0;
  // Whether the next completion came, and was `expected`.
  bool completes(DWORD expected) {
    return WaitForSingleObject(completed, 20000) == WAIT_OBJECT_0 && status == expected;
  }
};

void CALLBACK onStatus(HINTERNET, DWORD_PTR context, DWORD status, LPVOID, DWORD length) {
  auto* events = reinterpret_cast<AsyncEvents*>(context);
  if (!events) return;
  if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) {
    SetEvent(events->closing);
  } else if (status == WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE ||
             status == WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE || status == WINHTTP_CALLBACK_STATUS_READ_COMPLETE ||
             status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR) {
    events->status = status;
    events->length = length;
    SetEvent(events->completed);
  }
}

// An asynchronous session whose callback records into the AsyncEvents
// each request carries as its context.
HINTERNET asyncSession() {
  HINTERNET session = WinHttpOpen(L"hinternet-leak", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, WINHTTP_FLAG_ASYNC);
  WinHttpSetStatusCallback(session, onStatus, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  return session;
}

}  // namespace

TEST_CASE("WinHTTP leaks: repeated synchronous GETs, each on a new session and connection, leave nothing behind") {
  requireNoLeak(growthOver(kLeakWarmUp, kLeakMeasured, [] { return syncGet(httpPort(), 0); }));
}

TEST_CASE("WinHTTP leaks: repeated HTTPS GETs, each on a new session and TLS connection, leave nothing behind") {
  requireNoLeak(growthOver(kLeakWarmUp, kLeakMeasured, [] { return syncGet(httpsPort(), WINHTTP_FLAG_SECURE); }));
}

TEST_CASE("WinHTTP leaks: requests closed while an asynchronous read is pending leave nothing behind") {
  static AsyncEvents events;
  WinHttpHandle session(asyncSession());
  WinHttpHandle connect(WinHttpConnect(session, L"127.0.0.1", edgePort(), 0));
  auto cycle = [&]() -> bool {
    // The first piece comes at once, the next one 300 ms later: the read
    // after the first piece pends, and the close cancels it.
    HINTERNET request = WinHttpOpenRequest(connect, nullptr, L"/slow/4096/300", nullptr, nullptr, nullptr, 0);
    if (!request) return false;
    const DWORD_PTR context = reinterpret_cast<DWORD_PTR>(&events);
    bool ok = WinHttpSendRequest(request, nullptr, 0, nullptr, 0, 0, context) &&
              events.completes(WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE) &&
              WinHttpReceiveResponse(request, nullptr) && events.completes(WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE);
    char buffer[4096];
    bool pending = false;
    for (int i = 0; ok && i < 8 && !pending; ++i) {
      ok = WinHttpReadData(request, buffer, sizeof(buffer), nullptr);
      // READ_COMPLETE soon for the piece already sent; the one after waits
      // 300 ms for the server.
      pending = ok && WaitForSingleObject(events.completed, 100) != WAIT_OBJECT_0;
      if (ok && !pending) ok = events.status == WINHTTP_CALLBACK_STATUS_READ_COMPLETE && events.length > 0;
    }
    ok = ok && pending;
    ok = WinHttpCloseHandle(request) && ok;
    // The cancelled read completes (or errs) first, then the handle is gone.
    ok = WaitForSingleObject(events.closing, 20000) == WAIT_OBJECT_0 && ok;
    ResetEvent(events.completed);
    return ok;
  };
  requireNoLeak(growthOver(kLeakWarmUp / 2, kLeakMeasured / 3, cycle));
}

TEST_CASE("WinHTTP leaks: asynchronous GETs read to the end leave nothing behind") {
  static AsyncEvents events;
  WinHttpHandle session(asyncSession());
  WinHttpHandle connect(WinHttpConnect(session, L"localhost", httpPort(), 0));
  auto cycle = [&]() -> bool {
    HINTERNET request = WinHttpOpenRequest(connect, nullptr, L"/hello.txt", nullptr, nullptr, nullptr, 0);
    CYCLE_CHECK(request);
    CYCLE_CHECK(WinHttpSendRequest(request, nullptr, 0, nullptr, 0, 0, reinterpret_cast<DWORD_PTR>(&events)));
    CYCLE_CHECK(events.completes(WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE));
    CYCLE_CHECK(WinHttpReceiveResponse(request, nullptr));
    CYCLE_CHECK(events.completes(WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE));
    char buffer[4096];
    DWORD total = 0;
    do {
      CYCLE_CHECK(WinHttpReadData(request, buffer, sizeof(buffer), nullptr));
      CYCLE_CHECK(events.completes(WINHTTP_CALLBACK_STATUS_READ_COMPLETE));
      total += events.length;
    } while (events.length > 0);
    CYCLE_CHECK(total == 21);  // "hello from hinternet\n"
    CYCLE_CHECK(WinHttpCloseHandle(request));
    CYCLE_CHECK(WaitForSingleObject(events.closing, 20000) == WAIT_OBJECT_0);
    return true;
  };
  requireNoLeak(growthOver(kLeakWarmUp / 2, kLeakMeasured / 3, cycle));
}

TEST_CASE("WinHTTP leaks: redirects followed and Basic challenges answered leave nothing behind") {
  auto cycle = []() -> bool {
    DWORD status = 0;
    CYCLE_CHECK(edgeGet(L"/redirect/302/2", [](HINTERNET) { return true; }, status) == 0);
    CYCLE_CHECK(status == 200);
    // The credentials set before the send answer the 401 within it.
    CYCLE_CHECK(edgeGet(L"/auth/basic/leak/secret",
                    [](HINTERNET request) {
                      return WinHttpSetCredentials(request, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC,
                                                   L"leak", L"secret", nullptr) != FALSE;
                    },
                    status) == 0);
    CYCLE_CHECK(status == 200);
    return true;
  };
  requireNoLeak(growthOver(kLeakWarmUp / 2, kLeakMeasured / 2, cycle));
}

TEST_CASE("WinHTTP leaks: uploads of a declared length written with WinHttpWriteData leave nothing behind") {
  const std::string piece(8192, 'u');
  auto cycle = [&]() -> bool {
    WinHttpHandle session(WinHttpOpen(L"hinternet-leak", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
    WinHttpHandle connect(WinHttpConnect(session, L"127.0.0.1", edgePort(), 0));
    WinHttpHandle request(WinHttpOpenRequest(connect, L"POST", L"/upload-sink", nullptr, nullptr, nullptr, 0));
    CYCLE_CHECK(WinHttpSendRequest(request, nullptr, 0, nullptr, 0, 4 * 8192, 0));
    for (int i = 0; i < 4; ++i) {
      DWORD written = 0;
      CYCLE_CHECK(WinHttpWriteData(request, piece.data(), static_cast<DWORD>(piece.size()), &written));
      CYCLE_CHECK(written == piece.size());
    }
    CYCLE_CHECK(WinHttpReceiveResponse(request, nullptr));
    CYCLE_CHECK(statusOf(request) == 200);
    CYCLE_CHECK(header(request, L"X-Upload-Bytes") == "32768");
    bodyOf(request);
    return true;
  };
  requireNoLeak(growthOver(kLeakWarmUp / 2, kLeakMeasured / 2, cycle));
}

TEST_CASE("WinHTTP leaks: requests refused, timed out or failing certificate checks leave nothing behind") {
  auto refused = []() -> bool {
    WinHttpHandle session(WinHttpOpen(L"hinternet-leak", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
    WinHttpHandle connect(WinHttpConnect(session, L"127.0.0.1", 1, 0));
    WinHttpHandle request(openPlain(connect, L"/"));
    CYCLE_CHECK(!(sendAndReceive(request)));
    CYCLE_CHECK(GetLastError() == ERROR_WINHTTP_CANNOT_CONNECT);
    return true;
  };
  auto timedOut = []() -> bool {
    WinHttpHandle session(WinHttpOpen(L"hinternet-leak", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
    WinHttpHandle connect(WinHttpConnect(session, L"127.0.0.1", edgePort(), 0));
    WinHttpHandle request(openPlain(connect, L"/stall/5"));
    CYCLE_CHECK(WinHttpSetTimeouts(request, 5000, 5000, 5000, 100));
    CYCLE_CHECK(!(sendAndReceive(request)));
    CYCLE_CHECK(GetLastError() == ERROR_WINHTTP_TIMEOUT);
    return true;
  };
  auto untrusted = []() -> bool {
    WinHttpHandle session(WinHttpOpen(L"hinternet-leak", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
    WinHttpHandle connect(WinHttpConnect(session, L"localhost", untrustedCertPort(), 0));
    WinHttpHandle request(openPlain(connect, L"/hello.txt", WINHTTP_FLAG_SECURE));
    CYCLE_CHECK(!(sendAndReceive(request)));
    CYCLE_CHECK(GetLastError() == ERROR_WINHTTP_SECURE_FAILURE);
    return true;
  };
  SECTION("connection refused") { requireNoLeak(growthOver(kLeakWarmUp / 2, kLeakMeasured / 2, refused)); }
  // Each one waits out its 100 ms timeout.
  SECTION("receive timeout") { requireNoLeak(growthOver(kLeakWarmUp / 5, kLeakMeasured / 5, timedOut)); }
  SECTION("untrusted certificate") { requireNoLeak(growthOver(kLeakWarmUp / 2, kLeakMeasured / 2, untrusted)); }
}

TEST_CASE("WinHTTP leaks: WebSocket upgrades, echoes and closes leave nothing behind") {
  auto cycle = []() -> bool {
    WinHttpHandle session(WinHttpOpen(L"hinternet-leak", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
    WinHttpHandle connect(WinHttpConnect(session, L"127.0.0.1", edgePort(), 0));
    WinHttpHandle request(openPlain(connect, L"/ws/echo"));
    CYCLE_CHECK(WinHttpSetOption(request, WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET, nullptr, 0));
    CYCLE_CHECK(sendAndReceive(request));
    CYCLE_CHECK(statusOf(request) == 101);
    WinHttpHandle socket(WinHttpWebSocketCompleteUpgrade(request, 0));
    CYCLE_CHECK(socket.h);
    char message[] = "leak";
    CYCLE_CHECK(WinHttpWebSocketSend(socket, WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE, message, 4) == ERROR_SUCCESS);
    char buffer[64];
    DWORD read = 0;
    WINHTTP_WEB_SOCKET_BUFFER_TYPE type;
    CYCLE_CHECK(WinHttpWebSocketReceive(socket, buffer, sizeof(buffer), &read, &type) == ERROR_SUCCESS);
    CYCLE_CHECK(std::string(buffer, read) == "leak");
    CYCLE_CHECK(WinHttpWebSocketClose(socket, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, nullptr, 0) == ERROR_SUCCESS);
    // curl lends every transfer its multi handle's one 512 KiB receive
    // buffer and frees it when a transfer ends with no other running, but
    // not when one is removed while still running, as the socket is unless
    // the server's FIN came first: a GET ending normally makes every cycle
    // end with the buffer freed, whichever way that race went.
    CYCLE_CHECK(syncGet(httpPort(), 0));
    return true;
  };
  requireNoLeak(growthOver(kLeakWarmUp / 2, kLeakMeasured / 2, cycle));
}

TEST_CASE("WinHTTP leaks: a Set-Cookie that replaces the same cookie each time leaves nothing behind") {
  // One session, whose cookie store holds the one cookie throughout.
  WinHttpHandle session(WinHttpOpen(L"hinternet-leak", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  WinHttpHandle connect(WinHttpConnect(session, L"127.0.0.1", edgePort(), 0));
  int serial = 0;
  auto cycle = [&]() -> bool {
    const std::wstring path = L"/set-cookie?leak=" + std::to_wstring(++serial);
    WinHttpHandle request(openPlain(connect, path.c_str()));
    CYCLE_CHECK(sendAndReceive(request));
    CYCLE_CHECK(statusOf(request) == 200);
    bodyOf(request);
    return true;
  };
  requireNoLeak(growthOver(kLeakWarmUp, kLeakMeasured, cycle));
}
