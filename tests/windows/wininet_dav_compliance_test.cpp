// HttpCheckDavComplianceA/W (ordinals 104/105, and the name
// HttpCheckDavCompliance for the A form): an OPTIONS request to the URL's
// server, through the user's preconfigured proxy, and whether its DAV
// headers name the compliance class. Against the edge server's /dav.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>

#include "saved_user_proxy.h"
#include "test_servers.h"
#include "wininet_helpers.h"

namespace {

using CheckA = BOOL(WINAPI*)(LPCSTR, LPCSTR, LPBOOL, HWND, LPVOID);
using CheckW = BOOL(WINAPI*)(LPCWSTR, LPCWSTR, LPBOOL, HWND, LPVOID);

CheckA checkA() {
  auto f = wininetProc<CheckA>(MAKEINTRESOURCEA(104));
  REQUIRE(f);
  return f;
}
CheckW checkW() {
  auto f = wininetProc<CheckW>(MAKEINTRESOURCEA(105));
  REQUIRE(f);
  return f;
}

std::string davUrl(const std::string& query) {
  return "http://127.0.0.1:" + std::to_string(edgePort()) + "/dav/folder/" + query;
}
std::wstring wide(const std::string& text) { return std::wstring(text.begin(), text.end()); }

// The answer for `url` and `token` through the A form: -1 when the call
// failed, else *found.
int askA(const std::string& url, const char* token) {
  BOOL found = 2;
  if (!checkA()(url.c_str(), token, &found, nullptr, nullptr)) return -1;
  return found;
}

}  // namespace

TEST_CASE("HttpCheckDavCompliance: the classes of the DAV headers, several headers as one list") {
  const std::string url = davUrl("?class=1,%202&class=%3Chttp://apache.org/dav/propset/fs/1%3E&class=3");
  CHECK(askA(url, "1") == TRUE);
  CHECK(askA(url, "2") == TRUE);
  CHECK(askA(url, "3") == TRUE);
  CHECK(askA(url, "<http://apache.org/dav/propset/fs/1>") == TRUE);
  CHECK(askA(url, "4") == FALSE);
  // Unconfirmed: class identifiers compare as written (RFC 4918 defines no
  // case folding); the whitespace around list elements does not count.
  CHECK(askA(url, " 2 ") == TRUE);
  CHECK(askA(url, "<HTTP://apache.org/dav/propset/fs/1>") == FALSE);
  CHECK(askA(url, "1, 2") == FALSE);
  // Unconfirmed: an empty token is in no list.
  CHECK(askA(url, "") == FALSE);

  // The W form, by ordinal.
  BOOL found = FALSE;
  SetLastError(0xdeadbeef);
  REQUIRE(checkW()(wide(url).c_str(), L"2", &found, nullptr, nullptr));
  CHECK(found == TRUE);
  CHECK(GetLastError() == ERROR_SUCCESS);
  REQUIRE(checkW()(wide(url).c_str(), L"5", &found, nullptr, nullptr));
  CHECK(found == FALSE);

  // The named export is the A form.
  auto named = wininetProc<CheckA>("HttpCheckDavCompliance");
  REQUIRE(named);
  found = FALSE;
  REQUIRE(named(url.c_str(), "3", &found, nullptr, nullptr));
  CHECK(found == TRUE);
}

TEST_CASE("HttpCheckDavCompliance: an answer without DAV headers is TRUE with nothing found") {
  // /dav without ?class: 200 without a DAV header.
  CHECK(askA(davUrl(""), "1") == FALSE);
  // Unconfirmed: any response is an answer, whatever its status.
  const std::string missing = "http://127.0.0.1:" + std::to_string(edgePort()) + "/status/404";
  CHECK(askA(missing, "1") == FALSE);
}

TEST_CASE("HttpCheckDavCompliance asks with OPTIONS") {
  // /dav names its classes only to OPTIONS: any other method gets a 405
  // without DAV headers.
  CHECK(askA(davUrl("?class=1"), "1") == TRUE);
}

TEST_CASE("HttpCheckDavCompliance goes through the user's preconfigured proxy") {
  SavedUserProxy saved;
  saved.setPlain(1, wide("127.0.0.1:" + std::to_string(edgePort())).c_str(), nullptr);
  // The edge server serves an absolute-form target by its path: the name is
  // never looked up, the proxy answers.
  CHECK(askA("http://dav.example/dav/?class=2", "2") == TRUE);
}

TEST_CASE("HttpCheckDavCompliance over HTTPS") {
  const std::string url = "https://localhost:" + std::to_string(edgeTlsPort()) + "/dav?class=1,2";
  CHECK(askA(url, "2") == TRUE);
  // A certificate WinINet refuses fails the check with its error.
  SetLastError(0xdeadbeef);
  CHECK(askA("https://localhost:" + std::to_string(untrustedCertPort()) + "/", "1") == -1);
  CHECK(GetLastError() == ERROR_INTERNET_INVALID_CA);
}

TEST_CASE("HttpCheckDavCompliance: bad input and unreachable servers fail with WinINet's errors") {
  const std::string url = davUrl("?class=1");
  BOOL found = 2;
  for (int which = 0; which < 3; ++which) {
    INFO(which);
    SetLastError(0xdeadbeef);
    CHECK_FALSE(checkA()(which == 0 ? nullptr : url.c_str(), which == 1 ? nullptr : "1",
                         which == 2 ? nullptr : &found, nullptr, nullptr));
    CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    CHECK_FALSE(checkW()(which == 0 ? nullptr : wide(url).c_str(), which == 1 ? nullptr : L"1",
                         which == 2 ? nullptr : &found, nullptr, nullptr));
    CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  }
  // The URL errors of InternetOpenUrl.
  SetLastError(0xdeadbeef);
  CHECK(askA("not a url", "1") == -1);
  CHECK(GetLastError() == ERROR_INTERNET_UNRECOGNIZED_SCHEME);
  SetLastError(0xdeadbeef);
  CHECK(askA("http://", "1") == -1);
  CHECK(GetLastError() == ERROR_INTERNET_INVALID_URL);
  // Unconfirmed: WebDAV is HTTP's; another scheme is refused like
  // InternetOpenUrl refuses one it does not speak.
  SetLastError(0xdeadbeef);
  CHECK(askA("gopher://127.0.0.1/", "1") == -1);
  CHECK(GetLastError() == ERROR_INTERNET_UNRECOGNIZED_SCHEME);
  // Nothing listens on port 1.
  SetLastError(0xdeadbeef);
  found = 2;
  CHECK_FALSE(checkW()(L"http://127.0.0.1:1/", L"1", &found, nullptr, nullptr));
  CHECK(GetLastError() == ERROR_INTERNET_CANNOT_CONNECT);
  // Unconfirmed: *found is cleared before the request is sent.
  CHECK(found == FALSE);
}
