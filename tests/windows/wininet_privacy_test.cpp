// PrivacySetZonePreferenceW and PrivacyGetZonePreferenceW: a zone's privacy
// template for first- and third-party cookies, and the custom preference
// text. Wine's tests record Windows' answers for the template round trip.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <cwchar>
#include <string>

#include "saved_registry_value.h"

namespace {

const wchar_t kZone3[] = L"Software\\hinternet\\WinINet\\Privacy\\Zone 3";

// The user's privacy settings of the Internet zone, put back at the end.
struct SavedZone3 {
  SavedValue first{HKEY_CURRENT_USER, kZone3, L"FirstParty"};
  SavedValue firstText{HKEY_CURRENT_USER, kZone3, L"FirstPartyPreference"};
  SavedValue third{HKEY_CURRENT_USER, kZone3, L"ThirdParty"};
  SavedValue thirdText{HKEY_CURRENT_USER, kZone3, L"ThirdPartyPreference"};
};

const DWORD kInternetZone = 3;

}  // namespace

TEST_CASE("WinINet privacy: a zone's template is set and read back, for each party") {
  SavedZone3 saved;
  REQUIRE(PrivacyGetZonePreferenceW(kInternetZone, PRIVACY_TYPE_FIRST_PARTY, nullptr, nullptr, nullptr) == 0);
  DWORD old = 0xdeadbeef;
  REQUIRE(PrivacyGetZonePreferenceW(kInternetZone, PRIVACY_TYPE_FIRST_PARTY, &old, nullptr, nullptr) == 0);
  REQUIRE(old != 0xdeadbeef);

  REQUIRE(PrivacySetZonePreferenceW(kInternetZone, PRIVACY_TYPE_FIRST_PARTY, PRIVACY_TEMPLATE_LOW, nullptr) == 0);
  REQUIRE(PrivacySetZonePreferenceW(kInternetZone, PRIVACY_TYPE_THIRD_PARTY, PRIVACY_TEMPLATE_HIGH, nullptr) == 0);
  DWORD value = 0;
  REQUIRE(PrivacyGetZonePreferenceW(kInternetZone, PRIVACY_TYPE_FIRST_PARTY, &value, nullptr, nullptr) == 0);
  REQUIRE(value == PRIVACY_TEMPLATE_LOW);
  REQUIRE(PrivacyGetZonePreferenceW(kInternetZone, PRIVACY_TYPE_THIRD_PARTY, &value, nullptr, nullptr) == 0);
  REQUIRE(value == PRIVACY_TEMPLATE_HIGH);

  // A template's text is empty.
  wchar_t text[64] = L"unchanged";
  DWORD length = 64;
  REQUIRE(PrivacyGetZonePreferenceW(kInternetZone, PRIVACY_TYPE_FIRST_PARTY, &value, text, &length) == 0);
  REQUIRE(std::wstring(text).empty());
  REQUIRE(length == 0);
}

TEST_CASE("WinINet privacy: a custom setting keeps its text, with WinINet's buffer rules") {
  SavedZone3 saved;
  const wchar_t custom[] = L"IE6-P3PSettings/V1: /always=a/";
  REQUIRE(PrivacySetZonePreferenceW(kInternetZone, PRIVACY_TYPE_THIRD_PARTY, PRIVACY_TEMPLATE_CUSTOM, custom) == 0);
  const DWORD needed = static_cast<DWORD>(std::wcslen(custom) + 1);

  DWORD value = 0, length = 0;
  REQUIRE(PrivacyGetZonePreferenceW(kInternetZone, PRIVACY_TYPE_THIRD_PARTY, &value, nullptr, &length) == 0);
  REQUIRE(value == PRIVACY_TEMPLATE_CUSTOM);
  REQUIRE(length == needed);

  wchar_t small[4] = L"abc";
  length = 4;
  REQUIRE(PrivacyGetZonePreferenceW(kInternetZone, PRIVACY_TYPE_THIRD_PARTY, &value, small, &length) ==
          ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(length == needed);

  wchar_t text[64] = {};
  length = 64;
  REQUIRE(PrivacyGetZonePreferenceW(kInternetZone, PRIVACY_TYPE_THIRD_PARTY, &value, text, &length) == 0);
  REQUIRE(std::wstring(text) == custom);
  REQUIRE(length == needed - 1);

  // A template other than custom or advanced drops the text.
  REQUIRE(PrivacySetZonePreferenceW(kInternetZone, PRIVACY_TYPE_THIRD_PARTY, PRIVACY_TEMPLATE_MEDIUM, custom) == 0);
  length = 64;
  REQUIRE(PrivacyGetZonePreferenceW(kInternetZone, PRIVACY_TYPE_THIRD_PARTY, &value, text, &length) == 0);
  REQUIRE(value == PRIVACY_TEMPLATE_MEDIUM);
  REQUIRE(length == 0);
}

TEST_CASE("WinINet privacy: bad types, templates and parameters") {
  SavedZone3 saved;
  DWORD value = 0;
  REQUIRE(PrivacySetZonePreferenceW(kInternetZone, 2, PRIVACY_TEMPLATE_LOW, nullptr) == ERROR_INVALID_PARAMETER);
  REQUIRE(PrivacySetZonePreferenceW(kInternetZone, PRIVACY_TYPE_FIRST_PARTY, 6, nullptr) == ERROR_INVALID_PARAMETER);
  REQUIRE(PrivacySetZonePreferenceW(kInternetZone, PRIVACY_TYPE_FIRST_PARTY, 99, nullptr) == ERROR_INVALID_PARAMETER);
  REQUIRE(PrivacySetZonePreferenceW(kInternetZone, PRIVACY_TYPE_FIRST_PARTY, PRIVACY_TEMPLATE_CUSTOM, nullptr) ==
          ERROR_INVALID_PARAMETER);
  REQUIRE(PrivacyGetZonePreferenceW(kInternetZone, 2, &value, nullptr, nullptr) == ERROR_INVALID_PARAMETER);
  wchar_t text[8];
  REQUIRE(PrivacyGetZonePreferenceW(kInternetZone, PRIVACY_TYPE_FIRST_PARTY, &value, text, nullptr) ==
          ERROR_INVALID_PARAMETER);
}
