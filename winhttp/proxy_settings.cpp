// WinHttpGetDefaultProxyConfiguration, WinHttpSetDefaultProxyConfiguration,
// WinHttpGetIEProxyConfigForCurrentUser: proxy settings in the registry.
#include "proxy_settings.h"

#include <winhttp.h>

#include <vector>

#include "api_guard.h"
#include "connection_settings.h"
#include "handles.h"
#include "user_proxy_settings.h"

using namespace hinternet;
using namespace hinternet::winhttp;
using win32::guardedCall;
using win32::readRegistryValue;
using win32::widenBytes;

namespace {

const wchar_t kConnections[] = L"Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections";

bool isAscii(const wchar_t* text) {
  for (; text && *text; ++text)
    if (*text > 0x7f) return false;
  return true;
}

// Writes the value in both registry views where there are two, as
// "netsh winhttp set proxy" does, so 32- and 64-bit programs agree.
LONG writeDefaultSettings(const std::vector<unsigned char>& blob) {
  BOOL wow64 = FALSE;
  IsWow64Process(GetCurrentProcess(), &wow64);
  std::vector<REGSAM> views{0};
  if (sizeof(void*) == 8 || wow64) views = {KEY_WOW64_64KEY, KEY_WOW64_32KEY};
  LONG first = ERROR_SUCCESS;
  for (std::size_t i = 0; i < views.size(); ++i) {
    HKEY key;
    LONG status = RegCreateKeyExW(HKEY_LOCAL_MACHINE, kConnections, 0, nullptr, 0, KEY_WRITE | views[i], nullptr,
                                  &key, nullptr);
    if (status == ERROR_SUCCESS) {
      status = RegSetValueExW(key, L"WinHttpSettings", 0, REG_BINARY, blob.data(), static_cast<DWORD>(blob.size()));
      RegCloseKey(key);
    }
    if (i == 0) first = status;
  }
  return first;
}

}  // namespace

namespace hinternet::winhttp {

DefaultProxy readDefaultProxy() {
  DefaultProxy result;
  std::vector<BYTE> blob;
  ConnectionSettings settings;
  if (readRegistryValue(HKEY_LOCAL_MACHINE, kConnections, L"WinHttpSettings", REG_BINARY, blob) &&
      decodeConnectionSettings(blob, settings) && settings.magic == ConnectionSettings::kWinHttpMagic &&
      (settings.flags & ConnectionSettings::kProxy)) {
    result.proxy = widenBytes(settings.proxy);
    result.bypass = widenBytes(settings.bypass);
  }
  return result;
}

}  // namespace hinternet::winhttp

extern "C" BOOL WINAPI WinHttpGetDefaultProxyConfiguration(WINHTTP_PROXY_INFO* info) {
  LOG_TRACE("WinHttpGetDefaultProxyConfiguration(%p)", static_cast<void*>(info));
  return guardedCall("WinHttpGetDefaultProxyConfiguration", FALSE, [&]() -> BOOL {
    if (!info) return fail(Error::InvalidParameter);
    const DefaultProxy settings = readDefaultProxy();
    LPWSTR proxy = globalString(settings.proxy);
    LPWSTR bypass = nullptr;
    try {
      bypass = proxy ? globalString(settings.bypass) : nullptr;
    } catch (...) {
      GlobalFree(proxy);
      throw;
    }
    info->dwAccessType = proxy ? WINHTTP_ACCESS_TYPE_NAMED_PROXY : WINHTTP_ACCESS_TYPE_NO_PROXY;
    info->lpszProxy = proxy;
    info->lpszProxyBypass = bypass;
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  });
}

extern "C" BOOL WINAPI WinHttpSetDefaultProxyConfiguration(WINHTTP_PROXY_INFO* info) {
  LOG_TRACE("WinHttpSetDefaultProxyConfiguration(%p)", static_cast<void*>(info));
  return guardedCall("WinHttpSetDefaultProxyConfiguration", FALSE, [&]() -> BOOL {
    if (!info) return fail(Error::InvalidParameter);
    ConnectionSettings settings;
    switch (info->dwAccessType) {
      case WINHTTP_ACCESS_TYPE_NO_PROXY:
        settings.flags = ConnectionSettings::kDirect;
        break;
      case WINHTTP_ACCESS_TYPE_NAMED_PROXY:
        // The registry format holds single-byte strings only.
        if (!info->lpszProxy || !isAscii(info->lpszProxy) || !isAscii(info->lpszProxyBypass))
          return fail(Error::InvalidParameter);
        settings.flags = ConnectionSettings::kProxy;
        for (const wchar_t* p = info->lpszProxy; *p; ++p) settings.proxy += static_cast<char>(*p);
        for (const wchar_t* p = info->lpszProxyBypass; p && *p; ++p) settings.bypass += static_cast<char>(*p);
        break;
      default:
        return fail(Error::InvalidParameter);
    }
    // HKLM: without administrator rights this fails with ERROR_ACCESS_DENIED,
    // as on Windows.
    const LONG status = writeDefaultSettings(encodeConnectionSettings(settings));
    if (status != ERROR_SUCCESS) {
      SetLastError(static_cast<DWORD>(status));
      return FALSE;
    }
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  });
}

extern "C" BOOL WINAPI WinHttpGetIEProxyConfigForCurrentUser(WINHTTP_CURRENT_USER_IE_PROXY_CONFIG* config) {
  LOG_TRACE("WinHttpGetIEProxyConfigForCurrentUser(%p)", static_cast<void*>(config));
  return guardedCall("WinHttpGetIEProxyConfigForCurrentUser", FALSE, [&]() -> BOOL {
    if (!config) return fail(Error::InvalidParameter);
    // Internet Options keeps the binary settings; older or scripted setups
    // may have only the plain values beside them.
    const win32::UserProxySettings settings = win32::readUserProxySettings();
    const BOOL autoDetect = settings.fromBlob ? (settings.flags & ConnectionSettings::kAutoDetect) != 0 : TRUE;
    std::wstring proxy, bypass, autoConfigUrl;
    if (settings.flags & ConnectionSettings::kProxy) {
      proxy = settings.proxy;
      bypass = settings.bypass;
    }
    if (!settings.fromBlob || (settings.flags & ConnectionSettings::kAutoConfigUrl))
      autoConfigUrl = settings.autoConfigUrl;
    WINHTTP_CURRENT_USER_IE_PROXY_CONFIG result{autoDetect, nullptr, nullptr, nullptr};
    try {
      result.lpszAutoConfigUrl = globalString(autoConfigUrl);
      result.lpszProxy = globalString(proxy);
      result.lpszProxyBypass = globalString(bypass);
    } catch (...) {
      GlobalFree(result.lpszAutoConfigUrl);
      GlobalFree(result.lpszProxy);
      throw;
    }
    *config = result;
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  });
}
