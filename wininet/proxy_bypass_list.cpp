// IsHostInProxyBypassList: whether a host goes around the proxy under the
// user's own proxy settings (Internet Options), whatever any session or
// INTERNET_OPTION_PROXY says: the question the URL security manager asks
// when it places bypassed hosts in the Local intranet zone.
#include <windows.h>
#include <wininet.h>

#include <string>

#include "api_guard.h"
#include "session_settings.h"
#include "text.h"
#include "url_parts.h"
#include "user_proxy_settings.h"

using namespace hinternet;
using win32::guardedCall;

namespace {

// The scheme a bypass entry such as "https://host" is compared with; other
// schemes only match entries without one.
UrlScheme bypassScheme(INTERNET_SCHEME scheme) {
  switch (scheme) {
    case INTERNET_SCHEME_HTTP: return UrlScheme::Http;
    case INTERNET_SCHEME_HTTPS: return UrlScheme::Https;
    case INTERNET_SCHEME_FTP: return UrlScheme::Ftp;
    default: return UrlScheme::Unknown;
  }
}

}  // namespace

extern "C" BOOL WINAPI IsHostInProxyBypassList(INTERNET_SCHEME scheme, LPCSTR host, DWORD length) {
  // The name need not be NUL-terminated: it is logged once converted.
  LOG_TRACE("IsHostInProxyBypassList(%d, %p, %lu)", static_cast<int>(scheme), static_cast<const void*>(host), length);
  return guardedCall("IsHostInProxyBypassList", FALSE, [&]() -> BOOL {
    if (!host) return win32::failWith(ERROR_INVALID_PARAMETER);
    // A zero length means a NUL-terminated name, as for the other counted strings.
    const std::string name = win32::utf8FromCounted(host, length ? length : static_cast<DWORD>(-1));
    LOG_TRACE("IsHostInProxyBypassList: host %s", name.c_str());
    if (name.empty()) return win32::failWith(ERROR_INVALID_PARAMETER);
    const win32::UserProxySettings settings = win32::readUserProxySettings();
    const UrlScheme known = bypassScheme(scheme);
    const char* schemeText = schemeName(known);
    const bool bypassed = wininet::bypassesProxy(win32::utf8FromWide(settings.bypass.c_str()),
                                                 schemeText ? schemeText : "", name, defaultPort(known));
    SetLastError(ERROR_SUCCESS);
    return bypassed ? TRUE : FALSE;
  });
}
