// The proxy resolver family on a machine with no auto-proxy script, and
// the Internet Options proxy settings in the registry.
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <string>

#include "../../winhttp/sdk_types.h"
#include "saved_user_proxy.h"
#include "test_servers.h"
#include "winhttp_helpers.h"

extern "C" {
DWORD WINAPI WinHttpGetProxySettingsEx(HINTERNET, WINHTTP_PROXY_SETTINGS_TYPE, PWINHTTP_PROXY_SETTINGS_PARAM,
                                       DWORD_PTR);
DWORD WINAPI WinHttpGetProxySettingsResultEx(HINTERNET, PVOID);
DWORD WINAPI WinHttpFreeProxySettingsEx(WINHTTP_PROXY_SETTINGS_TYPE, PVOID);
DWORD WINAPI WinHttpSetProxySettingsPerUser(BOOL);
DWORD WINAPI WinHttpRegisterProxyChangeNotification(ULONGLONG, WINHTTP_PROXY_CHANGE_CALLBACK, PVOID,
                                                    WINHTTP_PROXY_CHANGE_REGISTRATION_HANDLE*);
DWORD WINAPI WinHttpUnregisterProxyChangeNotification(WINHTTP_PROXY_CHANGE_REGISTRATION_HANDLE);
}

namespace {

// One outcome of a resolver query, delivered by its callback.
struct Outcome {
  HANDLE done = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  DWORD status = 0, api = 0, error = 0;
  ~Outcome() { CloseHandle(done); }
  bool wait() { return WaitForSingleObject(done, 60000) == WAIT_OBJECT_0; }
};

void CALLBACK onResolver(HINTERNET, DWORD_PTR context, DWORD status, LPVOID info, DWORD) {
  if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING || !context) return;
  auto* outcome = reinterpret_cast<Outcome*>(context);
  outcome->status = status;
  if (status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR) {
    auto* result = static_cast<WINHTTP_ASYNC_RESULT*>(info);
    outcome->api = result->dwResult;
    outcome->error = result->dwError;
  }
  SetEvent(outcome->done);
}

struct Resolver {
  WinHttpHandle session{WinHttpOpen(L"t", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, WINHTTP_FLAG_ASYNC)};
  HINTERNET handle = nullptr;
  Resolver() {
    // The callback set on the session is the resolver's too.
    const DWORD mask = WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS | WINHTTP_CALLBACK_FLAG_GETPROXYSETTINGS_COMPLETE;
    REQUIRE(WinHttpSetStatusCallback(session, onResolver, mask, 0) != WINHTTP_INVALID_STATUS_CALLBACK);
    REQUIRE(WinHttpCreateProxyResolver(session, &handle) == ERROR_SUCCESS);
    REQUIRE(handle);
  }
  ~Resolver() { WinHttpCloseHandle(handle); }
};

WINHTTP_AUTOPROXY_OPTIONS scriptAt(LPCWSTR url) {
  WINHTTP_AUTOPROXY_OPTIONS options{};
  options.dwFlags = WINHTTP_AUTOPROXY_CONFIG_URL;
  options.lpszAutoConfigUrl = url;
  return options;
}

DWORD queryError(Resolver& r, WINHTTP_AUTOPROXY_OPTIONS options) {
  Outcome outcome;
  REQUIRE(WinHttpGetProxyForUrlEx2(r.handle, L"http://example.com/", &options, 0, nullptr,
                                   reinterpret_cast<DWORD_PTR>(&outcome)) == ERROR_IO_PENDING);
  REQUIRE(outcome.wait());
  REQUIRE(outcome.status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR);
  REQUIRE(outcome.api == API_GET_PROXY_FOR_URL);
  return outcome.error;
}

std::wstring edgeUrl(const wchar_t* path) {
  return L"http://127.0.0.1:" + std::to_wstring(edgePort()) + path;
}

// The user's default connection settings, removed for the test and put
// back as they were.
struct SavedConnection : SavedValue {
  SavedConnection() : SavedValue(HKEY_CURRENT_USER, kConnectionsKey, L"DefaultConnectionSettings") { remove(); }
};

}  // namespace

