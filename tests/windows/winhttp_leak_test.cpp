// Whole WinHTTP request cycles repeated: once pools, caches and connections
// have settled, more cycles leave no handles and no memory behind, whether
// a request ends normally, over TLS, or is closed while a read is pending.
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

// A GET on a session, connection and request of its own. "Connection:
// close" makes each cycle connect (and over TLS, handshake) anew.
bool syncGet(INTERNET_PORT port, DWORD flags) {
  WinHttpHandle session(WinHttpOpen(L"hinternet-leak", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  WinHttpHandle connect(WinHttpConnect(session, L"localhost", port, 0));
  WinHttpHandle request(WinHttpOpenRequest(connect, nullptr, L"/hello.txt", nullptr, nullptr, nullptr, flags));
  return request.h && WinHttpSendRequest(request, L"Connection: close", static_cast<DWORD>(-1), nullptr, 0, 0, 0) &&
         WinHttpReceiveResponse(request, nullptr) && bodyOf(request) == "hello from hinternet\n";
}

// What the asynchronous cycles wait for; lives as long as the process, as
// a late notification may still come for a handle of a failed cycle.
struct AsyncEvents {
  HANDLE completed = CreateEventW(nullptr, FALSE, FALSE, nullptr);
  HANDLE closing = CreateEventW(nullptr, FALSE, FALSE, nullptr);
  DWORD status = 0;
  DWORD length = 0;
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

}  // namespace

TEST_CASE("WinHTTP leaks: repeated synchronous GETs, each on a new session and connection, leave nothing behind") {
  requireNoLeak(growthOver(kLeakWarmUp, kLeakMeasured, [] { return syncGet(httpPort(), 0); }));
}

TEST_CASE("WinHTTP leaks: repeated HTTPS GETs, each on a new session and TLS connection, leave nothing behind") {
  requireNoLeak(growthOver(kLeakWarmUp, kLeakMeasured, [] { return syncGet(httpsPort(), WINHTTP_FLAG_SECURE); }));
}

TEST_CASE("WinHTTP leaks: requests closed while an asynchronous read is pending leave nothing behind") {
  static AsyncEvents events;
  WinHttpHandle session(WinHttpOpen(L"hinternet-leak", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, WINHTTP_FLAG_ASYNC));
  WinHttpSetStatusCallback(session, onStatus, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  WinHttpHandle connect(WinHttpConnect(session, L"127.0.0.1", edgePort(), 0));
  auto completes = [&](DWORD expected) {
    return WaitForSingleObject(events.completed, 20000) == WAIT_OBJECT_0 && events.status == expected;
  };
  auto cycle = [&]() -> bool {
    // The first piece comes at once, the next one 300 ms later: the read
    // after the first piece pends, and the close cancels it.
    HINTERNET request = WinHttpOpenRequest(connect, nullptr, L"/slow/4096/300", nullptr, nullptr, nullptr, 0);
    if (!request) return false;
    const DWORD_PTR context = reinterpret_cast<DWORD_PTR>(&events);
    bool ok = WinHttpSendRequest(request, nullptr, 0, nullptr, 0, 0, context) &&
              completes(WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE) && WinHttpReceiveResponse(request, nullptr) &&
              completes(WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE);
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
