// Whole request cycles repeated: once pools, caches and connections have
// settled, more cycles leave no handles and no memory behind, whether a
// request ends normally, over TLS, or is closed while a read is pending.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>

#include "process_usage.h"
#include "test_servers.h"
#include "wininet_helpers.h"

namespace {

// The rest of a body, or "<failed>".
std::string bodyOf(HINTERNET file) {
  std::string body;
  char buffer[1024];
  for (DWORD read = 1; read;) {
    if (!InternetReadFile(file, buffer, sizeof(buffer), &read)) return "<failed>";
    body.append(buffer, read);
  }
  return body;
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
