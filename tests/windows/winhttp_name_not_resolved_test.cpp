// ERROR_WINHTTP_NAME_NOT_RESOLVED without a name server: the host name's
// first label is 64 characters, one more than DNS allows, so the resolver
// refuses it before building a query and no packet leaves the machine (the
// ".invalid" top-level domain, reserved never to resolve, is a second guard).
// Windows reports RESOLVING_NAME, then fails the send.
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <mutex>
#include <string>
#include <vector>

#include "unresolvable_host.h"
#include "winhttp_helpers.h"

namespace {

struct Seen {
  std::mutex mutex;
  std::vector<DWORD> statuses;  // the request's
  std::wstring resolving;       // RESOLVING_NAME's text
  DWORD errorApi = 0, error = 0;
  bool offThread = false;       // a notification came on another thread
  DWORD thread = GetCurrentThreadId();
  HINTERNET request = nullptr;
  HANDLE ended = CreateEventW(nullptr, TRUE, FALSE, nullptr);  // REQUEST_ERROR
  HANDLE closed = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  ~Seen() {
    CloseHandle(ended);
    CloseHandle(closed);
  }
  std::vector<DWORD> snapshot() {
    std::lock_guard<std::mutex> lock(mutex);
    return statuses;
  }
};

void CALLBACK onStatus(HINTERNET handle, DWORD_PTR context, DWORD status, LPVOID info, DWORD length) {
  auto* seen = reinterpret_cast<Seen*>(context);
  if (!seen || handle != seen->request) return;
  std::lock_guard<std::mutex> lock(seen->mutex);
  seen->statuses.push_back(status);
  seen->offThread |= GetCurrentThreadId() != seen->thread;
  if (status == WINHTTP_CALLBACK_STATUS_RESOLVING_NAME && info && length)
    seen->resolving.assign(static_cast<const wchar_t*>(info), length - 1);
  if (status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR) {
    const auto* result = static_cast<const WINHTTP_ASYNC_RESULT*>(info);
    seen->errorApi = static_cast<DWORD>(result->dwResult);
    seen->error = result->dwError;
    SetEvent(seen->ended);
  }
  if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) SetEvent(seen->closed);
}

}  // namespace

TEST_CASE("WinHTTP: a host name that cannot resolve fails the send with ERROR_WINHTTP_NAME_NOT_RESOLVED") {
  const std::wstring host = widen(unresolvableHost());
  for (bool async : {false, true}) {
    INFO((async ? "async" : "sync"));
    Seen seen;
    WinHttpHandle session(
        WinHttpOpen(L"hinternet-dns", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, async ? WINHTTP_FLAG_ASYNC : 0));
    REQUIRE(session.h);
    WinHttpSetStatusCallback(session, onStatus, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    WinHttpHandle connect(WinHttpConnect(session, host.c_str(), 80, 0));
    REQUIRE(connect.h);
    seen.request = openGet(connect, L"/");
    const BOOL sent =
        WinHttpSendRequest(seen.request, nullptr, 0, nullptr, 0, 0, reinterpret_cast<DWORD_PTR>(&seen));
    if (async) {
      // The failure comes as REQUEST_ERROR for WinHttpSendRequest, after
      // the attempt to resolve.
      REQUIRE(sent);
      REQUIRE(WaitForSingleObject(seen.ended, 30000) == WAIT_OBJECT_0);
      REQUIRE(seen.snapshot() ==
              std::vector<DWORD>{WINHTTP_CALLBACK_STATUS_RESOLVING_NAME, WINHTTP_CALLBACK_STATUS_REQUEST_ERROR});
      REQUIRE(seen.errorApi == API_SEND_REQUEST);
      REQUIRE(seen.error == ERROR_WINHTTP_NAME_NOT_RESOLVED);
    } else {
      // The call fails; its one notification came on this thread, before it
      // returned, and there is no REQUEST_ERROR.
      REQUIRE_FALSE(sent);
      REQUIRE(GetLastError() == ERROR_WINHTTP_NAME_NOT_RESOLVED);
      REQUIRE(seen.snapshot() == std::vector<DWORD>{WINHTTP_CALLBACK_STATUS_RESOLVING_NAME});
      REQUIRE_FALSE(seen.offThread);
    }
    REQUIRE(seen.resolving == host);
    REQUIRE(WinHttpCloseHandle(seen.request));
    REQUIRE(WaitForSingleObject(seen.closed, 10000) == WAIT_OBJECT_0);
    REQUIRE(seen.snapshot().back() == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
  }
}
