// Whole request cycles repeated: once pools, caches and connections have
// settled, more cycles leave no handles and no memory behind, whether a
// request ends normally, over TLS, asynchronously, after a redirect or an
// auth challenge, with a body uploaded, in an error, as a WebSocket, or is
// closed while a read is pending.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>

#include "../../wininet/websocket_sdk.h"
#include "process_usage.h"
#include "run_unique_name.h"
#include "test_servers.h"
#include "wininet_helpers.h"

namespace {

// The status code, or 0 when it cannot be had.
DWORD statusCodeOf(HINTERNET request) {
  DWORD status = 0, size = sizeof(status);
  if (!HttpQueryInfoA(request, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &status, &size, nullptr)) return 0;
  return status;
}

// A GET on a session, connection and request of its own. "Connection:
// close" makes each cycle connect (and over TLS, handshake) anew.
bool syncGet(INTERNET_PORT port, DWORD flags) {
  InetHandle session(InternetOpenA("hinternet-leak", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle connect(InternetConnectA(session, "localhost", port, nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  InetHandle request(HttpOpenRequestA(connect, "GET", "/hello.txt", nullptr, nullptr, nullptr,
                                      flags | INTERNET_FLAG_RELOAD, 0));
  return request.h && HttpSendRequestA(request, "Connection: close\r\n", static_cast<DWORD>(-1), nullptr, 0) &&
         bodyOf(request) == "hello from hinternet\n";
}

// A GET on a session and connection of its own to the server at `port`
// (127.0.0.1, or localhost, its certificate's name, over TLS), with these
// credentials, `prepare` given the request before the send: the error of
// the send, or 0 with the status in `status` once the body is read.
template <class Prepare>
DWORD getOn(INTERNET_PORT port, const char* path, DWORD flags, const char* user, const char* password,
            Prepare&& prepare, DWORD& status) {
  InetHandle session(InternetOpenA("hinternet-leak", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle connect(InternetConnectA(session, flags & INTERNET_FLAG_SECURE ? "localhost" : "127.0.0.1", port, user,
                                      password, INTERNET_SERVICE_HTTP, 0, 0));
  InetHandle request(HttpOpenRequestA(connect, "GET", path, nullptr, nullptr, nullptr, flags | INTERNET_FLAG_RELOAD, 0));
  if (!request.h || !prepare(request.h)) return ERROR_INVALID_FUNCTION;
  if (!HttpSendRequestA(request, nullptr, 0, nullptr, 0)) return GetLastError();
  status = statusCodeOf(request);
  bodyOf(request);
  return 0;
}

DWORD getOn(INTERNET_PORT port, const char* path, DWORD flags, DWORD& status) {
  return getOn(port, path, flags, nullptr, nullptr, [](HINTERNET) { return true; }, status);
}

// What the asynchronous cycles wait for; lives as long as the process, as
// a late notification may still come for a handle of a failed cycle.
struct AsyncEvents {
  HANDLE completed = CreateEventW(nullptr, FALSE, FALSE, nullptr);
  HANDLE closing = CreateEventW(nullptr, FALSE, FALSE, nullptr);
  DWORD_PTR result = 0;
  DWORD error = 0;
};

void CALLBACK onStatus(HINTERNET, DWORD_PTR context, DWORD status, LPVOID info, DWORD) {
  auto* events = reinterpret_cast<AsyncEvents*>(context);
  if (!events) return;
  if (status == INTERNET_STATUS_REQUEST_COMPLETE) {
    const auto* result = static_cast<INTERNET_ASYNC_RESULT*>(info);
    events->result = result->dwResult;
    events->error = result->dwError;
    SetEvent(events->completed);
  } else if (status == INTERNET_STATUS_HANDLE_CLOSING) {
    SetEvent(events->closing);
  }
}

}  // namespace

TEST_CASE("WinINet leaks: repeated synchronous GETs, each on a new session and connection, leave nothing behind") {
  requireNoLeak(growthOver(kLeakWarmUp, kLeakMeasured, [] { return syncGet(httpPort(), 0); }));
}

TEST_CASE("WinINet leaks: repeated HTTPS GETs, each on a new session and TLS connection, leave nothing behind") {
  requireNoLeak(growthOver(kLeakWarmUp, kLeakMeasured, [] { return syncGet(httpsPort(), INTERNET_FLAG_SECURE); }));
}

TEST_CASE("WinINet leaks: requests closed while an asynchronous read is pending leave nothing behind") {
  static AsyncEvents events;
  InetHandle session(InternetOpenA("hinternet-leak", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, INTERNET_FLAG_ASYNC));
  InternetSetStatusCallbackA(session, onStatus);
  InetHandle connect(InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0,
                                      reinterpret_cast<DWORD_PTR>(&events)));
  auto cycle = [&]() -> bool {
    // The first piece comes at once, the next one 300 ms later: the read
    // after the first piece pends, and the close cancels it.
    HINTERNET request = HttpOpenRequestA(connect, "GET", "/slow/4096/300", nullptr, nullptr, nullptr,
                                         INTERNET_FLAG_RELOAD, reinterpret_cast<DWORD_PTR>(&events));
    if (!request) return false;
    bool ok = true;
    if (!HttpSendRequestA(request, nullptr, 0, nullptr, 0)) {
      ok = GetLastError() == ERROR_IO_PENDING && WaitForSingleObject(events.completed, 20000) == WAIT_OBJECT_0 &&
           events.error == ERROR_SUCCESS;
    }
    char buffer[4096];
    DWORD read = 0;
    bool pending = false;
    for (int i = 0; ok && i < 8 && !pending; ++i) {
      if (InternetReadFile(request, buffer, sizeof(buffer), &read)) {
        ok = read > 0;
        continue;
      }
      ok = GetLastError() == ERROR_IO_PENDING;
      pending = ok;
    }
    ok = ok && pending;
    ok = InternetCloseHandle(request) && ok;
    // The cancelled read completes first, then the handle is gone.
    ok = WaitForSingleObject(events.closing, 20000) == WAIT_OBJECT_0 && ok;
    ResetEvent(events.completed);
    return ok;
  };
  requireNoLeak(growthOver(kLeakWarmUp / 2, kLeakMeasured / 3, cycle));
}

TEST_CASE("WinINet leaks: asynchronous InternetOpenUrl GETs read to the end leave nothing behind") {
  static AsyncEvents events;
  InetHandle session(InternetOpenA("hinternet-leak", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, INTERNET_FLAG_ASYNC));
  InternetSetStatusCallbackA(session, onStatus);
  const std::string url = "http://localhost:" + std::to_string(httpPort()) + "/hello.txt";
  const DWORD_PTR context = reinterpret_cast<DWORD_PTR>(&events);
  auto completed = [&] {
    return WaitForSingleObject(events.completed, 20000) == WAIT_OBJECT_0 && events.error == ERROR_SUCCESS;
  };
  auto cycle = [&]() -> bool {
    HINTERNET request = InternetOpenUrlA(session, url.c_str(), nullptr, 0, INTERNET_FLAG_RELOAD, context);
    if (!request) {
      CYCLE_CHECK(GetLastError() == ERROR_IO_PENDING);
      CYCLE_CHECK(completed());
      request = reinterpret_cast<HINTERNET>(events.result);
    }
    CYCLE_CHECK(request);
    std::string body;
    char buffer[4096];
    for (;;) {
      DWORD read = 0;
      if (!InternetReadFile(request, buffer, sizeof(buffer), &read)) {
        CYCLE_CHECK(GetLastError() == ERROR_IO_PENDING);
        // The pended read fills the same buffer and count.
        CYCLE_CHECK(completed());
      }
      if (read == 0) break;
      body.append(buffer, read);
    }
    CYCLE_CHECK(body == "hello from hinternet\n");
    CYCLE_CHECK(InternetCloseHandle(request));
    CYCLE_CHECK(WaitForSingleObject(events.closing, 20000) == WAIT_OBJECT_0);
    return true;
  };
  requireNoLeak(growthOver(kLeakWarmUp / 2, kLeakMeasured / 3, cycle));
}

TEST_CASE("WinINet leaks: redirects followed and Basic challenges answered leave nothing behind") {
  auto cycle = []() -> bool {
    DWORD status = 0;
    CYCLE_CHECK(getOn(edgePort(), "/redirect/302/2", 0, status) == 0);
    CYCLE_CHECK(status == 200);
    // InternetConnect's credentials answer the 401 within the send.
    CYCLE_CHECK(getOn(edgePort(), "/auth/basic/leak/secret", 0, "leak", "secret", [](HINTERNET) { return true; }, status) == 0);
    CYCLE_CHECK(status == 200);
    return true;
  };
  requireNoLeak(growthOver(kLeakWarmUp / 2, kLeakMeasured / 2, cycle));
}

TEST_CASE("WinINet leaks: uploads through HttpSendRequestEx, InternetWriteFile and HttpEndRequest leave nothing behind") {
  const std::string piece(8192, 'u');
  auto cycle = [&]() -> bool {
    InetHandle session(InternetOpenA("hinternet-leak", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
    InetHandle connect(InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
    InetHandle request(HttpOpenRequestA(connect, "POST", "/upload-sink", nullptr, nullptr, nullptr,
                                        INTERNET_FLAG_RELOAD, 0));
    INTERNET_BUFFERSA in{};
    in.dwStructSize = sizeof(in);
    in.dwBufferTotal = 4 * 8192;
    CYCLE_CHECK(HttpSendRequestExA(request, &in, nullptr, 0, 0));
    for (int i = 0; i < 4; ++i) {
      DWORD written = 0;
      CYCLE_CHECK(InternetWriteFile(request, piece.data(), static_cast<DWORD>(piece.size()), &written));
      CYCLE_CHECK(written == piece.size());
    }
    CYCLE_CHECK(HttpEndRequestA(request, nullptr, 0, 0));
    CYCLE_CHECK(statusCodeOf(request) == 200);
    CYCLE_CHECK(customHeader(request, "X-Upload-Bytes") == "32768");
    bodyOf(request);
    return true;
  };
  requireNoLeak(growthOver(kLeakWarmUp / 2, kLeakMeasured / 2, cycle));
}

TEST_CASE("WinINet leaks: requests refused, timed out or failing certificate checks leave nothing behind") {
  DWORD status = 0;
  // Nothing listens on port 1.
  auto refused = [&] { return getOn(1, "/", 0, status) == ERROR_INTERNET_CANNOT_CONNECT; };
  // The timeout ends a read: one that ends the send fires only at the
  // send's 500 ms progress check, too slow for many cycles.
  auto timedOut = [&]() -> bool {
    InetHandle session(InternetOpenA("hinternet-leak", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
    InetHandle connect(InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
    InetHandle request(HttpOpenRequestA(connect, "GET", "/stall-body/64/16?s=5", nullptr, nullptr, nullptr,
                                        INTERNET_FLAG_RELOAD, 0));
    DWORD timeout = 100;
    CYCLE_CHECK(InternetSetOptionA(request, INTERNET_OPTION_RECEIVE_TIMEOUT, &timeout, sizeof(timeout)));
    CYCLE_CHECK(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
    char buffer[64];
    DWORD read = 0;
    while (InternetReadFile(request, buffer, sizeof(buffer), &read)) CYCLE_CHECK(read > 0);
    CYCLE_CHECK(GetLastError() == ERROR_INTERNET_TIMEOUT);
    return true;
  };
  auto untrusted = [&]() -> bool {
    return getOn(untrustedCertPort(), "/hello.txt", INTERNET_FLAG_SECURE, status) == ERROR_INTERNET_INVALID_CA;
    return true;
  };
  SECTION("connection refused") { requireNoLeak(growthOver(kLeakWarmUp / 2, kLeakMeasured / 2, refused)); }
  // Each one waits out its 100 ms timeout.
  SECTION("receive timeout") { requireNoLeak(growthOver(kLeakWarmUp / 5, kLeakMeasured / 5, timedOut)); }
  SECTION("untrusted certificate") { requireNoLeak(growthOver(kLeakWarmUp / 2, kLeakMeasured / 2, untrusted)); }
}

TEST_CASE("WinINet leaks: WebSocket upgrades, echoes and closes leave nothing behind") {
  auto cycle = []() -> bool {
    InetHandle session(InternetOpenA("hinternet-leak", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
    InetHandle connect(InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
    InetHandle request(HttpOpenRequestA(connect, "GET", "/ws/echo", nullptr, nullptr, nullptr, INTERNET_FLAG_RELOAD, 0));
    const char* handshake =
        "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        "Sec-WebSocket-Version: 13\r\n";
    CYCLE_CHECK(HttpSendRequestA(request, handshake, static_cast<DWORD>(-1), nullptr, 0));
    CYCLE_CHECK(statusCodeOf(request) == 101);
    InetHandle socket(HttpWebSocketCompleteUpgrade(request, 0));
    CYCLE_CHECK(socket.h);
    char message[] = "leak";
    CYCLE_CHECK(HttpWebSocketSend(socket, HTTP_WEB_SOCKET_UTF8_MESSAGE_TYPE, message, 4));
    char buffer[64];
    DWORD read = 0;
    HTTP_WEB_SOCKET_BUFFER_TYPE type;
    CYCLE_CHECK(HttpWebSocketReceive(socket, buffer, sizeof(buffer), &read, &type));
    CYCLE_CHECK(std::string(buffer, read) == "leak");
    CYCLE_CHECK(HttpWebSocketClose(socket, HTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, nullptr, 0));
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

TEST_CASE("WinINet leaks: a Set-Cookie that replaces the same cookie each time leaves nothing behind") {
  // The cookie's default path is the directory of the request's, a scope of
  // this run's own.
  const std::string scope = "/set-cookie/" + runUniqueName("leak") + "/";
  int serial = 0;
  auto cycle = [&]() -> bool {
    const std::string path = scope + "here?leak=" + std::to_string(++serial);
    DWORD status = 0;
    CYCLE_CHECK(getOn(edgePort(), path.c_str(), 0, status) == 0);
    CYCLE_CHECK(status == 200);
    return true;
  };
  requireNoLeak(growthOver(kLeakWarmUp, kLeakMeasured, cycle));
  REQUIRE(cookiesFor(edgeUrl(scope)) == "leak=" + std::to_string(serial));
}
