// What asynchronous programs rely on about callbacks: a slow callback on one
// request does not stall another, a callback may close its own handle, and
// every handle gets exactly one HANDLE_CLOSING, the last of its callbacks.
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <atomic>
#include <map>
#include <mutex>
#include <vector>

#include "test_servers.h"

namespace {

struct Log {
  std::mutex mutex;
  std::map<HINTERNET, std::vector<DWORD>> statuses;
  HANDLE changed = CreateEventW(nullptr, FALSE, FALSE, nullptr);
  ~Log() { CloseHandle(changed); }
  void add(HINTERNET h, DWORD status) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      statuses[h].push_back(status);
    }
    SetEvent(changed);
  }
  int count(HINTERNET h, DWORD status) {
    std::lock_guard<std::mutex> lock(mutex);
    int n = 0;
    for (DWORD s : statuses[h]) n += s == status;
    return n;
  }
  DWORD last(HINTERNET h) {
    std::lock_guard<std::mutex> lock(mutex);
    return statuses[h].empty() ? 0 : statuses[h].back();
  }
  // Waits until `h` has seen `status`, or 10 s.
  bool waitFor(HINTERNET h, DWORD status) {
    for (int i = 0; i < 200; ++i) {
      if (count(h, status)) return true;
      WaitForSingleObject(changed, 50);
    }
    return false;
  }
};

// Per request: what the callback does besides logging.
struct Script {
  explicit Script(Log* l) : log(l) {}
  Log* log;
  DWORD sleepOnHeadersMs = 0;
  bool closeOnHeaders = false;
  std::atomic<bool> sleeping{false};
  std::atomic<bool> slept{false};
  std::atomic<BOOL> closeResult{-1};
  char buffer[4096] = {};
};

void CALLBACK onStatus(HINTERNET h, DWORD_PTR context, DWORD status, LPVOID info, DWORD) {
  auto* script = reinterpret_cast<Script*>(context);
  if (!script) return;
  script->log->add(h, status);
  switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
      WinHttpReceiveResponse(h, nullptr);
      break;
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE:
      if (script->closeOnHeaders) {
        script->closeResult = WinHttpCloseHandle(h);
        break;
      }
      if (script->sleepOnHeadersMs) {
        script->sleeping = true;
        Sleep(script->sleepOnHeadersMs);
        script->slept = true;
      }
      WinHttpQueryDataAvailable(h, nullptr);
      break;
    case WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE:
      if (*static_cast<DWORD*>(info)) WinHttpReadData(h, script->buffer, sizeof(script->buffer), nullptr);
      break;
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
      WinHttpQueryDataAvailable(h, nullptr);
      break;
  }
}

struct Session {
  HINTERNET session = WinHttpOpen(L"callbacks", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, WINHTTP_FLAG_ASYNC);
  HINTERNET connect = nullptr;
  Session() {
    REQUIRE(session);
    WinHttpSetStatusCallback(session, onStatus, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    connect = WinHttpConnect(session, L"127.0.0.1", httpPort(), 0);
    REQUIRE(connect);
  }
  HINTERNET open(const wchar_t* path) {
    HINTERNET r = WinHttpOpenRequest(connect, L"GET", path, nullptr, nullptr, nullptr, 0);
    REQUIRE(r);
    return r;
  }
};

}  // namespace

TEST_CASE("WinHTTP callbacks: a slow callback on one request does not stall another") {
  Log log;
  Session s;
  Script slow(&log), fast(&log);
  slow.sleepOnHeadersMs = 3000;
  HINTERNET a = s.open(L"/hello.txt"), b = s.open(L"/hello.txt");
  REQUIRE(WinHttpSendRequest(a, nullptr, 0, nullptr, 0, 0, reinterpret_cast<DWORD_PTR>(&slow)));
  // Only start the second once the first sits in its slow callback.
  for (int i = 0; i < 200 && !slow.sleeping; ++i) Sleep(25);
  REQUIRE(slow.sleeping);
  REQUIRE(WinHttpSendRequest(b, nullptr, 0, nullptr, 0, 0, reinterpret_cast<DWORD_PTR>(&fast)));
  REQUIRE(log.waitFor(b, WINHTTP_CALLBACK_STATUS_READ_COMPLETE));
  REQUIRE_FALSE(slow.slept);  // b finished while a's callback was still running
  REQUIRE(log.waitFor(a, WINHTTP_CALLBACK_STATUS_READ_COMPLETE));
  WinHttpCloseHandle(a);
  WinHttpCloseHandle(b);
  REQUIRE(log.waitFor(a, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING));
  REQUIRE(log.waitFor(b, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING));
  WinHttpCloseHandle(s.connect);
  WinHttpCloseHandle(s.session);
}

TEST_CASE("WinHTTP callbacks: a callback may close its own request; HANDLE_CLOSING comes once, last") {
  Log log;
  Session s;
  Script script(&log);
  script.closeOnHeaders = true;
  HINTERNET r = s.open(L"/big.bin");
  REQUIRE(WinHttpSendRequest(r, nullptr, 0, nullptr, 0, 0, reinterpret_cast<DWORD_PTR>(&script)));
  REQUIRE(log.waitFor(r, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING));
  REQUIRE(script.closeResult == TRUE);
  Sleep(100);
  REQUIRE(log.count(r, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) == 1);
  REQUIRE(log.last(r) == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
  SetLastError(0);
  REQUIRE_FALSE(WinHttpQueryDataAvailable(r, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
  WinHttpCloseHandle(s.connect);
  WinHttpCloseHandle(s.session);
}

TEST_CASE("WinHTTP callbacks: closing the session ends pending work on its children, each handle closes once") {
  Log log;
  Session s;
  Script script(&log);
  HINTERNET r = s.open(L"/big.bin");
  REQUIRE(WinHttpSendRequest(r, nullptr, 0, nullptr, 0, 0, reinterpret_cast<DWORD_PTR>(&script)));
  REQUIRE(WinHttpCloseHandle(s.session));
  REQUIRE(log.waitFor(r, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING));
  Sleep(100);
  REQUIRE(log.count(r, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) == 1);
  REQUIRE(log.last(r) == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
  // The children were closed with their parent: their handles are dead.
  REQUIRE_FALSE(WinHttpCloseHandle(r));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
  REQUIRE_FALSE(WinHttpCloseHandle(s.connect));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
}
