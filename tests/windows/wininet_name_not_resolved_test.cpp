// ERROR_INTERNET_NAME_NOT_RESOLVED without a name server (the host name of
// unresolvable_host.h is refused by the resolver before any query is sent).
// WinINet reports RESOLVING_NAME on the request, then fails the send: at
// once in synchronous mode, through REQUEST_COMPLETE in asynchronous mode.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>
#include <vector>

#include "unresolvable_host.h"
#include "wininet_helpers.h"
#include "wininet_status_recorder.h"

TEST_CASE("WinINet: a host name that cannot resolve fails the send with ERROR_INTERNET_NAME_NOT_RESOLVED") {
  const std::string host = unresolvableHost();
  for (bool async : {false, true}) {
    INFO((async ? "async" : "sync"));
    StatusRecorder& recorder = newRecorder();
    InetHandle session(InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, async ? INTERNET_FLAG_ASYNC : 0));
    REQUIRE(session.h);
    InternetSetStatusCallbackA(session, StatusRecorder::callbackA);
    InetHandle connect(InternetConnectA(session, host.c_str(), 80, nullptr, nullptr, INTERNET_SERVICE_HTTP, 0,
                                        recorder.context()));
    REQUIRE(connect.h);
    HINTERNET request = HttpOpenRequestA(connect, "GET", "/", nullptr, nullptr, nullptr, INTERNET_FLAG_RELOAD,
                                         recorder.context());
    REQUIRE(request);
    SetLastError(0xdeadbeef);
    REQUIRE_FALSE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
    if (async) {
      REQUIRE(GetLastError() == ERROR_IO_PENDING);
      REQUIRE(recorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE));
      REQUIRE(recorder.statuses(request) ==
              std::vector<DWORD>{INTERNET_STATUS_RESOLVING_NAME, INTERNET_STATUS_REQUEST_COMPLETE});
      const Notice done = recorder.last(INTERNET_STATUS_REQUEST_COMPLETE);
      REQUIRE(done.result == FALSE);
      REQUIRE(done.error == ERROR_INTERNET_NAME_NOT_RESOLVED);
    } else {
      // The one notification came on this thread, before the call returned.
      REQUIRE(GetLastError() == ERROR_INTERNET_NAME_NOT_RESOLVED);
      REQUIRE(recorder.statuses(request) == std::vector<DWORD>{INTERNET_STATUS_RESOLVING_NAME});
      REQUIRE(recorder.last(INTERNET_STATUS_RESOLVING_NAME).thread == GetCurrentThreadId());
    }
    const Notice resolving = recorder.last(INTERNET_STATUS_RESOLVING_NAME);
    REQUIRE(resolving.text == host);
    REQUIRE(resolving.lengthRight);
    REQUIRE(InternetCloseHandle(request));
    REQUIRE(recorder.waitFor(INTERNET_STATUS_HANDLE_CLOSING));
    REQUIRE(recorder.statuses(request).back() == INTERNET_STATUS_HANDLE_CLOSING);
  }
}
