#pragma once
#include <windows.h>

#include <string>
#include <vector>

namespace hinternet::win32 {

// Registry reads the proxy code of both DLLs shares. False when the value
// is missing or of another type.
bool readRegistryValue(HKEY root, const wchar_t* path, const wchar_t* name, DWORD wantedType,
                       std::vector<BYTE>& data);
// A REG_SZ value without its terminator; empty when missing.
std::wstring readRegistryString(HKEY root, const wchar_t* path, const wchar_t* name);
// A REG_DWORD value, `fallback` when it is missing or of another type: one
// RegGetValueW, cheap enough for a send to read.
DWORD readRegistryDword(HKEY root, const wchar_t* path, const wchar_t* name, DWORD fallback);
// The same for the user's Internet Settings (HKCU ...\Internet Settings).
DWORD readInternetSettingsDword(const wchar_t* name, DWORD fallback);
// The single-byte strings of the binary settings, widened one to one.
std::wstring widenBytes(const std::string& bytes);

// The user's Internet Options proxy settings (HKCU ...\Internet Settings):
// the binary DefaultConnectionSettings first, as Internet Options writes
// them, else the plain ProxyEnable / ProxyServer / ProxyOverride /
// AutoConfigURL values beside them.
struct UserProxySettings {
  DWORD flags = 0x1;  // PROXY_TYPE_* bits (DIRECT, PROXY, AUTO_PROXY_URL, AUTO_DETECT)
  std::wstring proxy;          // the list, whether or not PROXY is set
  std::wstring bypass;
  std::wstring autoConfigUrl;
  bool fromBlob = false;       // read from the binary settings
};
UserProxySettings readUserProxySettings();

// Writes both forms, so readers of either agree.
DWORD writeUserProxySettings(const UserProxySettings& settings);

}  // namespace hinternet::win32
