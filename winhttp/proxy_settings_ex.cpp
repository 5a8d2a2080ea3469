// WinHttpGetProxySettingsEx, WinHttpGetProxySettingsResultEx,
// WinHttpFreeProxySettingsEx: the proxy settings in force (those of a
// connection in the registry, see proxy_registry.h), for the WSL and WSA
// settings types. A connection nobody configured means a direct one.
#include <new>
#include <vector>

#include "api_guard.h"
#include "proxy_registry.h"
#include "proxy_resolver.h"
#include "sdk_types.h"
#include "text.h"

using namespace hinternet;
using namespace hinternet::winhttp;
using win32::guardedCall;

namespace {

bool knownType(WINHTTP_PROXY_SETTINGS_TYPE type) {
  return type == WinHttpProxySettingsTypeWsl || type == WinHttpProxySettingsTypeWsa;
}

// The proxy of one scheme from an Internet Options list: "host:port" for
// all, or "http=host:port;https=host:port;...". Given as a URL, the way the
// structure's reference page shows it.
std::string proxyFor(const std::string& list, const std::string& scheme) {
  std::string all;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find_first_of("; ", start);
    if (end == std::string::npos) end = list.size();
    const std::string item = list.substr(start, end - start);
    const std::size_t equals = item.find('=');
    if (equals == std::string::npos) {
      if (all.empty()) all = item;
    } else if (equalsIgnoreCase(item.substr(0, equals), scheme)) {
      all = item.substr(equals + 1);
      break;
    }
    start = end + 1;
  }
  if (all.empty() || all.find("://") != std::string::npos) return all;
  return "http://" + all;
}

std::vector<std::string> bypassList(const std::string& list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find_first_of("; ", start);
    if (end == std::string::npos) end = list.size();
    if (end > start) out.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

void freeSettings(WINHTTP_PROXY_SETTINGS_EX& s) {
  globalRelease(s.pcwszAutoconfigUrl);
  globalRelease(s.pcwszProxy);
  globalRelease(s.pcwszSecureProxy);
  globalRelease(s.pcwszConnectionName);
  for (DWORD i = 0; s.rgpcwszProxyBypasses && i < s.cProxyBypasses; ++i) globalRelease(s.rgpcwszProxyBypasses[i]);
  globalRelease(s.rgpcwszProxyBypasses);
  s = WINHTTP_PROXY_SETTINGS_EX{};
}

void fill(const ConnectionSettings& in, const std::wstring& connection, WINHTTP_PROXY_SETTINGS_EX& out) {
  out.ullGenerationId = in.counter;
  out.ullFlags = in.flags;
  if (in.flags & ConnectionSettings::kAutoConfigUrl) out.pcwszAutoconfigUrl = globalWide(in.autoConfigUrl);
  if (in.flags & ConnectionSettings::kProxy) {
    out.pcwszProxy = globalWide(proxyFor(in.proxy, "http"));
    out.pcwszSecureProxy = globalWide(proxyFor(in.proxy, "https"));
    const std::vector<std::string> bypass = bypassList(in.bypass);
    if (!bypass.empty()) {
      out.rgpcwszProxyBypasses = static_cast<PCWSTR*>(GlobalAlloc(GPTR, bypass.size() * sizeof(PCWSTR)));
      if (!out.rgpcwszProxyBypasses) throw std::bad_alloc();
      for (const std::string& host : bypass) out.rgpcwszProxyBypasses[out.cProxyBypasses++] = globalWide(host);
    }
  }
  out.pcwszConnectionName = globalWide(connection.c_str());
}

}  // namespace

extern "C" DWORD WINAPI WinHttpGetProxySettingsEx(HINTERNET resolverHandle, WINHTTP_PROXY_SETTINGS_TYPE type,
                                                  PWINHTTP_PROXY_SETTINGS_PARAM param, DWORD_PTR context) {
  LOG_TRACE("WinHttpGetProxySettingsEx(%p, %d, %p, %p)", resolverHandle, static_cast<int>(type),
            static_cast<void*>(param), (void*)context);
  return guardedCall("WinHttpGetProxySettingsEx", DWORD(ERROR_WINHTTP_INTERNAL_ERROR), [&]() -> DWORD {
    auto resolver = find<ProxyResolver>(resolverHandle, {HandleKind::ProxyResolver});
    if (!resolver) return GetLastError();
    if (!knownType(type)) return ERROR_INVALID_PARAMETER;
    const std::wstring connection = param && param->pcwszConnectionName ? param->pcwszConnectionName : L"";
    {
      std::lock_guard<std::mutex> lock(resolver->mutex);
      if (!resolver->busy) resolver->settingsReady = false;
    }
    return resolver->begin(context, API_GET_PROXY_SETTINGS, WINHTTP_CALLBACK_STATUS_GETPROXYSETTINGS_COMPLETE,
                           [connection](ProxyResolver& self) -> DWORD {
                             ConnectionSettings settings;
                             DWORD status = readConnection(connection.c_str(), settings);
                             if (status == ERROR_FILE_NOT_FOUND) {
                               settings = ConnectionSettings{};
                               settings.flags = ConnectionSettings::kDirect;
                               status = ERROR_SUCCESS;
                             }
                             if (status != ERROR_SUCCESS) return status;
                             std::lock_guard<std::mutex> lock(self.mutex);
                             self.settings = settings;
                             self.settingsConnection = connection;
                             self.settingsReady = true;
                             return status;
                           });
  });
}

extern "C" DWORD WINAPI WinHttpGetProxySettingsResultEx(HINTERNET resolverHandle, PVOID result) {
  LOG_TRACE("WinHttpGetProxySettingsResultEx(%p, %p)", resolverHandle, result);
  return guardedCall("WinHttpGetProxySettingsResultEx", DWORD(ERROR_WINHTTP_INTERNAL_ERROR), [&]() -> DWORD {
    auto resolver = find<ProxyResolver>(resolverHandle, {HandleKind::ProxyResolver});
    if (!resolver) return GetLastError();
    if (!result) return ERROR_INVALID_PARAMETER;
    std::lock_guard<std::mutex> lock(resolver->mutex);
    // As WinHttpGetProxyResult: only after a query completed successfully.
    if (resolver->busy || !resolver->settingsReady) return ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
    WINHTTP_PROXY_SETTINGS_EX out{};
    try {
      fill(resolver->settings, resolver->settingsConnection, out);
    } catch (const std::bad_alloc&) {
      freeSettings(out);
      return ERROR_NOT_ENOUGH_MEMORY;
    }
    *static_cast<WINHTTP_PROXY_SETTINGS_EX*>(result) = out;
    return ERROR_SUCCESS;
  });
}

extern "C" DWORD WINAPI WinHttpFreeProxySettingsEx(WINHTTP_PROXY_SETTINGS_TYPE type, PVOID settings) {
  LOG_TRACE("WinHttpFreeProxySettingsEx(%d, %p)", static_cast<int>(type), settings);
  if (!knownType(type) || !settings) return ERROR_INVALID_PARAMETER;
  freeSettings(*static_cast<WINHTTP_PROXY_SETTINGS_EX*>(settings));
  return ERROR_SUCCESS;
}
