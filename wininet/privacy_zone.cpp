// PrivacySetZonePreferenceW and PrivacyGetZonePreferenceW: the user's
// privacy template (and custom preference text) for each URL zone and for
// first- or third-party cookies, kept in the user's registry so that every
// process and later runs see them, as Internet Explorer's Privacy tab does.
// Windows' own registry values are not documented; these live under
// HKCU\Software\hinternet\WinINet\Privacy.
#include <cstring>
#include <string>

#include "api_guard.h"
#include "handles.h"
#include "text.h"
#include "user_proxy_settings.h"

using namespace hinternet;
using win32::guardedCall;

namespace {

constexpr const wchar_t* kPrivacyKey = L"Software\\hinternet\\WinINet\\Privacy";

bool validType(DWORD type) { return type == PRIVACY_TYPE_FIRST_PARTY || type == PRIVACY_TYPE_THIRD_PARTY; }

bool validTemplate(DWORD privacyTemplate) {
  return privacyTemplate <= PRIVACY_TEMPLATE_MAX || privacyTemplate == PRIVACY_TEMPLATE_CUSTOM ||
         privacyTemplate == PRIVACY_TEMPLATE_ADVANCED;
}

std::wstring zoneKey(DWORD zone) { return std::wstring(kPrivacyKey) + L"\\Zone " + std::to_wstring(zone); }
std::wstring templateValue(DWORD type) { return type == PRIVACY_TYPE_FIRST_PARTY ? L"FirstParty" : L"ThirdParty"; }
std::wstring preferenceValue(DWORD type) { return templateValue(type) + L"Preference"; }

// A zone nobody set a preference for has the default: the Medium setting.
struct ZonePreference {
  DWORD privacyTemplate = PRIVACY_TEMPLATE_MEDIUM;
  std::wstring preference;
};

ZonePreference readPreference(DWORD zone, DWORD type) {
  ZonePreference out;
  const std::wstring key = zoneKey(zone);
  const DWORD privacyTemplate =
      win32::readRegistryDword(HKEY_CURRENT_USER, key.c_str(), templateValue(type).c_str(), out.privacyTemplate);
  if (validTemplate(privacyTemplate)) out.privacyTemplate = privacyTemplate;
  out.preference = win32::readRegistryString(HKEY_CURRENT_USER, key.c_str(), preferenceValue(type).c_str());
  return out;
}

DWORD writePreference(DWORD zone, DWORD type, DWORD privacyTemplate, const std::wstring& preference) {
  HKEY key;
  DWORD error = RegCreateKeyExW(HKEY_CURRENT_USER, zoneKey(zone).c_str(), 0, nullptr, 0, KEY_SET_VALUE, nullptr,
                                &key, nullptr);
  if (error != ERROR_SUCCESS) return error;
  error = RegSetValueExW(key, templateValue(type).c_str(), 0, REG_DWORD, reinterpret_cast<const BYTE*>(&privacyTemplate),
                         sizeof(privacyTemplate));
  if (error == ERROR_SUCCESS)
    error = RegSetValueExW(key, preferenceValue(type).c_str(), 0, REG_SZ, reinterpret_cast<const BYTE*>(preference.c_str()),
                           static_cast<DWORD>((preference.size() + 1) * sizeof(wchar_t)));
  RegCloseKey(key);
  return error;
}

}  // namespace

extern "C" DWORD WINAPI PrivacySetZonePreferenceW(DWORD zone, DWORD type, DWORD privacyTemplate,
                                                  LPCWSTR preference) {
  LOG_TRACE("PrivacySetZonePreferenceW(%lu, %lu, %lu, %s)", zone, type, privacyTemplate,
            win32::utf8FromWide(preference).c_str());
  return guardedCall("PrivacySetZonePreferenceW", DWORD(ERROR_NOT_ENOUGH_MEMORY), [&]() -> DWORD {
    if (!validType(type) || !validTemplate(privacyTemplate)) return ERROR_INVALID_PARAMETER;
    // A custom setting is its preference text; the others are the
    // template alone, and text given with them is not kept.
    if (privacyTemplate == PRIVACY_TEMPLATE_CUSTOM && (!preference || !*preference)) return ERROR_INVALID_PARAMETER;
    const bool keepsText = privacyTemplate == PRIVACY_TEMPLATE_CUSTOM || privacyTemplate == PRIVACY_TEMPLATE_ADVANCED;
    return writePreference(zone, type, privacyTemplate, keepsText && preference ? preference : L"");
  });
}

// The preference text comes in characters, terminator included, as much as
// fits; a buffer too small gets ERROR_INSUFFICIENT_BUFFER and the length it
// needs. Every out parameter is optional.
extern "C" DWORD WINAPI PrivacyGetZonePreferenceW(DWORD zone, DWORD type, LPDWORD privacyTemplate, LPWSTR buffer,
                                                  LPDWORD length) {
  LOG_TRACE("PrivacyGetZonePreferenceW(%lu, %lu, %p, %p, %p)", zone, type, static_cast<void*>(privacyTemplate),
            static_cast<void*>(buffer), static_cast<void*>(length));
  return guardedCall("PrivacyGetZonePreferenceW", DWORD(ERROR_NOT_ENOUGH_MEMORY), [&]() -> DWORD {
    if (!validType(type) || (buffer && !length)) return ERROR_INVALID_PARAMETER;
    const ZonePreference stored = readPreference(zone, type);
    if (privacyTemplate) *privacyTemplate = stored.privacyTemplate;
    if (length) {
      const DWORD needed = static_cast<DWORD>(stored.preference.size() + 1);
      if (!buffer || *length < needed) {
        *length = needed;
        return buffer ? DWORD(ERROR_INSUFFICIENT_BUFFER) : DWORD(ERROR_SUCCESS);
      }
      std::memcpy(buffer, stored.preference.c_str(), needed * sizeof(wchar_t));
      *length = needed - 1;
    }
    return ERROR_SUCCESS;
  });
}
