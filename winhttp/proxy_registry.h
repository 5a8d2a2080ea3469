#pragma once
#include <windows.h>

#include <string>

#include "connection_settings.h"

namespace hinternet::winhttp {

// Where Windows keeps the Internet Options proxy settings of each connection
// ("DefaultConnectionSettings" and one value per named connection): under
// ...\Internet Settings\Connections in HKCU, or in HKLM when the
// ProxySettingsPerUser policy is 0 (machine-wide settings).
HKEY connectionsRoot();
constexpr const wchar_t* kConnectionsPath =
    L"Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections";

// The settings of `connection` (null or empty: the default connection).
// ERROR_FILE_NOT_FOUND when there are none, or a registry error.
DWORD readConnection(const wchar_t* connection, ConnectionSettings& settings);
DWORD writeConnection(const wchar_t* connection, const ConnectionSettings& settings);

// HKLM\Software\Policies\...\Internet Settings\ProxySettingsPerUser.
DWORD setProxySettingsPerUser(bool perUser);

// A GlobalAlloc'd UTF-16 copy of single-byte registry text (NULL when
// empty), as the proxy settings functions hand out their strings.
LPWSTR globalWide(const std::string& text);
LPWSTR globalWide(const wchar_t* text);
// GlobalFree, then null.
template <class T>
void globalRelease(T*& pointer) {
  if (pointer) GlobalFree(const_cast<void*>(static_cast<const void*>(pointer)));
  pointer = nullptr;
}

}  // namespace hinternet::winhttp
