// InternetConvertUrlFromWireToWideChar (a Location header's bytes as a
// Unicode URL: resolved against a base, each part in its code page) and
// _GetFileExtensionFromUrl.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <cstring>
#include <string>

#include "test_servers.h"
#include "wininet_helpers.h"

namespace {

using ConvertFromWire = DWORD(WINAPI*)(const char*, DWORD, PCWSTR, DWORD, DWORD, BOOL, DWORD, PWSTR*);
using FileExtension = DWORD(WINAPI*)(LPSTR, DWORD, LPSTR, DWORD*);

ConvertFromWire convertFromWire() {
  auto function = wininetProc<ConvertFromWire>("InternetConvertUrlFromWireToWideChar");
  REQUIRE(function);
  return function;
}

// The converted URL, or "<error N>".
std::wstring convert(const char* url, const wchar_t* base, DWORD host = CP_UTF8, DWORD path = CP_UTF8,
                     BOOL encode = FALSE, DWORD extra = CP_UTF8, DWORD length = 0) {
  PWSTR converted = reinterpret_cast<PWSTR>(1);
  const DWORD error = convertFromWire()(url, length ? length : static_cast<DWORD>(std::strlen(url)), base, host,
                                        path, encode, extra, &converted);
  if (error != ERROR_SUCCESS) {
    CHECK(converted == nullptr);
    return L"<error " + std::to_wstring(error) + L">";
  }
  REQUIRE(converted);
  std::wstring text = converted;
  // Unconfirmed: GlobalAlloc'ed, as WinINet's other caller-freed strings:
  // GlobalFree (or LocalFree) releases it.
  CHECK(GlobalFree(converted) == nullptr);
  return text;
}

std::string extensionOf(const char* url, DWORD* error = nullptr) {
  auto function = wininetProc<FileExtension>("_GetFileExtensionFromUrl");
  REQUIRE(function);
  char buffer[64];
  DWORD length = sizeof(buffer);
  const DWORD result = function(const_cast<LPSTR>(url), 0, buffer, &length);
  if (error) *error = result;
  if (result != ERROR_SUCCESS) return "<error>";
  CHECK(length == std::strlen(buffer));
  return buffer;
}

}  // namespace

TEST_CASE("InternetConvertUrlFromWireToWideChar: absolute URLs, and relative ones against the base") {
  // Unconfirmed: a relative reference resolves as InternetCombineUrl
  // resolves it, without escaping.
  CHECK(convert("http://host/a/b?x=1#f", nullptr) == L"http://host/a/b?x=1#f");
  CHECK(convert("http://host/a/b", L"http://base.example/dir/page") == L"http://host/a/b");
  CHECK(convert("other.html?q", L"http://base.example/dir/page") == L"http://base.example/dir/other.html?q");
  CHECK(convert("/root", L"https://base.example:8443/dir/page") == L"https://base.example:8443/root");
  CHECK(convert("../up", L"http://base.example/a/b/c") == L"http://base.example/a/up");
  CHECK(convert("//other.example/x", L"https://base.example/") == L"https://other.example/x");
  // Escapes the server made stay as they are.
  CHECK(convert("/a%20b", L"http://base.example/") == L"http://base.example/a%20b");
  // A counted header value need not end with a NUL (Unconfirmed: 0 means
  // up to the NUL, as for the other counted strings).
  CHECK(convert("http://host/abcdef", nullptr, CP_UTF8, CP_UTF8, FALSE, CP_UTF8, 13) == L"http://host/a");
}

TEST_CASE("InternetConvertUrlFromWireToWideChar: each part in its own code page, or escaped") {
  // "\xC3\xA9" is e-acute in UTF-8, "\xE9" in code page 1252.
  CHECK(convert("http://h\xC3\xA9st/p\xE9?q=\xC3\xA9", nullptr, CP_UTF8, 1252, FALSE, CP_UTF8) ==
        L"http://h\u00E9st/p\u00E9?q=\u00E9");
  CHECK(convert("/p\xC3\xA9?q=\xE9", L"http://base.example/", CP_UTF8, CP_UTF8, FALSE, 1252) ==
        L"http://base.example/p\u00E9?q=\u00E9");
  // Unconfirmed: fEncodePathExtra keeps the path's and extra's bytes as
  // "%XX" (the host is still decoded).
  CHECK(convert("http://h\xE9/p\xC3\xA9?q=\xE9", nullptr, 1252, CP_UTF8, TRUE, CP_UTF8) ==
        L"http://h\u00E9/p%C3%A9?q=%E9");
  // Unconfirmed: bytes that are no text in their code page are escaped
  // rather than lost.
  CHECK(convert("http://host/p\xE9", nullptr) == L"http://host/p%E9");
}

