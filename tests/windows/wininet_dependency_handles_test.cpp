// HttpOpenDependencyHandle, HttpDuplicateDependencyHandle,
// HttpCloseDependencyHandle and HttpIndicatePageLoadComplete: opaque,
// reference-counted dependency objects tied to a request, which change
// nothing in how requests run here. And ResumeSuspendedDownload, for which
// no request is ever suspended.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>

#include "test_servers.h"
#include "wininet_helpers.h"

typedef LPVOID HTTP_DEPENDENCY_HANDLE;
extern "C" {
DWORD WINAPI HttpOpenDependencyHandle(HINTERNET request, BOOL background, HTTP_DEPENDENCY_HANDLE* dependency);
DWORD WINAPI HttpDuplicateDependencyHandle(HTTP_DEPENDENCY_HANDLE dependency, HTTP_DEPENDENCY_HANDLE* duplicate);
void WINAPI HttpCloseDependencyHandle(HTTP_DEPENDENCY_HANDLE dependency);
DWORD WINAPI HttpIndicatePageLoadComplete(HTTP_DEPENDENCY_HANDLE dependency);
}

namespace {

struct Handles {
  InetHandle session{InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0)};
  InetHandle connect{InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0)};
  HINTERNET openRequest(const char* path = "/status/200") {
    HINTERNET request = HttpOpenRequestA(connect, "GET", path, nullptr, nullptr, nullptr, INTERNET_FLAG_RELOAD, 0);
    REQUIRE(request);
    return request;
  }
};

}  // namespace

TEST_CASE("Dependency handles: open, duplicate, indicate page load, close; the request runs as before") {
  Handles h;
  InetHandle request(h.openRequest());
  HTTP_DEPENDENCY_HANDLE dependency = nullptr;
  REQUIRE(HttpOpenDependencyHandle(request, FALSE, &dependency) == ERROR_SUCCESS);
  REQUIRE(dependency);
  HTTP_DEPENDENCY_HANDLE duplicate = nullptr;
  REQUIRE(HttpDuplicateDependencyHandle(dependency, &duplicate) == ERROR_SUCCESS);
  REQUIRE(duplicate);
  CHECK(duplicate != dependency);

  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  CHECK(statusOf(request) == 200);
  CHECK(readAll(request) == "status 200\n");

  CHECK(HttpIndicatePageLoadComplete(dependency) == ERROR_SUCCESS);
  // Unconfirmed: saying so again is no error.
  CHECK(HttpIndicatePageLoadComplete(duplicate) == ERROR_SUCCESS);

  // One handle closed, the other still names the dependency.
  HttpCloseDependencyHandle(dependency);
  CHECK(HttpIndicatePageLoadComplete(dependency) == ERROR_INVALID_HANDLE);
  CHECK(HttpIndicatePageLoadComplete(duplicate) == ERROR_SUCCESS);
  HTTP_DEPENDENCY_HANDLE third = nullptr;
  REQUIRE(HttpDuplicateDependencyHandle(duplicate, &third) == ERROR_SUCCESS);
  HttpCloseDependencyHandle(duplicate);
  CHECK(HttpIndicatePageLoadComplete(third) == ERROR_SUCCESS);
  HttpCloseDependencyHandle(third);
  CHECK(HttpIndicatePageLoadComplete(third) == ERROR_INVALID_HANDLE);
  HTTP_DEPENDENCY_HANDLE none = reinterpret_cast<HTTP_DEPENDENCY_HANDLE>(1);
  CHECK(HttpDuplicateDependencyHandle(third, &none) == ERROR_INVALID_HANDLE);
  CHECK(none == nullptr);

  // A background dependency is one like any other.
  HTTP_DEPENDENCY_HANDLE background = nullptr;
  REQUIRE(HttpOpenDependencyHandle(request, TRUE, &background) == ERROR_SUCCESS);
  CHECK(HttpIndicatePageLoadComplete(background) == ERROR_SUCCESS);
  HttpCloseDependencyHandle(background);
}

