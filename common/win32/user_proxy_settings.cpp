#include "user_proxy_settings.h"

#include "connection_settings.h"

namespace hinternet::win32 {
namespace {

const wchar_t kInternetSettings[] = L"Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings";
const wchar_t kConnections[] = L"Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections";

std::string narrowBytes(const std::wstring& text) {
  std::string bytes;
  for (wchar_t c : text) bytes += static_cast<char>(c <= 0xFF ? c : '?');
  return bytes;
}

LONG setValue(HKEY key, const wchar_t* name, DWORD type, const void* data, DWORD size) {
  return RegSetValueExW(key, name, 0, type, static_cast<const BYTE*>(data), size);
}

LONG setString(HKEY key, const wchar_t* name, const std::wstring& text) {
  if (text.empty()) {
    const LONG status = RegDeleteValueW(key, name);
    return status == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : status;
  }
  return setValue(key, name, REG_SZ, text.c_str(), static_cast<DWORD>((text.size() + 1) * sizeof(wchar_t)));
}

}  // namespace

bool readRegistryValue(HKEY root, const wchar_t* path, const wchar_t* name, DWORD wantedType,
                       std::vector<BYTE>& data) {
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

std::wstring widenBytes(const std::string& bytes) {
  std::wstring text;
  for (unsigned char c : bytes) text += static_cast<wchar_t>(c);
  return text;
}

DWORD readRegistryDword(HKEY root, const wchar_t* path, const wchar_t* name, DWORD fallback) {
  DWORD value = 0, size = sizeof(value);
  const LSTATUS status = RegGetValueW(root, path, name, RRF_RT_REG_DWORD, nullptr, &value, &size);
  return status == ERROR_SUCCESS ? value : fallback;
}

DWORD readInternetSettingsDword(const wchar_t* name, DWORD fallback) {
  return readRegistryDword(HKEY_CURRENT_USER, kInternetSettings, name, fallback);
}

std::wstring readRegistryString(HKEY root, const wchar_t* path, const wchar_t* name) {
  std::vector<BYTE> data;
  if (!readRegistryValue(root, path, name, REG_SZ, data)) return std::wstring();
  std::wstring text(reinterpret_cast<const wchar_t*>(data.data()), data.size() / sizeof(wchar_t));
  while (!text.empty() && text.back() == L'\0') text.pop_back();
  return text;
}

UserProxySettings readUserProxySettings() {
  UserProxySettings result;
  std::vector<BYTE> blob;
  ConnectionSettings settings;
  if (readRegistryValue(HKEY_CURRENT_USER, kConnections, L"DefaultConnectionSettings", REG_BINARY, blob) &&
      decodeConnectionSettings(blob, settings) &&
      (settings.magic == ConnectionSettings::kUserMagic || settings.magic == ConnectionSettings::kUserMagicOld)) {
    result.fromBlob = true;
    result.flags = settings.flags;
    result.proxy = widenBytes(settings.proxy);
    result.bypass = widenBytes(settings.bypass);
    result.autoConfigUrl = widenBytes(settings.autoConfigUrl);
    return result;
  }
  std::vector<BYTE> enable;
  const bool proxyOn = readRegistryValue(HKEY_CURRENT_USER, kInternetSettings, L"ProxyEnable", REG_DWORD, enable) &&
                       enable.size() == sizeof(DWORD) && *reinterpret_cast<const DWORD*>(enable.data());
  result.proxy = readRegistryString(HKEY_CURRENT_USER, kInternetSettings, L"ProxyServer");
  result.bypass = readRegistryString(HKEY_CURRENT_USER, kInternetSettings, L"ProxyOverride");
  result.autoConfigUrl = readRegistryString(HKEY_CURRENT_USER, kInternetSettings, L"AutoConfigURL");
  // Without the binary settings Windows assumes automatic detection.
  result.flags = ConnectionSettings::kDirect | ConnectionSettings::kAutoDetect;
  if (proxyOn) result.flags |= ConnectionSettings::kProxy;
  if (!result.autoConfigUrl.empty()) result.flags |= ConnectionSettings::kAutoConfigUrl;
  return result;
}

DWORD writeUserProxySettings(const UserProxySettings& settings) {
  ConnectionSettings blob;
  blob.magic = ConnectionSettings::kUserMagic;
  blob.flags = settings.flags;
  blob.proxy = narrowBytes(settings.proxy);
  blob.bypass = narrowBytes(settings.bypass);
  blob.autoConfigUrl = narrowBytes(settings.autoConfigUrl);
  blob.hasAutoConfigUrl = true;
  std::vector<BYTE> old;
  ConnectionSettings previous;
  if (readRegistryValue(HKEY_CURRENT_USER, kConnections, L"DefaultConnectionSettings", REG_BINARY, old) &&
      decodeConnectionSettings(old, previous))
    blob.counter = previous.counter + 1;

  HKEY key;
  LONG status = RegCreateKeyExW(HKEY_CURRENT_USER, kConnections, 0, nullptr, 0, KEY_WRITE, nullptr, &key, nullptr);
  if (status != ERROR_SUCCESS) return status;
  const std::vector<unsigned char> bytes = encodeConnectionSettings(blob);
  status = setValue(key, L"DefaultConnectionSettings", REG_BINARY, bytes.data(), static_cast<DWORD>(bytes.size()));
  RegCloseKey(key);
  if (status != ERROR_SUCCESS) return status;

  status = RegCreateKeyExW(HKEY_CURRENT_USER, kInternetSettings, 0, nullptr, 0, KEY_WRITE, nullptr, &key, nullptr);
  if (status != ERROR_SUCCESS) return status;
  const DWORD enable = (settings.flags & ConnectionSettings::kProxy) ? 1 : 0;
  status = setValue(key, L"ProxyEnable", REG_DWORD, &enable, sizeof(enable));
  if (status == ERROR_SUCCESS) status = setString(key, L"ProxyServer", settings.proxy);
  if (status == ERROR_SUCCESS) status = setString(key, L"ProxyOverride", settings.bypass);
  if (status == ERROR_SUCCESS) status = setString(key, L"AutoConfigURL", settings.autoConfigUrl);
  RegCloseKey(key);
  return status;
}

}  // namespace hinternet::win32