TEST_CASE("InternetConvertUrlFromWireToWideChar: bad input") {
  PWSTR converted = nullptr;
  CHECK(convertFromWire()(nullptr, 5, nullptr, CP_UTF8, CP_UTF8, FALSE, CP_UTF8, &converted) ==
        ERROR_INVALID_PARAMETER);
  CHECK(convertFromWire()("http://h/", 9, nullptr, CP_UTF8, CP_UTF8, FALSE, CP_UTF8, nullptr) ==
        ERROR_INVALID_PARAMETER);
  // Unconfirmed: a code page Windows does not have is an invalid parameter.
  CHECK(convert("http://h/", nullptr, 12345) == L"<error 87>");
  CHECK(convert("http://h/", nullptr, CP_UTF8, CP_UTF8, FALSE, 54321) == L"<error 87>");
  // Unconfirmed: a relative reference without a base names no resource.
  CHECK(convert("relative/page", nullptr) == L"<error 12005>");
  CHECK(convert("", nullptr) == L"<error 12005>");
}

TEST_CASE("_GetFileExtensionFromUrl: the extension of the path's last segment") {
  // Unconfirmed: the prototype is in no SDK; API monitors record
  // DWORD (LPSTR url, DWORD flags, LPSTR extension, DWORD* length). The
  // extension comes without its dot, the flags are ignored.
  CHECK(extensionOf("http://host/dir/page.html") == "html");
  CHECK(extensionOf("http://host/archive.tar.gz?name=x.zip#y.z") == "gz");
  // Unconfirmed: no extension gives an empty one with success.
  CHECK(extensionOf("http://www.example.com") == "");
  CHECK(extensionOf("http://host/dir.d/readme") == "");
  CHECK(extensionOf("file://C:\\dir\\notes.TXT") == "TXT");
}

TEST_CASE("_GetFileExtensionFromUrl: buffer sizes and bad input") {
  auto function = wininetProc<FileExtension>("_GetFileExtensionFromUrl");
  REQUIRE(function);
  char url[] = "http://host/page.html";
  // Unconfirmed: the size rules of InternetCanonicalizeUrl.
  char small[4];
  DWORD length = sizeof(small);
  CHECK(function(url, 0, small, &length) == ERROR_INSUFFICIENT_BUFFER);
  CHECK(length == 5);
  length = 0;
  CHECK(function(url, 0, nullptr, &length) == ERROR_INSUFFICIENT_BUFFER);
  CHECK(length == 5);
  char exact[5];
  length = sizeof(exact);
  CHECK(function(url, 0, exact, &length) == ERROR_SUCCESS);
  CHECK(length == 4);
  CHECK(std::string(exact) == "html");
  CHECK(function(nullptr, 0, exact, &length) == ERROR_INVALID_PARAMETER);
  CHECK(function(url, 0, exact, nullptr) == ERROR_INVALID_PARAMETER);
}

TEST_CASE("InternetConvertUrlFromWireToWideChar: a Location resolves to where WinINet's redirect goes") {
  InetHandle session(InternetOpenA("hinternet-wire-url", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  REQUIRE(session.h);
  InetHandle connect(InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  REQUIRE(connect.h);
  const char* path = "/redirect-rel/302/1?x=1";
  // The Location as the server sent it ("0?x=1"), not followed.
  InetHandle held(HttpOpenRequestA(connect, "GET", path, nullptr, nullptr, nullptr,
                                   INTERNET_FLAG_RELOAD | INTERNET_FLAG_NO_AUTO_REDIRECT, 0));
  REQUIRE(held.h);
  REQUIRE(HttpSendRequestA(held, nullptr, 0, nullptr, 0));
  REQUIRE(statusOf(held) == 302);
  char location[256];
  DWORD size = sizeof(location);
  REQUIRE(HttpQueryInfoA(held, HTTP_QUERY_LOCATION, location, &size, nullptr));
  CHECK(std::string(location) == "0?x=1");
  const std::wstring base = L"http://127.0.0.1:" + std::to_wstring(edgePort()) + L"/redirect-rel/302/1?x=1";
  const std::wstring converted = convert(location, base.c_str());

  // The same request followed: the URL it ended at.
  InetHandle followed(HttpOpenRequestA(connect, "GET", path, nullptr, nullptr, nullptr, INTERNET_FLAG_RELOAD, 0));
  REQUIRE(followed.h);
  REQUIRE(HttpSendRequestA(followed, nullptr, 0, nullptr, 0));
  REQUIRE(statusOf(followed) == 200);
  wchar_t url[256];
  size = sizeof(url);
  REQUIRE(InternetQueryOptionW(followed, INTERNET_OPTION_URL, url, &size));
  CHECK(converted == url);
  CHECK(converted == L"http://127.0.0.1:" + std::to_wstring(edgePort()) + L"/redirect-rel/302/0?x=1");
}
