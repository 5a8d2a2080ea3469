#pragma once
// Helpers the WinINet tests share.
#include <windows.h>
#include <wininet.h>

#include <string>

// Closes a WinINet handle at the end of its scope.
struct InetHandle {
  HINTERNET h;
  explicit InetHandle(HINTERNET handle) : h(handle) {}
  ~InetHandle() {
    if (h) InternetCloseHandle(h);
  }
  InetHandle(const InetHandle&) = delete;
  InetHandle& operator=(const InetHandle&) = delete;
  operator HINTERNET() const { return h; }
};

// The rest of the body, read through a small buffer on purpose: synchronous
// reads must fill it each time.
std::string readAll(HINTERNET file);
// The same without Catch2's assertions (for other threads and leak cycles):
// "<failed>" when a read fails.
std::string bodyOf(HINTERNET file);

// The status code as a number.
DWORD statusOf(HINTERNET request);

// The value of a response header (HTTP_QUERY_CUSTOM), "<missing>" if none.
std::string customHeader(HINTERNET request, const char* name);

// The cookie text for a URL through InternetGetCookieExA; "<none>" when none
// matches.
std::string cookiesFor(const std::string& url, DWORD flags = 0);
// An export of the loaded wininet.dll by name, or by ordinal with
// MAKEINTRESOURCEA, for those MinGW's headers lack; null if it is missing.
template <class Function>
Function wininetProc(const char* name) {
  return reinterpret_cast<Function>(reinterpret_cast<void*>(GetProcAddress(GetModuleHandleA("wininet.dll"), name)));
}
// A GET of `path` over HTTPS from host:port on a connection of `session`,
// with these HttpOpenRequest flags (INTERNET_FLAG_SECURE added) and, when
// not 0, these SECURITY_FLAGS: the error of the send, or 0 once a 200
// arrived, its body in `body`.
DWORD secureGet(HINTERNET session, const char* host, unsigned short port, const char* path, DWORD flags,
                DWORD securityFlags, std::string& body);

// A GET of `path` over HTTPS that fails with `error`, then, on the same
// request once `waiver` is in its SECURITY_FLAGS (what InternetErrorDlg
// sets for that error), gets a 200 when sent again.
void requireWaivedOnSameRequest(HINTERNET session, const char* host, unsigned short port, const char* path,
                                DWORD flags, DWORD error, DWORD waiver);
