// WinHttpDetectAutoProxyConfigUrl, WinHttpGetProxyForUrl,
// WinHttpGetProxyForUrlEx (through the resolver in proxy_resolver.cpp).
// There is no PAC interpreter yet: detection and script download work as on
// Windows, and a script that was found fails as one that cannot be run.

#include <cctype>

#include "api_guard.h"
#include "handles.h"
#include "proxy_resolver.h"
#include "proxy_settings.h"
#include "status_callback.h"
#include "text.h"
#include "trust_store.h"

using namespace hinternet;
using namespace hinternet::winhttp;
using win32::guardedCall;

namespace {

constexpr long kScriptTimeoutMs = 30000;
constexpr std::size_t kMaxScript = 1u << 20;

// Auto-detection finds no script: WPAD by DHCP or DNS comes with the PAC
// interpreter (a later issue), where its lookups can be tested without
// leaving the machine.
std::wstring detectScriptUrl(DWORD flags) {
  LOG_INFO("WPAD: auto-detection (flags 0x%lx) is not supported yet; no script found", flags);
  return std::wstring();
}

DWORD downloadScript(const std::wstring& url, std::string& script) {
  std::string address = win32::utf8FromWide(url.c_str());
  std::string scheme = address.substr(0, address.find("://"));
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (address.find("://") == std::string::npos || (scheme != "http" && scheme != "https"))
    return ERROR_WINHTTP_UNRECOGNIZED_SCHEME;
  RequestSpec spec;
  spec.url = address;
  spec.caPem = trustAnchorsPem();
  spec.connectTimeoutMs = kScriptTimeoutMs;
  auto transfer = std::make_shared<Transfer>(std::move(spec));
  transfer->start();
  if (transfer->waitForHeaders(kScriptTimeoutMs) != Error::None || transfer->head().status != 200)
    return ERROR_WINHTTP_UNABLE_TO_DOWNLOAD_SCRIPT;
  for (;;) {
    std::size_t available = 0;
    if (transfer->waitForData(kScriptTimeoutMs, available) != Error::None || script.size() > kMaxScript) {
      transfer->cancel();
      return ERROR_WINHTTP_UNABLE_TO_DOWNLOAD_SCRIPT;
    }
    if (!available) break;
    std::string chunk(available, '\0');
    chunk.resize(transfer->read(chunk.data(), chunk.size()));
    script += chunk;
  }
  return ERROR_SUCCESS;
}

bool validOptions(LPCWSTR url, const WINHTTP_AUTOPROXY_OPTIONS* options) {
  if (!url || !*url || !options) return false;
  const DWORD flags = options->dwFlags;
  if (!(flags & (WINHTTP_AUTOPROXY_AUTO_DETECT | WINHTTP_AUTOPROXY_CONFIG_URL))) return false;
  if ((flags & WINHTTP_AUTOPROXY_AUTO_DETECT) && !options->dwAutoDetectFlags) return false;
  if ((flags & WINHTTP_AUTOPROXY_CONFIG_URL) && !options->lpszAutoConfigUrl) return false;
  return true;
}

// Finds and fetches the script the options name, then would run it for
// `url`: the Win32 error of the first step that fails.
DWORD resolveProxy(const std::wstring& url, const WINHTTP_AUTOPROXY_OPTIONS& options) {
  DWORD error = ERROR_WINHTTP_AUTODETECTION_FAILED;
  std::string script;
  if (options.dwFlags & WINHTTP_AUTOPROXY_AUTO_DETECT) {
    const std::wstring scriptUrl = detectScriptUrl(options.dwAutoDetectFlags);
    if (!scriptUrl.empty()) error = downloadScript(scriptUrl, script);
  }
  if (error != ERROR_SUCCESS && (options.dwFlags & WINHTTP_AUTOPROXY_CONFIG_URL))
    error = downloadScript(options.lpszAutoConfigUrl, script);
  if (error != ERROR_SUCCESS) return error;
  LOG_WARN("proxy auto-configuration: %lu byte script for %s found, but PAC scripts cannot be run yet",
           static_cast<unsigned long>(script.size()), win32::utf8FromWide(url.c_str()).c_str());
  return ERROR_WINHTTP_BAD_AUTO_PROXY_SCRIPT;
}

}  // namespace

extern "C" BOOL WINAPI WinHttpDetectAutoProxyConfigUrl(DWORD flags, LPWSTR* url) {
  LOG_TRACE("WinHttpDetectAutoProxyConfigUrl(0x%lx, %p)", flags, static_cast<void*>(url));
  return guardedCall("WinHttpDetectAutoProxyConfigUrl", FALSE, [&]() -> BOOL {
    if (!flags || !url) return fail(Error::InvalidParameter);
    *url = nullptr;
    const std::wstring found = detectScriptUrl(flags);
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
