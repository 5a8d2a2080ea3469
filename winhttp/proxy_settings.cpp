// WinHttpGetDefaultProxyConfiguration, WinHttpSetDefaultProxyConfiguration,
// WinHttpGetIEProxyConfigForCurrentUser: proxy settings in the registry.
#include "proxy_settings.h"

#include <winhttp.h>

#include <vector>

#include "api_guard.h"
#include "connection_settings.h"
#include "handles.h"

using namespace hinternet;
using namespace hinternet::winhttp;
using win32::guardedCall;

namespace {

const wchar_t kInternetSettings[] = L"Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings";
const wchar_t kConnections[] = L"Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections";

bool readValue(HKEY root, const wchar_t* path, const wchar_t* name, DWORD wantedType, std::vector<BYTE>& data) {
  HKEY key;
  if (RegOpenKeyExW(root, path, 0, KEY_READ, &key) != ERROR_SUCCESS) return false;
  DWORD type = 0, size = 0;
  LONG status = RegQueryValueExW(key, name, nullptr, &type, nullptr, &size);
  if (status == ERROR_SUCCESS && type == wantedType) {
    data.assign(size, 0);
    status = RegQueryValueExW(key, name, nullptr, &type, data.data(), &size);
    data.resize(size);
  }
  RegCloseKey(key);
  return status == ERROR_SUCCESS && type == wantedType;
}

// The strings in the binary settings are single bytes, widened one to one.
std::wstring widen(const std::string& bytes) {
  std::wstring text;
  for (unsigned char c : bytes) text += static_cast<wchar_t>(c);
  return text;
}

std::wstring readString(HKEY root, const wchar_t* path, const wchar_t* name) {
  std::vector<BYTE> data;
  if (!readValue(root, path, name, REG_SZ, data)) return std::wstring();
  std::wstring text(reinterpret_cast<const wchar_t*>(data.data()), data.size() / sizeof(wchar_t));
  while (!text.empty() && text.back() == L'\0') text.pop_back();
  return text;
}

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

LPWSTR globalString(const std::wstring& text) {
  if (text.empty()) return nullptr;
  auto* copy = static_cast<LPWSTR>(GlobalAlloc(GMEM_FIXED, (text.size() + 1) * sizeof(wchar_t)));
  if (!copy) throw std::bad_alloc();
  text.copy(copy, text.size());
  copy[text.size()] = L'\0';
  return copy;
}

DefaultProxy readDefaultProxy() {
  DefaultProxy result;
  std::vector<BYTE> blob;
  ConnectionSettings settings;
  if (readValue(HKEY_LOCAL_MACHINE, kConnections, L"WinHttpSettings", REG_BINARY, blob) &&
      decodeConnectionSettings(blob, settings) && settings.magic == ConnectionSettings::kWinHttpMagic &&
      (settings.flags & ConnectionSettings::kProxy)) {
    result.proxy = widen(settings.proxy);
    result.bypass = widen(settings.bypass);
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
    std::wstring proxy, bypass, autoConfigUrl;
    BOOL autoDetect = TRUE;
    std::vector<BYTE> blob;
    ConnectionSettings settings;
    if (readValue(HKEY_CURRENT_USER, kConnections, L"DefaultConnectionSettings", REG_BINARY, blob) &&
        decodeConnectionSettings(blob, settings) &&
        (settings.magic == ConnectionSettings::kUserMagic || settings.magic == ConnectionSettings::kUserMagicOld)) {
      autoDetect = (settings.flags & ConnectionSettings::kAutoDetect) != 0;
      if (settings.flags & ConnectionSettings::kProxy) {
        proxy = widen(settings.proxy);
        bypass = widen(settings.bypass);
      }
      if (settings.flags & ConnectionSettings::kAutoConfigUrl) autoConfigUrl = widen(settings.autoConfigUrl);
    } else {
      std::vector<BYTE> enable;
      if (readValue(HKEY_CURRENT_USER, kInternetSettings, L"ProxyEnable", REG_DWORD, enable) &&
          enable.size() == sizeof(DWORD) && *reinterpret_cast<const DWORD*>(enable.data())) {
        proxy = readString(HKEY_CURRENT_USER, kInternetSettings, L"ProxyServer");
        bypass = readString(HKEY_CURRENT_USER, kInternetSettings, L"ProxyOverride");
      }
      autoConfigUrl = readString(HKEY_CURRENT_USER, kInternetSettings, L"AutoConfigURL");
    }
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
