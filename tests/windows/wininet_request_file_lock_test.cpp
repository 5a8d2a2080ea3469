// InternetLockRequestFile / InternetUnlockRequestFile on HTTP requests, as
// Wine's tests record Windows: no file before the send, the same lock
// handle for every lock of a request, each lock released by its own
// unlock, also after the request handle closed.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>

#include "test_servers.h"
#include "wininet_helpers.h"
#include "wininet_status_recorder.h"

namespace {

struct HttpConnection {
  InetHandle session{InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0)};
  InetHandle connect{
      InternetConnectA(session, "127.0.0.1", httpPort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0)};
  HINTERNET open(DWORD flags) {
    HINTERNET request = HttpOpenRequestA(connect, "GET", "/hello.txt", nullptr, nullptr, nullptr, flags, 0);
    REQUIRE(request);
    return request;
  }
};

}  // namespace

TEST_CASE("WinINet: InternetLockRequestFile locks a sent request's body until each lock is released") {
  HttpConnection http;
  HINTERNET request = http.open(INTERNET_FLAG_RELOAD);

  HANDLE lock = nullptr;
  SetLastError(0xdeadbeef);
  CHECK_FALSE(InternetLockRequestFile(request, &lock));
  CHECK(GetLastError() == ERROR_FILE_NOT_FOUND);

  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(InternetLockRequestFile(request, &lock));
  CHECK(lock != nullptr);
  HANDLE second = nullptr;
  REQUIRE(InternetLockRequestFile(request, &second));
  CHECK(second == lock);
  const std::string body = readAll(request);
  CHECK_FALSE(body.empty());

  CHECK(InternetUnlockRequestFile(second));
  REQUIRE(InternetCloseHandle(request));
  // The first lock outlives the handle.
  CHECK(InternetUnlockRequestFile(lock));
  // Both locks are released: the handle no longer names one.
  SetLastError(0xdeadbeef);
  CHECK_FALSE(InternetUnlockRequestFile(lock));
  CHECK(GetLastError() == ERROR_INVALID_HANDLE);
}

TEST_CASE("WinINet: a locked request still closes, HANDLE_CLOSING included") {
  StatusRecorder& recorder = newRecorder();
  RecordedConnection http(recorder, httpPort());
  HINTERNET request =
      HttpOpenRequestA(http.connect, "GET", "/hello.txt", nullptr, nullptr, nullptr, INTERNET_FLAG_RELOAD,
                       recorder.context());
  REQUIRE(request);
  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  HANDLE lock = nullptr;
  REQUIRE(InternetLockRequestFile(request, &lock));
  REQUIRE(InternetCloseHandle(request));
  // The lock keeps the body, not the handle.
  CHECK(recorder.waitFor(INTERNET_STATUS_HANDLE_CLOSING));
  CHECK(recorder.last(INTERNET_STATUS_HANDLE_CLOSING).handle == request);
  CHECK(InternetUnlockRequestFile(lock));
}

TEST_CASE("WinINet: InternetLockRequestFile on InternetOpenUrl's request, and a lock per request") {
  InetHandle session(InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  const std::string url = "http://127.0.0.1:" + std::to_string(httpPort()) + "/hello.txt";
  InetHandle first(InternetOpenUrlA(session, url.c_str(), nullptr, 0, INTERNET_FLAG_RELOAD, 0));
  InetHandle second(InternetOpenUrlA(session, url.c_str(), nullptr, 0, INTERNET_FLAG_RELOAD, 0));
  REQUIRE(first.h);
  REQUIRE(second.h);
  HANDLE firstLock = nullptr;
  HANDLE secondLock = nullptr;
  REQUIRE(InternetLockRequestFile(first, &firstLock));
  REQUIRE(InternetLockRequestFile(second, &secondLock));
  CHECK(firstLock != secondLock);
  CHECK(InternetUnlockRequestFile(firstLock));
  CHECK(InternetUnlockRequestFile(secondLock));
}

TEST_CASE("WinINet: InternetLockRequestFile finds no file for a request that is not cached") {
  HttpConnection http;
  InetHandle request(http.open(INTERNET_FLAG_NO_CACHE_WRITE));
  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  HANDLE lock = reinterpret_cast<HANDLE>(0x1234);
  SetLastError(0xdeadbeef);
  CHECK_FALSE(InternetLockRequestFile(request, &lock));
  CHECK(GetLastError() == ERROR_FILE_NOT_FOUND);
  CHECK_FALSE(readAll(request).empty());
}

TEST_CASE("WinINet: InternetLockRequestFile and InternetUnlockRequestFile refuse bad input") {
  HttpConnection http;
  HANDLE lock = nullptr;
  SetLastError(0xdeadbeef);
  CHECK_FALSE(InternetLockRequestFile(nullptr, &lock));
  CHECK(GetLastError() == ERROR_INVALID_HANDLE);
  for (HINTERNET wrong : {http.session.h, http.connect.h}) {
    SetLastError(0xdeadbeef);
    CHECK_FALSE(InternetLockRequestFile(wrong, &lock));
    CHECK(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  }
  {
    InetHandle request(http.open(INTERNET_FLAG_RELOAD));
    REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
    SetLastError(0xdeadbeef);
    CHECK_FALSE(InternetLockRequestFile(request, nullptr));
    CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  }
  HINTERNET closed = http.open(0);
  REQUIRE(InternetCloseHandle(closed));
  SetLastError(0xdeadbeef);
  CHECK_FALSE(InternetLockRequestFile(closed, &lock));
  CHECK(GetLastError() == ERROR_INVALID_HANDLE);

  SetLastError(0xdeadbeef);
  CHECK_FALSE(InternetUnlockRequestFile(nullptr));
  CHECK(GetLastError() == ERROR_INVALID_HANDLE);
  SetLastError(0xdeadbeef);
  CHECK_FALSE(InternetUnlockRequestFile(reinterpret_cast<HANDLE>(0x1234)));
  CHECK(GetLastError() == ERROR_INVALID_HANDLE);
}
