// WinHttpReadProxySettings, WinHttpWriteProxySettings,
// WinHttpGetProxySettingsVersion, WinHttpSetProxySettingsPerUser,
// WinHttpFreeProxySettings: the Internet Options proxy settings of a
// connection, kept in the registry (see proxy_registry.h). These functions
// are in the SDK's winhttp.h without reference pages; where Windows'
// behaviour is not known, the choice is said where it is made.
#include <new>

#include "api_guard.h"
#include "handles.h"
#include "proxy_registry.h"
#include "text.h"

using namespace hinternet;
using namespace hinternet::winhttp;
using win32::guardedCall;

namespace {

std::string ansi(LPCWSTR text) {
  if (!text || !*text) return std::string();
  const int n = WideCharToMultiByte(CP_ACP, 0, text, -1, nullptr, 0, nullptr, nullptr);
  std::string out(n > 0 ? n - 1 : 0, '\0');
  if (n > 1) WideCharToMultiByte(CP_ACP, 0, text, -1, out.data(), n, nullptr, nullptr);
  return out;
}

// Every failure of the handle lookup sets the last error it returns.
bool sessionOk(HINTERNET handle) { return find<Session>(handle, {HandleKind::Session}) != nullptr; }

}  // namespace

extern "C" DWORD WINAPI WinHttpReadProxySettings(HINTERNET sessionHandle, PCWSTR connection, BOOL fallBackToDefault,
                                                 BOOL setAutoDiscoverForDefault, DWORD* version,
                                                 BOOL* defaultsReturned, WINHTTP_PROXY_SETTINGS* settings) {
  LOG_TRACE("WinHttpReadProxySettings(%p, %s, %d, %d, %p, %p, %p)", sessionHandle,
            win32::utf8FromWide(connection).c_str(), fallBackToDefault, setAutoDiscoverForDefault,
            static_cast<void*>(version), static_cast<void*>(defaultsReturned), static_cast<void*>(settings));
  return guardedCall("WinHttpReadProxySettings", DWORD(ERROR_WINHTTP_INTERNAL_ERROR), [&]() -> DWORD {
    if (!sessionOk(sessionHandle)) return GetLastError();
    if (!version || !defaultsReturned || !settings) return ERROR_INVALID_PARAMETER;
    ConnectionSettings stored;
    bool defaults = false;
    DWORD status = readConnection(connection, stored);
    if (status == ERROR_FILE_NOT_FOUND && fallBackToDefault) {
      // What a connection nobody configured means: go direct, and detect
      // if asked to.
      stored = ConnectionSettings{};
      stored.flags = ConnectionSettings::kDirect |
                     (setAutoDiscoverForDefault ? ConnectionSettings::kAutoDetect : 0u);
      defaults = true;
      status = ERROR_SUCCESS;
    }
    if (status != ERROR_SUCCESS) return status;
    WINHTTP_PROXY_SETTINGS out{};
    out.dwStructSize = sizeof(out);
    out.dwFlags = stored.flags;
    out.dwCurrentSettingsVersion = stored.counter;
    try {
      out.pwszConnectionName = connection && *connection ? globalWide(connection) : nullptr;
      out.pwszProxy = globalWide(stored.proxy);
      out.pwszProxyBypass = globalWide(stored.bypass);
      out.pwszAutoconfigUrl = globalWide(stored.autoConfigUrl);
    } catch (const std::bad_alloc&) {
      WinHttpFreeProxySettings(&out);
      return ERROR_NOT_ENOUGH_MEMORY;
    }
    *settings = out;
    *version = stored.counter;
    *defaultsReturned = defaults;
    return ERROR_SUCCESS;
  });
}

extern "C" DWORD WINAPI WinHttpWriteProxySettings(HINTERNET sessionHandle, BOOL forceUpdate,
                                                  WINHTTP_PROXY_SETTINGS* settings) {
  LOG_TRACE("WinHttpWriteProxySettings(%p, %d, %p)", sessionHandle, forceUpdate, static_cast<void*>(settings));
  return guardedCall("WinHttpWriteProxySettings", DWORD(ERROR_WINHTTP_INTERNAL_ERROR), [&]() -> DWORD {
    if (!sessionOk(sessionHandle)) return GetLastError();
    if (!settings || settings->dwStructSize != sizeof(*settings)) return ERROR_INVALID_PARAMETER;
    ConnectionSettings current;
    const DWORD status = readConnection(settings->pwszConnectionName, current);
    if (status != ERROR_SUCCESS && status != ERROR_FILE_NOT_FOUND) return status;
    // The version guards against writing over settings someone else changed
    // since they were read; Windows' code for that case is not known, so it
    // is refused as an invalid argument unless forced.
    if (!forceUpdate && settings->dwCurrentSettingsVersion != current.counter) return ERROR_INVALID_PARAMETER;
    ConnectionSettings next;
    next.magic = ConnectionSettings::kUserMagic;
    next.counter = current.counter + 1;
    next.flags = settings->dwFlags;
    next.proxy = ansi(settings->pwszProxy);
    next.bypass = ansi(settings->pwszProxyBypass);
    next.autoConfigUrl = ansi(settings->pwszAutoconfigUrl);
    next.hasAutoConfigUrl = true;
    return writeConnection(settings->pwszConnectionName, next);
  });
}

extern "C" DWORD WINAPI WinHttpGetProxySettingsVersion(HINTERNET sessionHandle, DWORD* version) {
  LOG_TRACE("WinHttpGetProxySettingsVersion(%p, %p)", sessionHandle, static_cast<void*>(version));
  return guardedCall("WinHttpGetProxySettingsVersion", DWORD(ERROR_WINHTTP_INTERNAL_ERROR), [&]() -> DWORD {
    if (!sessionOk(sessionHandle)) return GetLastError();
    if (!version) return ERROR_INVALID_PARAMETER;
    ConnectionSettings current;
    const DWORD status = readConnection(nullptr, current);
    if (status != ERROR_SUCCESS && status != ERROR_FILE_NOT_FOUND) return status;
    *version = status == ERROR_SUCCESS ? current.counter : 0;
    return ERROR_SUCCESS;
  });
}

// Needs write access to HKLM (an administrator), like the policy it sets.
extern "C" DWORD WINAPI WinHttpSetProxySettingsPerUser(BOOL perUser) {
  LOG_TRACE("WinHttpSetProxySettingsPerUser(%d)", perUser);
  return guardedCall("WinHttpSetProxySettingsPerUser", DWORD(ERROR_WINHTTP_INTERNAL_ERROR),
                     [&]() -> DWORD { return setProxySettingsPerUser(perUser != FALSE); });
}

extern "C" void WINAPI WinHttpFreeProxySettings(WINHTTP_PROXY_SETTINGS* settings) {
  if (!settings) return;
  globalRelease(settings->pwszConnectionName);
  globalRelease(settings->pwszProxy);
  globalRelease(settings->pwszProxyBypass);
  globalRelease(settings->pwszAutoconfigUrl);
  globalRelease(settings->pwszAutoconfigSecondaryUrl);
  globalRelease(settings->pwszLastKnownGoodAutoConfigUrl);
  globalRelease(settings->pdwDetectedInterfaceIp);
  globalRelease(settings->pNetworkKeys);
  *settings = WINHTTP_PROXY_SETTINGS{};
}
