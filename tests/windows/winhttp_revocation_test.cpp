// Certificate revocation with WINHTTP_ENABLE_SSL_REVOCATION: each
// certificate of the chain (its anchor aside) against the CRL its
// distribution point names, on the edge server's revocation listeners.
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "test_servers.h"
#include "winhttp_helpers.h"

namespace {

constexpr DWORD kIgnoreCertRevocationOffline = 155;  // WINHTTP_OPTION_IGNORE_CERT_REVOCATION_OFFLINE

struct Seen {
  std::atomic<DWORD> secureFailureFlags{0};
};

void CALLBACK onSecureFailure(HINTERNET, DWORD_PTR context, DWORD status, LPVOID info, DWORD) {
  if (status == WINHTTP_CALLBACK_STATUS_SECURE_FAILURE && context)
    reinterpret_cast<Seen*>(context)->secureFailureFlags = *static_cast<DWORD*>(info);
}

struct Checks {
  bool revocation = true;
  bool ignoreOffline = false;
};

void setChecks(HINTERNET request, const Checks& checks) {
  if (checks.revocation) {
    DWORD feature = WINHTTP_ENABLE_SSL_REVOCATION;
    REQUIRE(WinHttpSetOption(request, WINHTTP_OPTION_ENABLE_FEATURE, &feature, sizeof(feature)));
  }
  if (checks.ignoreOffline) {
    DWORD on = TRUE;
    REQUIRE(WinHttpSetOption(request, kIgnoreCertRevocationOffline, &on, sizeof(on)));
  }
}

// A synchronous GET over HTTPS in a session of its own (a connection of
// its own); 0 once the body arrived, else the error, and the flags of the
// SECURE_FAILURE notification.
DWORD getFrom(unsigned short port, const Checks& checks, Seen& seen) {
  WinHttpHandle session(WinHttpOpen(L"revocation", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  WinHttpSetStatusCallback(session, onSecureFailure, WINHTTP_CALLBACK_FLAG_SECURE_FAILURE, 0);
  WinHttpHandle connect(WinHttpConnect(session, L"127.0.0.1", port, 0));
  WinHttpHandle request(openGet(connect, L"/status/200", WINHTTP_FLAG_SECURE));
  setChecks(request, checks);
  if (!WinHttpSendRequest(request, nullptr, 0, nullptr, 0, 0, reinterpret_cast<DWORD_PTR>(&seen)) ||
      !WinHttpReceiveResponse(request, nullptr)) {
    const DWORD error = GetLastError();
    // Notifications of a synchronous call may arrive on another thread.
    for (int i = 0; i < 100 && !seen.secureFailureFlags; ++i) Sleep(20);
    return error;
  }
  REQUIRE(statusCode(request) == 200);
  REQUIRE(readBody(request) == "status 200\n");
  return 0;
}

DWORD getFrom(unsigned short port, const Checks& checks) {
  Seen seen;
  return getFrom(port, checks, seen);
}

// How many times the edge server was asked for /crl/<name>.crl.
int crlFetches(const wchar_t* name) {
  WinHttpHandle session(WinHttpOpen(L"revocation", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  WinHttpHandle connect(WinHttpConnect(session, L"127.0.0.1", edgePort(), 0));
  WinHttpHandle request(openGet(connect, (std::wstring(L"/crl-count/") + name).c_str()));
  REQUIRE(sendAndReceive(request));
  const std::string body = readBody(request);
  REQUIRE(body.compare(0, 8, "fetches=") == 0);
  return std::stoi(body.substr(8));
}

// An asynchronous GET driven from its callback; every notification of the
// request handle, in order, until the body has ended or the request failed.
struct AsyncGet {
  HANDLE done = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  HANDLE closed = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  std::mutex mutex;
  std::vector<DWORD> statuses;
  DWORD secureFailureFlags = 0;
  DWORD error = 0;
  std::string body;
  char buffer[4096];
  HINTERNET request = nullptr;
  ~AsyncGet() {
    CloseHandle(done);
    CloseHandle(closed);
  }

  static void CALLBACK onStatus(HINTERNET handle, DWORD_PTR context, DWORD status, LPVOID info, DWORD length) {
    auto* get = reinterpret_cast<AsyncGet*>(context);
    if (!get || handle != get->request) return;
    if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) {
      SetEvent(get->closed);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(get->mutex);
      get->statuses.push_back(status);
      if (status == WINHTTP_CALLBACK_STATUS_SECURE_FAILURE) get->secureFailureFlags = *static_cast<DWORD*>(info);
    }
    bool end = false;
    switch (status) {
      case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
        end = !WinHttpReceiveResponse(handle, nullptr);
        break;
      case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE:
        end = !WinHttpQueryDataAvailable(handle, nullptr);
        break;
      case WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE:
        end = *static_cast<DWORD*>(info) == 0 || !WinHttpReadData(handle, get->buffer, sizeof(get->buffer), nullptr);
        break;
      case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
        get->body.append(static_cast<char*>(info), length);
        end = length == 0 || !WinHttpQueryDataAvailable(handle, nullptr);
        break;
      case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR:
        get->error = static_cast<WINHTTP_ASYNC_RESULT*>(info)->dwError;
        end = true;
        break;
    }
    if (end) SetEvent(get->done);
  }

  // The notifications up to the end (HANDLE_CLOSING and what follows the
  // end are not part of it).
  std::vector<DWORD> run(unsigned short port, const Checks& checks) {
    WinHttpHandle session(WinHttpOpen(L"revocation-async", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr,
                                      WINHTTP_FLAG_ASYNC));
    REQUIRE(WinHttpSetStatusCallback(session, onStatus, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0) == nullptr);
    WinHttpHandle connect(WinHttpConnect(session, L"127.0.0.1", port, 0));
    request = openGet(connect, L"/status/200", WINHTTP_FLAG_SECURE);
    setChecks(request, checks);
    REQUIRE(WinHttpSendRequest(request, nullptr, 0, nullptr, 0, 0, reinterpret_cast<DWORD_PTR>(this)));
    REQUIRE(WaitForSingleObject(done, 30000) == WAIT_OBJECT_0);
    std::vector<DWORD> seen;
    {
      std::lock_guard<std::mutex> lock(mutex);
      seen = statuses;
    }
    // Nothing may reach this object once it is gone.
    REQUIRE(WinHttpCloseHandle(request));
    REQUIRE(WaitForSingleObject(closed, 10000) == WAIT_OBJECT_0);
    return seen;
  }
};

}  // namespace

TEST_CASE("WinHTTP revocation: a certificate its CRL does not list passes, a listed one fails with CERT_REVOKED") {
  REQUIRE(revocationGoodPort());
  CHECK(getFrom(revocationGoodPort(), Checks{}) == 0);
  Seen seen;
  CHECK(getFrom(revocationRevokedPort(), Checks{}, seen) == ERROR_WINHTTP_SECURE_FAILURE);
  CHECK(seen.secureFailureFlags == WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED);
  // Ignoring an unobtainable CRL does not pass a revoked certificate.
  CHECK(getFrom(revocationRevokedPort(), Checks{true, true}) == ERROR_WINHTTP_SECURE_FAILURE);

  AsyncGet get;
  const std::vector<DWORD> statuses = get.run(revocationRevokedPort(), Checks{});
  CHECK(get.error == ERROR_WINHTTP_SECURE_FAILURE);
  CHECK(get.secureFailureFlags == WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED);
  REQUIRE(statuses.size() >= 2);
  CHECK(statuses[statuses.size() - 2] == WINHTTP_CALLBACK_STATUS_SECURE_FAILURE);
  CHECK(statuses.back() == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
}

TEST_CASE("WinHTTP revocation: a CRL that cannot be had fails with CERT_REV_FAILED unless offline is ignored") {
  Seen seen;
  CHECK(getFrom(revocationOfflinePort(), Checks{}, seen) == ERROR_WINHTTP_SECURE_FAILURE);
  CHECK(seen.secureFailureFlags == WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED);
  CHECK(getFrom(revocationOfflinePort(), Checks{true, true}) == 0);
  CHECK(getFrom(revocationOfflinePort(), Checks{}) == ERROR_WINHTTP_SECURE_FAILURE);
}

TEST_CASE("WinHTTP revocation: a CRL that is no CRL, not the issuer's, or past its nextUpdate counts as unobtainable") {
  for (unsigned short port : {revocationGarbagePort(), revocationForgedPort(), revocationStalePort()}) {
    INFO("port " << port);
    REQUIRE(port);
    Seen seen;
    CHECK(getFrom(port, Checks{}, seen) == ERROR_WINHTTP_SECURE_FAILURE);
    CHECK(seen.secureFailureFlags == WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED);
    CHECK(getFrom(port, Checks{true, true}) == 0);
  }
}

TEST_CASE("WinHTTP revocation: not checked without SSL_REVOCATION; a certificate without a CRL passes") {
  CHECK(getFrom(revocationRevokedPort(), Checks{false, false}) == 0);
  CHECK(getFrom(revocationOfflinePort(), Checks{false, false}) == 0);
  CHECK(getFrom(edgeTlsPort(), Checks{}) == 0);
}

TEST_CASE("WinHTTP revocation: the CRL is fetched once per process, and the fetch shows in no notification") {
  const int before = crlFetches(L"counted");
  // The same request unchecked, then checked (its CRL fetched first):
  // the program sees the same notifications.
  AsyncGet plain;
  const std::vector<DWORD> unchecked = plain.run(revocationCountedPort(), Checks{false, false});
  REQUIRE(plain.error == 0);
  REQUIRE(plain.body == "status 200\n");
  AsyncGet checked;
  const std::vector<DWORD> withFetch = checked.run(revocationCountedPort(), Checks{});
  REQUIRE(checked.error == 0);
  REQUIRE(checked.body == "status 200\n");
  CHECK(withFetch == unchecked);
  CHECK(crlFetches(L"counted") == before + 1);
  // A second session (a connection of its own) finds the CRL in the cache.
  CHECK(getFrom(revocationCountedPort(), Checks{}) == 0);
  CHECK(crlFetches(L"counted") == before + 1);
}
