// DetectAutoProxyUrl and InternetInitializeAutoProxyDll: WinINet's own
// auto-proxy entry points. Detection asks the same WPAD lookup as WinHTTP's
// WinHttpDetectAutoProxyConfigUrl (common/win32/wpad_detect.*); running the
// script it would find is a later issue.
#include <cstring>

#include "api_guard.h"
#include "handles.h"
#include "text.h"
#include "wpad_detect.h"

using namespace hinternet;
using win32::failWith;
using win32::guardedCall;

namespace {

// WinINet reports a failed detection with WinHTTP's code: Wine's tests
// record it from Windows for both detection types (internet.c,
// test_InternetQueryOptionA), with the buffer left empty.
constexpr DWORD kAutodetectionFailed = 12180;  // ERROR_WINHTTP_AUTODETECTION_FAILED

constexpr DWORD kDetectTypes = PROXY_AUTO_DETECT_TYPE_DHCP | PROXY_AUTO_DETECT_TYPE_DNS_A;

}  // namespace

extern "C" BOOL WINAPI DetectAutoProxyUrl(LPSTR url, DWORD length, DWORD flags) {
  LOG_TRACE("DetectAutoProxyUrl(%p, %lu, 0x%lx)", static_cast<void*>(url), length, flags);
  return guardedCall("DetectAutoProxyUrl", FALSE, [&]() -> BOOL {
    if (!url || !length || !(flags & kDetectTypes)) return failWith(ERROR_INVALID_PARAMETER);
    url[0] = 0;
    const std::string found =
        win32::ansiFromUtf8(win32::utf8FromWide(win32::detectScriptUrl(flags & kDetectTypes).c_str()));
    if (found.empty()) return failWith(kAutodetectionFailed);
    if (found.size() + 1 > length) return failWith(ERROR_INSUFFICIENT_BUFFER);
    std::memcpy(url, found.c_str(), found.size() + 1);
    return win32::succeed();
  });
}

// The one-argument form only re-reads the proxy configuration from the
// registry (its documentation; the script-running form lives in
// JSProxy.dll). Sessions here read the user's settings when they open and
// on INTERNET_OPTION_REFRESH, and nothing process-wide is kept from them,
// so there is nothing stale to refresh.
extern "C" BOOL WINAPI InternetInitializeAutoProxyDll(DWORD reserved) {
  LOG_TRACE("InternetInitializeAutoProxyDll(%lu)", reserved);
  return guardedCall("InternetInitializeAutoProxyDll", FALSE, [&]() -> BOOL { return win32::succeed(); });
}