TEST_CASE("Dependency handles outlive their request, and are no HINTERNET") {
  Handles h;
  HINTERNET request = h.openRequest();
  HTTP_DEPENDENCY_HANDLE dependency = nullptr;
  REQUIRE(HttpOpenDependencyHandle(request, FALSE, &dependency) == ERROR_SUCCESS);
  REQUIRE(InternetCloseHandle(request));
  // Unconfirmed: the dependency stays usable until its own handles close.
  HTTP_DEPENDENCY_HANDLE duplicate = nullptr;
  REQUIRE(HttpDuplicateDependencyHandle(dependency, &duplicate) == ERROR_SUCCESS);
  CHECK(HttpIndicatePageLoadComplete(dependency) == ERROR_SUCCESS);
  // Neither kind of handle is valid for the other's functions.
  SetLastError(0xdeadbeef);
  CHECK_FALSE(InternetCloseHandle(static_cast<HINTERNET>(dependency)));
  CHECK(GetLastError() == ERROR_INVALID_HANDLE);
  CHECK(HttpIndicatePageLoadComplete(static_cast<HTTP_DEPENDENCY_HANDLE>(h.session.h)) == ERROR_INVALID_HANDLE);
  HttpCloseDependencyHandle(static_cast<HTTP_DEPENDENCY_HANDLE>(h.connect.h));
  CHECK(InternetCloseHandle(h.connect.h));
  h.connect.h = nullptr;
  HttpCloseDependencyHandle(dependency);
  HttpCloseDependencyHandle(duplicate);
  // Closing unknown or closed values does nothing.
  HttpCloseDependencyHandle(dependency);
  HttpCloseDependencyHandle(nullptr);
}

TEST_CASE("Dependency handles: bad input") {
  Handles h;
  InetHandle request(h.openRequest());
  HTTP_DEPENDENCY_HANDLE dependency = reinterpret_cast<HTTP_DEPENDENCY_HANDLE>(1);
  CHECK(HttpOpenDependencyHandle(request, FALSE, nullptr) == ERROR_INVALID_PARAMETER);
  CHECK(HttpOpenDependencyHandle(nullptr, FALSE, &dependency) == ERROR_INVALID_HANDLE);
  CHECK(dependency == nullptr);
  CHECK(HttpOpenDependencyHandle(h.session, FALSE, &dependency) == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  CHECK(HttpOpenDependencyHandle(h.connect, FALSE, &dependency) == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  HINTERNET closed = h.openRequest();
  REQUIRE(InternetCloseHandle(closed));
  CHECK(HttpOpenDependencyHandle(closed, FALSE, &dependency) == ERROR_INVALID_HANDLE);
  CHECK(dependency == nullptr);

  REQUIRE(HttpOpenDependencyHandle(request, FALSE, &dependency) == ERROR_SUCCESS);
  CHECK(HttpDuplicateDependencyHandle(dependency, nullptr) == ERROR_INVALID_PARAMETER);
  HTTP_DEPENDENCY_HANDLE duplicate = nullptr;
  CHECK(HttpDuplicateDependencyHandle(nullptr, &duplicate) == ERROR_INVALID_HANDLE);
  CHECK(HttpIndicatePageLoadComplete(nullptr) == ERROR_INVALID_HANDLE);
  HttpCloseDependencyHandle(dependency);
}

TEST_CASE("ResumeSuspendedDownload: no request is suspended here") {
  Handles h;
  InetHandle request(h.openRequest());
  // Unconfirmed: a request not waiting on a dialog is in the wrong state.
  SetLastError(0xdeadbeef);
  CHECK_FALSE(ResumeSuspendedDownload(request, 0));
  CHECK(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_STATE);
  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  SetLastError(0xdeadbeef);
  CHECK_FALSE(ResumeSuspendedDownload(request, ERROR_INTERNET_FORCE_RETRY));
  CHECK(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_STATE);
  // The request goes on as if never asked.
  CHECK(readAll(request) == "status 200\n");

  SetLastError(0xdeadbeef);
  CHECK_FALSE(ResumeSuspendedDownload(nullptr, 0));
  CHECK(GetLastError() == ERROR_INVALID_HANDLE);
  SetLastError(0xdeadbeef);
  CHECK_FALSE(ResumeSuspendedDownload(h.connect, 0));
  CHECK(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  HINTERNET closed = h.openRequest();
  REQUIRE(InternetCloseHandle(closed));
  SetLastError(0xdeadbeef);
  CHECK_FALSE(ResumeSuspendedDownload(closed, 0));
  CHECK(GetLastError() == ERROR_INVALID_HANDLE);
}
