// InternetGetConnectedState(Ex), InternetCheckConnection,
// InternetAttemptConnect, InternetErrorDlg and InternetConfirmZoneCrossing
// without UI, InternetGetLastResponseInfo.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>

#include "test_servers.h"
#include "wininet_helpers.h"

#ifndef ERROR_INTERNET_SEC_CERT_WEAK_SIGNATURE
#define ERROR_INTERNET_SEC_CERT_WEAK_SIGNATURE (INTERNET_ERROR_BASE + 62)
#endif

TEST_CASE("WinINet connection: the connected state says what this machine has") {
  DWORD flags = 0;
  const BOOL online = InternetGetConnectedState(&flags, 0);
  REQUIRE((flags & INTERNET_RAS_INSTALLED));
  REQUIRE(bool(online) == bool(flags & INTERNET_CONNECTION_LAN));
  REQUIRE(bool(InternetGetConnectedState(nullptr, 0)) == bool(online));
  REQUIRE((InternetAttemptConnect(0) == ERROR_SUCCESS) == bool(online));
  if (!online) return;

  char name[64] = "x";
  flags = 0;
  REQUIRE(InternetGetConnectedStateExA(&flags, name, sizeof(name), 0));
  REQUIRE((flags & INTERNET_CONNECTION_LAN));
  const std::string full = name;
  REQUIRE_FALSE(full.empty());
  REQUIRE(InternetGetConnectedStateExA(nullptr, nullptr, 0, 0));
  // A name that does not fit is cut; 1 leaves only the terminator.
  name[0] = '#';
  REQUIRE(InternetGetConnectedStateExA(&flags, name, 1, 0));
  REQUIRE(name[0] == 0);
  REQUIRE(InternetGetConnectedStateExA(&flags, name, 3, 0));
  REQUIRE(std::string(name) == full.substr(0, 2));
  name[0] = '#';
  REQUIRE(InternetGetConnectedStateExA(&flags, name, 0, 0));
  REQUIRE(name[0] == '#');

  wchar_t wide[64];
  REQUIRE(InternetGetConnectedStateExW(&flags, wide, 64, 0));
  REQUIRE(std::wstring(wide) == std::wstring(full.begin(), full.end()));
  REQUIRE(InternetGetConnectedStateExW(&flags, wide, 2, 0));
  REQUIRE(std::wstring(wide) == std::wstring(1, wchar_t(full[0])));
}

TEST_CASE("WinINet connection: InternetCheckConnection connects to the URL's server") {
  const std::string live = "http://127.0.0.1:" + std::to_string(edgePort()) + "/";
  REQUIRE(InternetCheckConnectionA(live.c_str(), FLAG_ICC_FORCE_CONNECTION, 0));
  REQUIRE(InternetCheckConnectionA(live.c_str(), 0, 0));
  const std::wstring wideLive(live.begin(), live.end());
  REQUIRE(InternetCheckConnectionW(wideLive.c_str(), FLAG_ICC_FORCE_CONNECTION, 0));
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetCheckConnectionA("http://127.0.0.1:1/", FLAG_ICC_FORCE_CONNECTION, 0));
  REQUIRE(GetLastError() == ERROR_INTERNET_CANNOT_CONNECT);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetCheckConnectionW(L"not a url", FLAG_ICC_FORCE_CONNECTION, 0));
  REQUIRE(GetLastError() == ERROR_INTERNET_INVALID_URL);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetCheckConnectionA(nullptr, 0, 0));
  REQUIRE(GetLastError() == ERROR_NOT_CONNECTED);
}

