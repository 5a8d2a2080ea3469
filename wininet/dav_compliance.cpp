// HttpCheckDavComplianceA/W: whether a URL's server announces a WebDAV
// compliance class, asked with an OPTIONS request through this DLL's own
// request path (a session of its own with the user's preconfigured proxy,
// as InternetOpenUrl's request would take).
#include <optional>
#include <vector>

#include "api_guard.h"
#include "dav_compliance.h"
#include "handles.h"
#include "text.h"
#include "url_target.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::failWith;
using win32::guardedCall;
using win32::utf8FromAnsi;
using win32::utf8FromWide;
using win32::wideFromUtf8;

namespace {

template <class Char>
std::optional<std::string> optionalUtf8(const Char* text) {
  return text ? std::optional<std::string>(win32::utf8From(text)) : std::nullopt;
}

// Closes an internal handle, keeping the caller's last error.
struct OwnedHandle {
  HINTERNET handle;
  ~OwnedHandle() {
    if (!handle) return;
    const DWORD error = GetLastError();
    InternetCloseHandle(handle);
    SetLastError(error);
  }
};

// Every DAV header value of the response, in order; false with the last
// error set if one cannot be read.
bool davHeaderValues(HINTERNET request, std::vector<std::string>& values) {
  std::vector<wchar_t> buffer(256);
  for (DWORD index = 0;;) {
    const DWORD before = index;
    wcscpy(buffer.data(), L"DAV");
    DWORD bytes = static_cast<DWORD>(buffer.size() * sizeof(wchar_t));
    if (HttpQueryInfoW(request, HTTP_QUERY_CUSTOM, buffer.data(), &bytes, &index)) {
      values.push_back(utf8FromWide(buffer.data(), static_cast<int>(bytes / sizeof(wchar_t))));
      if (index == before) return true;  // the index did not move on: nothing more to read
      continue;
    }
    const DWORD error = GetLastError();
    if (error == ERROR_HTTP_HEADER_NOT_FOUND) return true;
    if (error != ERROR_INSUFFICIENT_BUFFER) return false;
    buffer.resize(bytes / sizeof(wchar_t) + 1);
  }
}

// The caller's text is converted inside the guard: a conversion that runs
// out of memory fails the call instead of unwinding through the export.
template <class Char>
BOOL checkDavCompliance(const char* api, const Char* urlText, const Char* complianceText, LPBOOL found, HWND window) {
  return guardedCall(api, FALSE, [&]() -> BOOL {
    const std::optional<std::string> url = optionalUtf8(urlText), compliance = optionalUtf8(complianceText);
    LOG_TRACE("%s(%s, %s, %p, %p)", api, url ? url->c_str() : "(null)", compliance ? compliance->c_str() : "(null)",
              static_cast<void*>(found), static_cast<void*>(window));
    if (!url || !compliance || !found) return failWith(ERROR_INVALID_PARAMETER);
    *found = FALSE;
    UrlTarget target;
    if (const Error error = urlTarget(*url, target); error != Error::None) return fail(error);
    // The window would parent credential dialogs; there are none here, so
    // a challenge the URL's credentials cannot answer ends as an answer
    // (the 401) like any other.
    OwnedHandle session{InternetOpenW(nullptr, INTERNET_OPEN_TYPE_PRECONFIG, nullptr, nullptr, 0)};
    if (!session.handle) return FALSE;
    OwnedHandle connect{InternetConnectW(session.handle, wideFromUtf8(target.host).c_str(),
                                         static_cast<INTERNET_PORT>(target.port), wideFromUtf8(target.user).c_str(),
                                         wideFromUtf8(target.password).c_str(), INTERNET_SERVICE_HTTP, 0, 0)};
    if (!connect.handle) return FALSE;
    const DWORD flags = INTERNET_FLAG_RELOAD | INTERNET_FLAG_NO_CACHE_WRITE | INTERNET_FLAG_NO_UI |
                        (target.secure ? INTERNET_FLAG_SECURE : 0);
    OwnedHandle request{HttpOpenRequestW(connect.handle, L"OPTIONS", wideFromUtf8(target.path).c_str(), nullptr,
                                         nullptr, nullptr, flags, 0)};
    if (!request.handle) return FALSE;
    if (!HttpSendRequestW(request.handle, nullptr, 0, nullptr, 0)) return FALSE;
    // Any response is an answer: a server without WebDAV (or one that
    // refuses OPTIONS) just names no class.
    std::vector<std::string> values;
    if (!davHeaderValues(request.handle, values)) return FALSE;
    *found = davClassesContain(values, *compliance) ? TRUE : FALSE;
    return win32::succeed();
  });
}

}  // namespace

extern "C" BOOL WINAPI HttpCheckDavComplianceA(LPCSTR url, LPCSTR compliance, LPBOOL found, HWND window,
                                               LPVOID reserved) {
  (void)reserved;
  return checkDavCompliance("HttpCheckDavComplianceA", url, compliance, found, window);
}

extern "C" BOOL WINAPI HttpCheckDavComplianceW(LPCWSTR url, LPCWSTR compliance, LPBOOL found, HWND window,
                                               LPVOID reserved) {
  (void)reserved;
  return checkDavCompliance("HttpCheckDavComplianceW", url, compliance, found, window);
}
