// Certificates refused for one reason each: WinINet names the reason in its
// error code, WinHTTP in the flags of its SECURE_FAILURE notification.
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <atomic>
#include <string>
#include <vector>

#include "test_servers.h"
#include "winhttp_helpers.h"

namespace {

struct Seen {
  std::atomic<DWORD> secureFailureFlags{0};
};

void CALLBACK onStatus(HINTERNET, DWORD_PTR context, DWORD status, LPVOID info, DWORD) {
  if (status == WINHTTP_CALLBACK_STATUS_SECURE_FAILURE && context)
    reinterpret_cast<Seen*>(context)->secureFailureFlags = *static_cast<DWORD*>(info);
}

// Sends a synchronous HTTPS request; returns the last error of the send and
// the SECURE_FAILURE flags reported to the callback.
DWORD sendTo(unsigned short port, Seen& seen) {
  WinHttpHandle session(WinHttpOpen(L"tls", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  WinHttpSetStatusCallback(session, onStatus, WINHTTP_CALLBACK_FLAG_SECURE_FAILURE, 0);
  WinHttpHandle connect(WinHttpConnect(session, L"localhost", port, 0));
  WinHttpHandle request(WinHttpOpenRequest(connect, nullptr, L"/hello.txt", nullptr, nullptr, nullptr,
                                           WINHTTP_FLAG_SECURE));
  const BOOL ok = WinHttpSendRequest(request, nullptr, 0, nullptr, 0, 0, reinterpret_cast<DWORD_PTR>(&seen));
  const DWORD error = ok ? 0 : GetLastError();
  // Notifications of a synchronous call may arrive on another thread.
  for (int i = 0; i < 100 && !seen.secureFailureFlags; ++i) Sleep(20);
  return error;
}

}  // namespace

TEST_CASE("WinHTTP: refused certificates fail with SECURE_FAILURE and say why in the notification") {
  struct Case {
    unsigned short port;
    DWORD flag;
  };
  for (const Case& c : {Case{expiredCertPort(), WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID},
                        Case{wrongNameCertPort(), WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID},
                        Case{untrustedCertPort(), WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA}}) {
    INFO("port " << c.port);
    Seen seen;
    REQUIRE(sendTo(c.port, seen) == ERROR_WINHTTP_SECURE_FAILURE);
    REQUIRE((seen.secureFailureFlags & c.flag) != 0);
  }
}

namespace {

void CALLBACK recordStatus(HINTERNET, DWORD_PTR context, DWORD status, LPVOID, DWORD) {
  if (context) reinterpret_cast<std::vector<DWORD>*>(context)->push_back(status);
}

}  // namespace

TEST_CASE("WinHTTP: a refused certificate comes after the TCP connection was reported") {
  // Windows connects first and negotiates TLS on the connection: the
  // failure follows CONNECTED_TO_SERVER (synchronous mode: on this thread,
  // before the send returns, and no REQUEST_ERROR). The record outlives
  // the handles: the request's HANDLE_CLOSING carries it as its context.
  std::vector<DWORD> seen;
  WinHttpHandle session(WinHttpOpen(L"tls", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  WinHttpSetStatusCallback(session, recordStatus, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  WinHttpHandle connect(WinHttpConnect(session, L"127.0.0.1", untrustedCertPort(), 0));
  WinHttpHandle request(
      WinHttpOpenRequest(connect, nullptr, L"/hello.txt", nullptr, nullptr, nullptr, WINHTTP_FLAG_SECURE));
  REQUIRE_FALSE(WinHttpSendRequest(request, nullptr, 0, nullptr, 0, 0, reinterpret_cast<DWORD_PTR>(&seen)));
  REQUIRE(GetLastError() == ERROR_WINHTTP_SECURE_FAILURE);
  const std::vector<DWORD> expected = {
      WINHTTP_CALLBACK_STATUS_RESOLVING_NAME,       WINHTTP_CALLBACK_STATUS_NAME_RESOLVED,
      WINHTTP_CALLBACK_STATUS_CONNECTING_TO_SERVER, WINHTTP_CALLBACK_STATUS_CONNECTED_TO_SERVER,
      WINHTTP_CALLBACK_STATUS_SECURE_FAILURE};
  REQUIRE(seen == expected);
}