TEST_CASE("WinINet connection: InternetErrorDlg without UI answers as Windows does") {
  REQUIRE(InternetErrorDlg(nullptr, nullptr, ERROR_INTERNET_SEC_CERT_ERRORS, 0, nullptr) == ERROR_INVALID_HANDLE);
  InetHandle session(InternetOpenA(nullptr, INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle connect(InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  InetHandle request(HttpOpenRequestA(connect, "GET", "/", nullptr, nullptr, nullptr, 0, 0));
  struct Case {
    DWORD error, result;
    bool needsRequest;
  };
  const Case special[] = {
      {ERROR_INTERNET_INCORRECT_PASSWORD, ERROR_SUCCESS, true},
      {ERROR_INTERNET_SEC_CERT_DATE_INVALID, ERROR_CANCELLED, false},
      {ERROR_INTERNET_SEC_CERT_CN_INVALID, ERROR_CANCELLED, false},
      {ERROR_INTERNET_HTTP_TO_HTTPS_ON_REDIR, ERROR_SUCCESS, false},
      {ERROR_INTERNET_HTTPS_TO_HTTP_ON_REDIR, ERROR_SUCCESS, false},
      {ERROR_INTERNET_MIXED_SECURITY, ERROR_CANCELLED, false},
      {ERROR_INTERNET_CHG_POST_IS_NON_SECURE, ERROR_SUCCESS, false},
      {ERROR_INTERNET_POST_IS_NON_SECURE, ERROR_SUCCESS, false},
      {ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED, ERROR_CANCELLED, true},
      {ERROR_INTERNET_INVALID_CA, ERROR_CANCELLED, false},
      {ERROR_INTERNET_HTTPS_HTTP_SUBMIT_REDIR, ERROR_CANCELLED, false},
      {ERROR_INTERNET_INSERT_CDROM, ERROR_CANCELLED, true},
      {ERROR_INTERNET_SEC_CERT_ERRORS, ERROR_CANCELLED, false},
      {ERROR_INTERNET_SEC_CERT_REV_FAILED, ERROR_CANCELLED, false},
      {ERROR_HTTP_COOKIE_NEEDS_CONFIRMATION, ERROR_HTTP_COOKIE_DECLINED, false},
      {ERROR_INTERNET_BAD_AUTO_PROXY_SCRIPT, ERROR_CANCELLED, false},
      {ERROR_INTERNET_UNABLE_TO_DOWNLOAD_SCRIPT, ERROR_CANCELLED, false},
      {ERROR_HTTP_REDIRECT_NEEDS_CONFIRMATION, ERROR_CANCELLED, false},
      {ERROR_INTERNET_SEC_CERT_REVOKED, ERROR_CANCELLED, false},
      {ERROR_INTERNET_SEC_CERT_WEAK_SIGNATURE, ERROR_CANCELLED, false},
  };
  constexpr DWORD kNoUi = FLAGS_ERROR_UI_FLAGS_NO_UI;
  constexpr DWORD kFilter = FLAGS_ERROR_UI_FILTER_FOR_ERRORS | FLAGS_ERROR_UI_FLAGS_NO_UI;
  const HWND desktop = GetDesktopWindow();
  for (DWORD error = INTERNET_ERROR_BASE; error < INTERNET_ERROR_LAST; ++error) {
    INFO(error);
    DWORD expected = ERROR_CANCELLED, filtered = ERROR_SUCCESS;
    bool needsRequest = false;
    for (const Case& c : special) {
      if (c.error != error) continue;
      expected = filtered = c.result;
      needsRequest = c.needsRequest;
    }
    REQUIRE(InternetErrorDlg(desktop, reinterpret_cast<HINTERNET>(0xdeadbeef), error, kNoUi, nullptr) ==
            ERROR_INVALID_HANDLE);
    REQUIRE(InternetErrorDlg(desktop, request, error, kNoUi, nullptr) == expected);
    REQUIRE(InternetErrorDlg(nullptr, request, error, kNoUi, nullptr) == expected);
    REQUIRE(InternetErrorDlg(nullptr, request, error, kFilter, nullptr) == filtered);
    REQUIRE(InternetErrorDlg(desktop, nullptr, error, kNoUi, nullptr) ==
            (needsRequest ? DWORD(ERROR_INVALID_PARAMETER) : expected));
    REQUIRE(InternetErrorDlg(nullptr, nullptr, error, kFilter, nullptr) ==
            (needsRequest ? DWORD(ERROR_INVALID_PARAMETER) : filtered));
  }
  REQUIRE(InternetErrorDlg(nullptr, request, 0xdeadbeef, kFilter, nullptr) == ERROR_SUCCESS);
  REQUIRE(InternetErrorDlg(nullptr, nullptr, 0xdeadbeef, kFilter, nullptr) == ERROR_SUCCESS);
  // Without UI nothing was agreed to: no certificate check is waived.
  DWORD flags = 0xdeadbeef, size = sizeof(flags);
  REQUIRE(InternetErrorDlg(nullptr, request, ERROR_INTERNET_INVALID_CA, kNoUi | FLAGS_ERROR_UI_FLAGS_CHANGE_OPTIONS,
                           nullptr) == ERROR_CANCELLED);
  REQUIRE(InternetQueryOptionA(request, INTERNET_OPTION_SECURITY_FLAGS, &flags, &size));
  REQUIRE(flags == 0);
}

TEST_CASE("WinINet connection: InternetConfirmZoneCrossing without a warning to give") {
  char http[] = "http://127.0.0.1/", https[] = "https://127.0.0.1/";
  REQUIRE(InternetConfirmZoneCrossingA(nullptr, http, http, FALSE) == ERROR_SUCCESS);
  REQUIRE(InternetConfirmZoneCrossingA(nullptr, http, https, TRUE) == ERROR_SUCCESS);
  wchar_t wideHttp[] = L"http://a/", wideHttps[] = L"https://a/";
  REQUIRE(InternetConfirmZoneCrossingW(nullptr, wideHttps, wideHttp, FALSE) == ERROR_SUCCESS);
}

TEST_CASE("WinINet connection: HTTP leaves no last response info") {
  InetHandle session(InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  const std::string url = "http://127.0.0.1:" + std::to_string(edgePort()) + "/status/404";
  InetHandle file(InternetOpenUrlA(session, url.c_str(), nullptr, 0, 0, 0));
  REQUIRE(file.h);
  DWORD error = 0xdeadbeef, length = 16;
  char text[16] = "#";
  REQUIRE(InternetGetLastResponseInfoA(&error, text, &length));
  REQUIRE(error == 0);
  REQUIRE(length == 0);
  wchar_t wide[16];
  length = 16;
  REQUIRE(InternetGetLastResponseInfoW(&error, wide, &length));
  REQUIRE(length == 0);
  length = 0;
  REQUIRE(InternetGetLastResponseInfoA(&error, nullptr, &length));
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetGetLastResponseInfoA(nullptr, text, &length));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(InternetGetLastResponseInfoW(&error, wide, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
}
