// WinHttpDetectAutoProxyConfigUrl, WinHttpGetProxyForUrl,
// WinHttpGetProxyForUrlEx (through the resolver in proxy_resolver.cpp).
// There is no PAC interpreter yet: detection and script download work as on
// Windows, and a script that was found fails as one that cannot be run.

#include <cctype>

#include "api_guard.h"
#include "handles.h"
#include "pac_script.h"
#include "proxy_resolver.h"
#include "proxy_settings.h"
#include "status_callback.h"
#include "text.h"
#include "trust_store.h"
#include "wpad_detect.h"

using namespace hinternet;
using namespace hinternet::winhttp;
using win32::guardedCall;

namespace {

bool validOptions(LPCWSTR url, const WINHTTP_AUTOPROXY_OPTIONS* options) {
  if (!url || !*url || !options) return false;
  const DWORD flags = options->dwFlags;
  if (!(flags & (WINHTTP_AUTOPROXY_AUTO_DETECT | WINHTTP_AUTOPROXY_CONFIG_URL))) return false;
  if ((flags & WINHTTP_AUTOPROXY_AUTO_DETECT) && !options->dwAutoDetectFlags) return false;
  if ((flags & WINHTTP_AUTOPROXY_CONFIG_URL) && !options->lpszAutoConfigUrl) return false;
  return true;
}

}  // namespace

extern "C" BOOL WINAPI WinHttpDetectAutoProxyConfigUrl(DWORD flags, LPWSTR* url) {
  LOG_TRACE("WinHttpDetectAutoProxyConfigUrl(0x%lx, %p)", flags, static_cast<void*>(url));
  return guardedCall("WinHttpDetectAutoProxyConfigUrl", FALSE, [&]() -> BOOL {
    if (!flags || !url) return fail(Error::InvalidParameter);
    *url = nullptr;
    const std::wstring found = win32::detectScriptUrl(flags);
    if (found.empty()) {
      SetLastError(ERROR_WINHTTP_AUTODETECTION_FAILED);
      return FALSE;
    }
    *url = globalString(found);
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  });
}

extern "C" BOOL WINAPI WinHttpGetProxyForUrl(HINTERNET sessionHandle, LPCWSTR url,
                                             WINHTTP_AUTOPROXY_OPTIONS* options, WINHTTP_PROXY_INFO* info) {
  LOG_TRACE("WinHttpGetProxyForUrl(%p, %s, %p, %p)", sessionHandle, win32::utf8FromWide(url).c_str(),
            static_cast<void*>(options), static_cast<void*>(info));
  return guardedCall("WinHttpGetProxyForUrl", FALSE, [&]() -> BOOL {
    auto session = find<Session>(sessionHandle, {HandleKind::Session});
    if (!session) return FALSE;
    if (!validOptions(url, options) || !info) return fail(Error::InvalidParameter);
    const DWORD error = resolveProxy(url, *options);
    SetLastError(error);
    return error == ERROR_SUCCESS;
  });
}

extern "C" DWORD WINAPI WinHttpGetProxyForUrlEx(HINTERNET resolverHandle, LPCWSTR url,
                                                WINHTTP_AUTOPROXY_OPTIONS* options, DWORD_PTR context) {
  LOG_TRACE("WinHttpGetProxyForUrlEx(%p, %s, %p, %p)", resolverHandle, win32::utf8FromWide(url).c_str(),
            static_cast<void*>(options), (void*)context);
  return guardedCall("WinHttpGetProxyForUrlEx", DWORD(ERROR_NOT_ENOUGH_MEMORY), [&]() -> DWORD {
    auto resolver = find<ProxyResolver>(resolverHandle, {HandleKind::ProxyResolver});
    if (!resolver) return GetLastError();
    if (!validOptions(url, options)) return ERROR_INVALID_PARAMETER;
    // The options need not outlive this call.
    WINHTTP_AUTOPROXY_OPTIONS copy = *options;
    const std::wstring configUrl = options->lpszAutoConfigUrl ? options->lpszAutoConfigUrl : L"";
    copy.lpszAutoConfigUrl = nullptr;
    const std::wstring target = url;
    return resolver->begin(context, API_GET_PROXY_FOR_URL, WINHTTP_CALLBACK_STATUS_GETPROXYFORURL_COMPLETE,
                           [copy, configUrl, target](ProxyResolver&) mutable -> DWORD {
                             copy.lpszAutoConfigUrl = configUrl.empty() ? nullptr : configUrl.c_str();
                             return resolveProxy(target, copy);
                           });
  });
}
