// WinHttpDetectAutoProxyConfigUrl, WinHttpGetProxyForUrl,
// WinHttpCreateProxyResolver, WinHttpGetProxyForUrlEx, WinHttpGetProxyResult.
// There is no PAC interpreter yet: detection and script download work as on
// Windows, and a script that was found fails as one that cannot be run.
#include <winsock2.h>
#include <ws2tcpip.h>

#include <cctype>

#include "api_guard.h"
#include "handles.h"
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

struct ProxyResolver : HandleObject {
  explicit ProxyResolver(std::shared_ptr<HandleObject> session)
      : HandleObject(HandleKind::ProxyResolver, std::move(session)) {}
  std::atomic<bool> busy{false};
};

bool resolves(const std::string& name) {
  WSADATA data;
  if (WSAStartup(MAKEWORD(2, 2), &data) != 0) return false;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* result = nullptr;
  const bool found = getaddrinfo(name.c_str(), nullptr, &hints, &result) == 0;
  if (result) freeaddrinfo(result);
  WSACleanup();
  return found;
}

// WPAD by DNS: "wpad.<suffix>" for the computer's DNS domain and each parent
// domain that still has two labels.
std::wstring detectByDns() {
  char domain[256] = "";
  DWORD size = sizeof(domain);
  if (!GetComputerNameExA(ComputerNameDnsDomain, domain, &size) || !*domain) return std::wstring();
  for (std::string suffix = domain;;) {
    const std::string host = "wpad." + suffix;
    if (resolves(host)) return win32::wideFromUtf8("http://" + host + "/wpad.dat");
    const std::size_t dot = suffix.find('.');
    if (dot == std::string::npos || suffix.find('.', dot + 1) == std::string::npos) break;
    suffix.erase(0, dot + 1);
  }
  return std::wstring();
}

std::wstring detectScriptUrl(DWORD flags) {
  if (flags & WINHTTP_AUTO_DETECT_TYPE_DHCP) LOG_INFO("WPAD: DHCP option 252 is not queried; trying DNS");
  if (flags & WINHTTP_AUTO_DETECT_TYPE_DNS_A) return detectByDns();
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

extern "C" DWORD WINAPI WinHttpCreateProxyResolver(HINTERNET sessionHandle, HINTERNET* resolver) {
  LOG_TRACE("WinHttpCreateProxyResolver(%p, %p)", sessionHandle, static_cast<void*>(resolver));
  return guardedCall("WinHttpCreateProxyResolver", DWORD(ERROR_NOT_ENOUGH_MEMORY), [&]() -> DWORD {
    auto session = find<Session>(sessionHandle, {HandleKind::Session});
    if (!session) return GetLastError();
    if (!(session->flags & WINHTTP_FLAG_ASYNC)) return ERROR_WINHTTP_INCORRECT_HANDLE_TYPE;
    if (!resolver) return ERROR_INVALID_PARAMETER;
    HINTERNET handle = publish(api().make<ProxyResolver>(session));
    if (!handle) return GetLastError();
    *resolver = handle;
    return ERROR_SUCCESS;
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
    if (resolver->busy.exchange(true)) return ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
    resolver->status.context.store(context);
    // The options need not outlive this call.
    WINHTTP_AUTOPROXY_OPTIONS copy = *options;
    std::wstring configUrl = options->lpszAutoConfigUrl ? options->lpszAutoConfigUrl : L"";
    copy.lpszAutoConfigUrl = nullptr;
    std::wstring target = url;
    resolver->queue->post([resolver, copy, configUrl, target]() mutable {
      copy.lpszAutoConfigUrl = configUrl.c_str();
      DWORD error = resolveProxy(target, copy);
      if (resolver->isClosed()) error = ERROR_WINHTTP_OPERATION_CANCELLED;
      resolver->busy.store(false);
      WINHTTP_ASYNC_RESULT result{API_GET_PROXY_FOR_URL, error};
      win32::deliverStatus(*resolver, WINHTTP_CALLBACK_STATUS_REQUEST_ERROR, &result, sizeof(result),
                           WINHTTP_CALLBACK_FLAG_REQUEST_ERROR);
    });
    return ERROR_IO_PENDING;
  });
}

extern "C" DWORD WINAPI WinHttpGetProxyResult(HINTERNET resolverHandle, WINHTTP_PROXY_RESULT* result) {
  LOG_TRACE("WinHttpGetProxyResult(%p, %p)", resolverHandle, static_cast<void*>(result));
  return guardedCall("WinHttpGetProxyResult", DWORD(ERROR_NOT_ENOUGH_MEMORY), [&]() -> DWORD {
    auto resolver = find<ProxyResolver>(resolverHandle, {HandleKind::ProxyResolver});
    if (!resolver) return GetLastError();
    if (!result) return ERROR_INVALID_PARAMETER;
    // No call on this resolver has completed successfully.
    return ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
  });
}
