// ImportCookieFileA/W and ExportCookieFileA/W (ordinals 108-111): the
// process's cookies from and to a Netscape cookies.txt file, the format
// Internet Explorer's import and export wizard reads and writes.
#include <string>
#include <utility>
#include <vector>

#include "api_guard.h"
#include "cookie_jar.h"
#include "handles.h"
#include "netscape_cookie_line.h"
#include "text.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::failWith;
using win32::guardedCall;

extern "C" {
BOOL WINAPI ImportCookieFileA(LPCSTR path);
BOOL WINAPI ImportCookieFileW(LPCWSTR path);
BOOL WINAPI ExportCookieFileA(LPCSTR path, BOOL append);
BOOL WINAPI ExportCookieFileW(LPCWSTR path, BOOL append);
}

namespace {

// Closes a file handle at the end of its scope.
struct File {
  HANDLE h;
  explicit File(HANDLE handle) : h(handle) {}
  ~File() {
    if (h != INVALID_HANDLE_VALUE) CloseHandle(h);
  }
  File(const File&) = delete;
  File& operator=(const File&) = delete;
};

// The whole file, or the error opening or reading it.
DWORD readFile(const std::wstring& path, std::string& text) {
  File file(CreateFileW(path.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_EXISTING,
                        FILE_ATTRIBUTE_NORMAL, nullptr));
  if (file.h == INVALID_HANDLE_VALUE) return GetLastError();
  char chunk[16384];
  DWORD got = 0;
  for (;;) {
    if (!ReadFile(file.h, chunk, sizeof(chunk), &got, nullptr)) return GetLastError();
    if (!got) return ERROR_SUCCESS;
    text.append(chunk, got);
  }
}

// The Set-Cookie text that stores a file's cookie with the store's own
// rules, and the URL it comes from: the cookie's own host, its path, https
// for a Secure one.
std::string setCookieText(const Cookie& cookie, std::int64_t now) {
  // "=value" keeps a cookie without a name nameless.
  std::string text = cookie.name + "=" + cookie.value + "; Path=" + cookie.path;
  if (!cookie.hostOnly) text += "; Domain=" + cookie.domain;
  if (cookie.persistent) text += "; Max-Age=" + std::to_string(cookie.expires - now);
  if (cookie.secure) text += "; Secure";
  if (cookie.httpOnly) text += "; HttpOnly";
  return text;
}

BOOL importCookies(const char* api, const void* pathGiven, const std::wstring& path) {
  LOG_TRACE("%s(%s)", api, win32::utf8FromWide(path.c_str()).c_str());
  return guardedCall(api, FALSE, [&]() -> BOOL {
    if (!pathGiven || path.empty()) return failWith(ERROR_INVALID_PARAMETER);
    std::string text;
    if (const DWORD error = readFile(path, text)) return failWith(error);
    const std::int64_t now = CookieStore::currentTime();
    std::vector<std::pair<CookieUrl, std::string>> cookies;
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      const auto cookie = parseNetscapeCookieLine(text.substr(start, end - start));
      start = end + 1;
      // A line that is no cookie, or one that has expired, is passed over.
      if (!cookie || (cookie->persistent && cookie->expires <= now)) continue;
      CookieUrl from;
      from.secure = cookie->secure;
      from.host = cookie->domain;
      from.path = cookie->path;
      cookies.emplace_back(std::move(from), setCookieText(*cookie, now));
    }
    std::size_t imported = 0;
    for (CookieVerdict verdict : processCookies()->setAll(cookies, true, now))
      if (verdict == CookieVerdict::Stored) ++imported;
    LOG_INFO("%s: %lu of %lu cookies imported", api, static_cast<unsigned long>(imported),
             static_cast<unsigned long>(cookies.size()));
    return win32::succeed();
  });
}

BOOL exportCookies(const char* api, const void* pathGiven, const std::wstring& path, BOOL append) {
  LOG_TRACE("%s(%s, %d)", api, win32::utf8FromWide(path.c_str()).c_str(), append);
  return guardedCall(api, FALSE, [&]() -> BOOL {
    if (!pathGiven || path.empty()) return failWith(ERROR_INVALID_PARAMETER);
    File file(CreateFileW(path.c_str(), GENERIC_WRITE, FILE_SHARE_READ, nullptr, append ? OPEN_ALWAYS : CREATE_ALWAYS,
                          FILE_ATTRIBUTE_NORMAL, nullptr));
    if (file.h == INVALID_HANDLE_VALUE) return failWith(GetLastError());
    LARGE_INTEGER size{};
    if (!GetFileSizeEx(file.h, &size)) return failWith(GetLastError());
    std::string text;
    // A file appended to keeps its own header; a new one gets one.
    if (size.QuadPart == 0) text = std::string(kNetscapeCookieFileHeader) + "\r\n\r\n";
    // The cookies a browser keeps on disk: session cookies end with the
    // process and are not exported.
    for (const Cookie& cookie : processCookies()->persistentCookies(CookieStore::currentTime()))
      text += netscapeCookieLine(cookie) + "\r\n";
    LARGE_INTEGER end{};
    if (!SetFilePointerEx(file.h, end, nullptr, FILE_END)) return failWith(GetLastError());
    DWORD written = 0;
    if (!WriteFile(file.h, text.data(), static_cast<DWORD>(text.size()), &written, nullptr) ||
        written != text.size())
      return failWith(GetLastError() ? GetLastError() : DWORD(ERROR_WRITE_FAULT));
    return win32::succeed();
  });
}

std::wstring widePath(LPCSTR path) { return win32::wideFromUtf8(win32::utf8FromAnsi(path)); }

}  // namespace

extern "C" BOOL WINAPI ImportCookieFileA(LPCSTR path) {
  return importCookies("ImportCookieFileA", path, widePath(path));
}

extern "C" BOOL WINAPI ImportCookieFileW(LPCWSTR path) {
  return importCookies("ImportCookieFileW", path, path ? std::wstring(path) : std::wstring());
}

extern "C" BOOL WINAPI ExportCookieFileA(LPCSTR path, BOOL append) {
  return exportCookies("ExportCookieFileA", path, widePath(path), append);
}

extern "C" BOOL WINAPI ExportCookieFileW(LPCWSTR path, BOOL append) {
  return exportCookies("ExportCookieFileW", path, path ? std::wstring(path) : std::wstring(), append);
}
