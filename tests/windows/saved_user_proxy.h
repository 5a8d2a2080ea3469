#pragma once
// The user's Internet Options proxy settings (the values WinINet's and
// WinHTTP's PRECONFIG read), saved when a test starts and put back when it
// ends, so tests can set them freely.
#include "saved_registry_value.h"

inline constexpr wchar_t kInternetSettingsKey[] = L"Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings";
inline constexpr wchar_t kConnectionsKey[] =
    L"Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections";

struct SavedUserProxy {
  SavedValue blob{HKEY_CURRENT_USER, kConnectionsKey, L"DefaultConnectionSettings"};
  SavedValue enable{HKEY_CURRENT_USER, kInternetSettingsKey, L"ProxyEnable"};
  SavedValue server{HKEY_CURRENT_USER, kInternetSettingsKey, L"ProxyServer"};
  SavedValue overrides{HKEY_CURRENT_USER, kInternetSettingsKey, L"ProxyOverride"};
  SavedValue pac{HKEY_CURRENT_USER, kInternetSettingsKey, L"AutoConfigURL"};
  // Plain values only, as older or scripted setups leave them; no bypass
  // list when `bypass` is NULL.
  void setPlain(DWORD on, LPCWSTR proxy, LPCWSTR bypass) {
    blob.remove();
    pac.remove();
    enable.set(REG_DWORD, &on, sizeof(on));
    server.setString(proxy);
    if (bypass) overrides.setString(bypass);
    else overrides.remove();
  }
};