TEST_CASE("WinHttpCreateProxyResolver: an asynchronous session only") {
  HINTERNET resolver = reinterpret_cast<HINTERNET>(1);
  REQUIRE(WinHttpCreateProxyResolver(nullptr, &resolver) == ERROR_INVALID_HANDLE);
  WinHttpHandle sync(WinHttpOpen(L"t", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  REQUIRE(WinHttpCreateProxyResolver(sync, &resolver) == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
  WinHttpHandle async(WinHttpOpen(L"t", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, WINHTTP_FLAG_ASYNC));
  WinHttpHandle connect(WinHttpConnect(async, L"127.0.0.1", httpPort(), 0));
  REQUIRE(WinHttpCreateProxyResolver(connect, &resolver) == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
  REQUIRE(WinHttpCreateProxyResolver(async, nullptr) == ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpCreateProxyResolver(async, &resolver) == ERROR_SUCCESS);
  // A resolver is no session.
  HINTERNET nested = nullptr;
  REQUIRE(WinHttpCreateProxyResolver(resolver, &nested) == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
  REQUIRE(WinHttpConnect(resolver, L"127.0.0.1", 80, 0) == nullptr);
  REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
  REQUIRE(WinHttpCloseHandle(resolver));
  REQUIRE(WinHttpCreateProxyResolver(resolver, &nested) == ERROR_INVALID_HANDLE);
}

TEST_CASE("WinHttpGetProxyForUrlEx2: no auto-proxy script is found or run") {
  Resolver r;
  WINHTTP_AUTOPROXY_OPTIONS detect{};
  detect.dwFlags = WINHTTP_AUTOPROXY_AUTO_DETECT;
  detect.dwAutoDetectFlags = WINHTTP_AUTO_DETECT_TYPE_DHCP | WINHTTP_AUTO_DETECT_TYPE_DNS_A;
  REQUIRE(queryError(r, detect) == ERROR_WINHTTP_AUTODETECTION_FAILED);
  const std::wstring missing = edgeUrl(L"/status/404");
  REQUIRE(queryError(r, scriptAt(missing.c_str())) == ERROR_WINHTTP_UNABLE_TO_DOWNLOAD_SCRIPT);
  // A script that downloads cannot be run yet.
  const std::wstring found = edgeUrl(L"/");
  REQUIRE(queryError(r, scriptAt(found.c_str())) == ERROR_WINHTTP_BAD_AUTO_PROXY_SCRIPT);
  REQUIRE(queryError(r, scriptAt(L"ftp://127.0.0.1/proxy.pac")) == ERROR_WINHTTP_UNRECOGNIZED_SCHEME);
  WINHTTP_AUTOPROXY_OPTIONS both = scriptAt(missing.c_str());
  both.dwFlags |= WINHTTP_AUTOPROXY_AUTO_DETECT;
  both.dwAutoDetectFlags = WINHTTP_AUTO_DETECT_TYPE_DNS_A;
  REQUIRE(queryError(r, both) == ERROR_WINHTTP_UNABLE_TO_DOWNLOAD_SCRIPT);
  BYTE selection[4] = {};
  Outcome outcome;
  REQUIRE(WinHttpGetProxyForUrlEx2(r.handle, L"https://example.com/x", &detect, sizeof(selection), selection,
                                   reinterpret_cast<DWORD_PTR>(&outcome)) == ERROR_IO_PENDING);
  REQUIRE(outcome.wait());
  REQUIRE(outcome.error == ERROR_WINHTTP_AUTODETECTION_FAILED);

  WINHTTP_PROXY_RESULT result{};
  REQUIRE(WinHttpGetProxyResult(r.handle, &result) == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
  WINHTTP_PROXY_RESULT_EX resultEx{};
  REQUIRE(WinHttpGetProxyResultEx(r.handle, &resultEx) == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
  REQUIRE(WinHttpGetProxyResult(r.handle, nullptr) == ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpGetProxyResult(r.session, &result) == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
  REQUIRE(WinHttpGetProxyResultEx(nullptr, &resultEx) == ERROR_INVALID_HANDLE);
  WinHttpFreeProxyResult(nullptr);
  WinHttpFreeProxyResult(&result);
  WinHttpFreeProxyResultEx(nullptr);
  WinHttpFreeProxyResultEx(&resultEx);
  REQUIRE(result.cEntries == 0);
  REQUIRE(result.pEntries == nullptr);
}

TEST_CASE("WinHttpGetProxyForUrlEx2: arguments are checked before anything starts") {
  Resolver r;
  WINHTTP_AUTOPROXY_OPTIONS detect{};
  detect.dwFlags = WINHTTP_AUTOPROXY_AUTO_DETECT;
  detect.dwAutoDetectFlags = WINHTTP_AUTO_DETECT_TYPE_DNS_A;
  auto start = [&](HINTERNET h, LPCWSTR url, WINHTTP_AUTOPROXY_OPTIONS* o) {
    return WinHttpGetProxyForUrlEx2(h, url, o, 0, nullptr, 0);
  };
  REQUIRE(start(r.handle, nullptr, &detect) == ERROR_INVALID_PARAMETER);
  REQUIRE(start(r.handle, L"", &detect) == ERROR_INVALID_PARAMETER);
  REQUIRE(start(r.handle, L"http://example.com/", nullptr) == ERROR_INVALID_PARAMETER);
  REQUIRE(start(r.handle, L"not a url", &detect) == ERROR_WINHTTP_UNRECOGNIZED_SCHEME);
  REQUIRE(start(r.handle, L"http://", &detect) == ERROR_WINHTTP_INVALID_URL);
  WINHTTP_AUTOPROXY_OPTIONS bad = detect;
  bad.dwFlags = 0;
  REQUIRE(start(r.handle, L"http://example.com/", &bad) == ERROR_INVALID_PARAMETER);
  bad = detect;
  bad.dwAutoDetectFlags = 0;
  REQUIRE(start(r.handle, L"http://example.com/", &bad) == ERROR_INVALID_PARAMETER);
  bad = detect;
  bad.dwReserved = 1;
  REQUIRE(start(r.handle, L"http://example.com/", &bad) == ERROR_INVALID_PARAMETER);
  bad = scriptAt(nullptr);
  REQUIRE(start(r.handle, L"http://example.com/", &bad) == ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpGetProxyForUrlEx2(r.handle, L"http://example.com/", &detect, 4, nullptr, 0) ==
          ERROR_INVALID_PARAMETER);
  REQUIRE(start(r.session, L"http://example.com/", &detect) == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
  REQUIRE(start(nullptr, L"http://example.com/", &detect) == ERROR_INVALID_HANDLE);

  // One query at a time: the script server answers after 2 s.
  const std::wstring slow = edgeUrl(L"/slow-headers/2000");
  WINHTTP_AUTOPROXY_OPTIONS pending = scriptAt(slow.c_str());
  Outcome first;
  REQUIRE(WinHttpGetProxyForUrlEx2(r.handle, L"http://example.com/", &pending, 0, nullptr,
                                   reinterpret_cast<DWORD_PTR>(&first)) == ERROR_IO_PENDING);
  REQUIRE(start(r.handle, L"http://example.com/", &detect) == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
  WINHTTP_PROXY_RESULT result{};
  REQUIRE(WinHttpGetProxyResult(r.handle, &result) == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
  REQUIRE(first.wait());
  REQUIRE(first.error == ERROR_WINHTTP_BAD_AUTO_PROXY_SCRIPT);
}

TEST_CASE("WinHttpGetProxyForUrlEx2: closing the resolver cancels its query") {
  Outcome outcome;
  {
    Resolver r;
    const std::wstring slow = edgeUrl(L"/slow-headers/1000");
    WINHTTP_AUTOPROXY_OPTIONS pending = scriptAt(slow.c_str());
    REQUIRE(WinHttpGetProxyForUrlEx2(r.handle, L"http://example.com/", &pending, 0, nullptr,
                                     reinterpret_cast<DWORD_PTR>(&outcome)) == ERROR_IO_PENDING);
  }
  REQUIRE(outcome.wait());
  REQUIRE(outcome.error == ERROR_WINHTTP_OPERATION_CANCELLED);
}

TEST_CASE("WinHttpResetAutoProxy: a session, and the documented flags") {
  WinHttpHandle session(WinHttpOpen(L"t", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  REQUIRE(WinHttpResetAutoProxy(session, WINHTTP_RESET_ALL | WINHTTP_RESET_OUT_OF_PROC) == ERROR_SUCCESS);
  REQUIRE(WinHttpResetAutoProxy(session, WINHTTP_RESET_STATE) == ERROR_SUCCESS);
  REQUIRE(WinHttpResetAutoProxy(session, 0x80000000) == ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpResetAutoProxy(nullptr, WINHTTP_RESET_ALL) == ERROR_INVALID_HANDLE);
  WinHttpHandle connect(WinHttpConnect(session, L"127.0.0.1", httpPort(), 0));
  REQUIRE(WinHttpResetAutoProxy(connect, WINHTTP_RESET_ALL) == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
}

TEST_CASE("WinHttpGetProxySettingsEx: the settings in force, freed by WinHttpFreeProxySettingsEx") {
  SavedConnection saved;
  Resolver r;
  WINHTTP_PROXY_SETTINGS_EX settings{};
  REQUIRE(WinHttpGetProxySettingsResultEx(r.handle, &settings) == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
  REQUIRE(WinHttpGetProxySettingsEx(r.handle, WinHttpProxySettingsTypeUnknown, nullptr, 0) == ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpGetProxySettingsEx(r.session, WinHttpProxySettingsTypeWsl, nullptr, 0) ==
          ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);

  Outcome direct;
  REQUIRE(WinHttpGetProxySettingsEx(r.handle, WinHttpProxySettingsTypeWsl, nullptr,
                                    reinterpret_cast<DWORD_PTR>(&direct)) == ERROR_IO_PENDING);
  REQUIRE(direct.wait());
  REQUIRE(direct.status == WINHTTP_CALLBACK_STATUS_GETPROXYSETTINGS_COMPLETE);
  REQUIRE(WinHttpGetProxySettingsResultEx(r.handle, nullptr) == ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpGetProxySettingsResultEx(r.handle, &settings) == ERROR_SUCCESS);
  REQUIRE(settings.ullFlags == WINHTTP_PROXY_TYPE_DIRECT);
  REQUIRE(settings.pcwszProxy == nullptr);
  REQUIRE(settings.cProxyBypasses == 0);
  REQUIRE(WinHttpFreeProxySettingsEx(WinHttpProxySettingsTypeWsl, &settings) == ERROR_SUCCESS);

  WINHTTP_PROXY_SETTINGS written{};
  written.dwStructSize = sizeof(written);
  written.dwFlags = WINHTTP_PROXY_TYPE_DIRECT | WINHTTP_PROXY_TYPE_PROXY | WINHTTP_PROXY_TYPE_AUTO_PROXY_URL;
  written.pwszProxy = const_cast<PWSTR>(L"http=web:80;https=secure:443");
  written.pwszProxyBypass = const_cast<PWSTR>(L"<local>;*.example");
  written.pwszAutoconfigUrl = const_cast<PWSTR>(L"http://wpad.example/proxy.pac");
  WinHttpHandle plain(WinHttpOpen(L"t", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  REQUIRE(WinHttpWriteProxySettings(plain, TRUE, &written) == ERROR_SUCCESS);
  Outcome configured;
  REQUIRE(WinHttpGetProxySettingsEx(r.handle, WinHttpProxySettingsTypeWsa, nullptr,
                                    reinterpret_cast<DWORD_PTR>(&configured)) == ERROR_IO_PENDING);
  REQUIRE(configured.wait());
  REQUIRE(WinHttpGetProxySettingsResultEx(r.handle, &settings) == ERROR_SUCCESS);
  REQUIRE(settings.ullFlags == written.dwFlags);
  REQUIRE(settings.ullGenerationId == 1);
  REQUIRE(std::wstring(settings.pcwszProxy) == L"http://web:80");
  REQUIRE(std::wstring(settings.pcwszSecureProxy) == L"http://secure:443");
  REQUIRE(std::wstring(settings.pcwszAutoconfigUrl) == L"http://wpad.example/proxy.pac");
  REQUIRE(settings.cProxyBypasses == 2);
  REQUIRE(std::wstring(settings.rgpcwszProxyBypasses[1]) == L"*.example");
  REQUIRE(WinHttpFreeProxySettingsEx(WinHttpProxySettingsTypeUnknown, &settings) == ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpFreeProxySettingsEx(WinHttpProxySettingsTypeWsa, nullptr) == ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpFreeProxySettingsEx(WinHttpProxySettingsTypeWsa, &settings) == ERROR_SUCCESS);
  REQUIRE(settings.pcwszProxy == nullptr);
  REQUIRE(settings.rgpcwszProxyBypasses == nullptr);
}

TEST_CASE("WinHttpReadProxySettings and WinHttpWriteProxySettings keep a connection's settings and version") {
  SavedConnection saved;
  WinHttpHandle session(WinHttpOpen(L"t", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  DWORD version = 99;
  BOOL defaults = FALSE;
  WINHTTP_PROXY_SETTINGS settings{};
  REQUIRE(WinHttpGetProxySettingsVersion(session, &version) == ERROR_SUCCESS);
  REQUIRE(version == 0);
  REQUIRE(WinHttpReadProxySettings(session, nullptr, FALSE, FALSE, &version, &defaults, &settings) ==
          ERROR_FILE_NOT_FOUND);
  REQUIRE(WinHttpReadProxySettings(session, nullptr, TRUE, TRUE, &version, &defaults, &settings) == ERROR_SUCCESS);
  REQUIRE(defaults);
  REQUIRE(settings.dwFlags == (WINHTTP_PROXY_TYPE_DIRECT | WINHTTP_PROXY_TYPE_AUTO_DETECT));
  REQUIRE(settings.pwszProxy == nullptr);
  WinHttpFreeProxySettings(&settings);

  WINHTTP_PROXY_SETTINGS written{};
  written.dwStructSize = sizeof(written);
  written.dwFlags = WINHTTP_PROXY_TYPE_PROXY;
  written.pwszProxy = const_cast<PWSTR>(L"proxy.example:8080");
  written.pwszProxyBypass = const_cast<PWSTR>(L"<local>");
  written.dwCurrentSettingsVersion = 5;
  REQUIRE(WinHttpWriteProxySettings(session, FALSE, &written) == ERROR_INVALID_PARAMETER);
  written.dwCurrentSettingsVersion = 0;
  REQUIRE(WinHttpWriteProxySettings(session, FALSE, &written) == ERROR_SUCCESS);
  REQUIRE(WinHttpGetProxySettingsVersion(session, &version) == ERROR_SUCCESS);
  REQUIRE(version == 1);
  REQUIRE(WinHttpReadProxySettings(session, nullptr, FALSE, FALSE, &version, &defaults, &settings) == ERROR_SUCCESS);
  REQUIRE_FALSE(defaults);
  REQUIRE(version == 1);
  REQUIRE(settings.dwCurrentSettingsVersion == 1);
  REQUIRE(settings.dwFlags == WINHTTP_PROXY_TYPE_PROXY);
  REQUIRE(std::wstring(settings.pwszProxy) == L"proxy.example:8080");
  REQUIRE(std::wstring(settings.pwszProxyBypass) == L"<local>");
  WinHttpFreeProxySettings(&settings);
  REQUIRE(settings.pwszProxy == nullptr);
  WinHttpFreeProxySettings(nullptr);

  written.dwStructSize = 1;
  REQUIRE(WinHttpWriteProxySettings(session, TRUE, &written) == ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpWriteProxySettings(session, TRUE, nullptr) == ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpReadProxySettings(session, nullptr, TRUE, FALSE, nullptr, &defaults, &settings) ==
          ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpGetProxySettingsVersion(session, nullptr) == ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpGetProxySettingsVersion(nullptr, &version) == ERROR_INVALID_HANDLE);
  WinHttpHandle connect(WinHttpConnect(session, L"127.0.0.1", httpPort(), 0));
  REQUIRE(WinHttpReadProxySettings(connect, nullptr, TRUE, FALSE, &version, &defaults, &settings) ==
          ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
}

TEST_CASE("WinHttpSetProxySettingsPerUser writes the policy") {
  const wchar_t* policy = L"Software\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings";
  REQUIRE(WinHttpSetProxySettingsPerUser(TRUE) == ERROR_SUCCESS);
  DWORD value = 7, size = sizeof(value);
  REQUIRE(RegGetValueW(HKEY_LOCAL_MACHINE, policy, L"ProxySettingsPerUser", RRF_RT_REG_DWORD, nullptr, &value,
                       &size) == ERROR_SUCCESS);
  REQUIRE(value == 1);
  RegDeleteKeyValueW(HKEY_LOCAL_MACHINE, policy, L"ProxySettingsPerUser");
}

namespace {

struct ChangeSeen {
  HANDLE event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  ULONGLONG flags = 0;
  ~ChangeSeen() { CloseHandle(event); }
};

void CALLBACK onChange(ULONGLONG flags, PVOID context) {
  auto* seen = static_cast<ChangeSeen*>(context);
  seen->flags = flags;
  SetEvent(seen->event);
}

}  // namespace

TEST_CASE("WinHttpRegisterProxyChangeNotification: a settings change calls back until unregistered") {
  SavedConnection saved;
  WINHTTP_PROXY_CHANGE_REGISTRATION_HANDLE handle = nullptr;
  ChangeSeen seen;
  // A failed REQUIRE must not leave `seen` registered once it is gone:
  // restoring the settings (`saved`) calls back. A second unregistration
  // only fails.
  struct Unregister {
    WINHTTP_PROXY_CHANGE_REGISTRATION_HANDLE& handle;
    ~Unregister() {
      if (handle) WinHttpUnregisterProxyChangeNotification(handle);
    }
  } unregister{handle};
  REQUIRE(WinHttpRegisterProxyChangeNotification(0, onChange, &seen, &handle) == ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpRegisterProxyChangeNotification(WINHTTP_PROXY_NOTIFY_CHANGE, nullptr, &seen, &handle) ==
          ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpRegisterProxyChangeNotification(WINHTTP_PROXY_NOTIFY_CHANGE, onChange, &seen, nullptr) ==
          ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpRegisterProxyChangeNotification(WINHTTP_PROXY_NOTIFY_CHANGE, onChange, &seen, &handle) ==
          ERROR_SUCCESS);
  REQUIRE(handle);

  WinHttpHandle session(WinHttpOpen(L"t", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  WINHTTP_PROXY_SETTINGS written{};
  written.dwStructSize = sizeof(written);
  written.dwFlags = WINHTTP_PROXY_TYPE_DIRECT;
  REQUIRE(WinHttpWriteProxySettings(session, TRUE, &written) == ERROR_SUCCESS);
  REQUIRE(WaitForSingleObject(seen.event, 10000) == WAIT_OBJECT_0);
  REQUIRE(seen.flags == WINHTTP_PROXY_NOTIFY_CHANGE);

  REQUIRE(WinHttpUnregisterProxyChangeNotification(handle) == ERROR_SUCCESS);
  ResetEvent(seen.event);
  REQUIRE(WinHttpWriteProxySettings(session, TRUE, &written) == ERROR_SUCCESS);
  REQUIRE(WaitForSingleObject(seen.event, 500) == WAIT_TIMEOUT);
  REQUIRE(WinHttpUnregisterProxyChangeNotification(handle) == ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpUnregisterProxyChangeNotification(nullptr) == ERROR_INVALID_PARAMETER);
}
