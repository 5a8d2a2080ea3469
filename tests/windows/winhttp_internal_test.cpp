// Exports Windows keeps for its own components fail for an outside caller,
// and the COM entry points serve no class yet. Called through
// GetProcAddress: most are in no public header, the Dll* ones in no import
// library.
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>
#include <olectl.h>

#include "required_export.h"
#include "test_servers.h"
#include "winhttp_helpers.h"

namespace {

template <class F>
F entry(const char* name) {
  return requiredExport<F>(L"winhttp.dll", name);
}

using Error1 = DWORD(WINAPI*)(void*);
using Error2 = DWORD(WINAPI*)(void*, void*);
using Error3 = DWORD(WINAPI*)(void*, void*, void*);
using Error4 = DWORD(WINAPI*)(void*, void*, void*, void*);
using Error6 = DWORD(WINAPI*)(void*, void*, void*, void*, void*, void*);
using Bool1 = BOOL(WINAPI*)(void*);
using Bool0 = BOOL(WINAPI*)();

}  // namespace

TEST_CASE("internal exports: the connection-manager hooks are not supported") {
  for (const char* name : {"WinHttpConnectionDeletePolicyEntries", "WinHttpConnectionDeleteProxyInfo",
                           "WinHttpConnectionGetProxyList", "WinHttpConnectionUpdateIfIndexTable"}) {
    INFO(name);
    REQUIRE(entry<Error2>(name)(nullptr, nullptr) == ERROR_NOT_SUPPORTED);
  }
  REQUIRE(entry<Error1>("WinHttpConnectionGetNameList")(nullptr) == ERROR_NOT_SUPPORTED);
  for (const char* name : {"WinHttpConnectionGetProxyInfo", "WinHttpConnectionSetPolicyEntries",
                           "WinHttpConnectionSetProxyInfo"}) {
    INFO(name);
    REQUIRE(entry<Error3>(name)(nullptr, nullptr, nullptr) == ERROR_NOT_SUPPORTED);
  }
  for (const char* name : {"WinHttpConnectionFreeNameList", "WinHttpConnectionFreeProxyInfo",
                           "WinHttpConnectionFreeProxyList"}) {
    INFO(name);
    SetLastError(0);
    REQUIRE_FALSE(entry<Bool1>(name)(nullptr));
    REQUIRE(GetLastError() == ERROR_NOT_SUPPORTED);
  }
}

TEST_CASE("internal exports: services, probes, tunnels and Hyper-V variants are not supported") {
  REQUIRE(entry<Error6>("WinHttpProbeConnectivity")(nullptr, nullptr, nullptr, nullptr, nullptr, nullptr) ==
          ERROR_NOT_SUPPORTED);
  REQUIRE(entry<Error4>("WinHttpGetTunnelSocket")(nullptr, nullptr, nullptr, nullptr) == ERROR_NOT_SUPPORTED);
  REQUIRE(entry<Error4>("WinHttpSaveProxyCredentials")(nullptr, nullptr, nullptr, nullptr) == ERROR_NOT_SUPPORTED);
  using Hvsi9 = DWORD(WINAPI*)(void*, const wchar_t*, void*, void*, void*, void*, void*, void*, void*);
  REQUIRE(entry<Hvsi9>("WinHttpGetProxyForUrlHvsi")(nullptr, L"http://x/", nullptr, nullptr, nullptr, nullptr, nullptr,
                                                    nullptr, nullptr) == ERROR_NOT_SUPPORTED);
  using Hvsi8 = DWORD(WINAPI*)(void*, const wchar_t*, DWORD_PTR, DWORD_PTR, void*, void*, void*, void*);
  REQUIRE(entry<Hvsi8>("WinHttpReadProxySettingsHvsi")(nullptr, nullptr, 0, 0, nullptr, nullptr, nullptr, nullptr) ==
          ERROR_NOT_SUPPORTED);
  using Private5 = BOOL(WINAPI*)(void*, void*, void*, void*, void*);
  SetLastError(0);
  REQUIRE_FALSE(entry<Private5>("Private1")(nullptr, nullptr, nullptr, nullptr, nullptr));
  REQUIRE(GetLastError() == ERROR_NOT_SUPPORTED);
  // Service entry points return at once outside the service control manager.
  using Void1 = void(WINAPI*)(void*);
  using Void2 = void(WINAPI*)(DWORD, void*);
  entry<Void1>("SvchostPushServiceGlobals")(nullptr);
  SetLastError(0);
  entry<Void2>("WinHttpAutoProxySvcMain")(0, nullptr);
  REQUIRE(GetLastError() == ERROR_NOT_SUPPORTED);
  SetLastError(0);
  entry<Void2>("WinHttpPacJsWorkerMain")(0, nullptr);
  REQUIRE(GetLastError() == ERROR_NOT_SUPPORTED);
#ifdef _WIN64
  for (const char* name : {"WinHttpPalAcquireNextInterface", "WinHttpPalAcquireNextInterfaceAsync",
                           "WinHttpPalCancelRequest", "WinHttpPalCreateCmSessionReference",
                           "WinHttpPalCreateRequestCtx", "WinHttpPalDllInit", "WinHttpPalDllUnload",
                           "WinHttpPalFreeProxyInfo", "WinHttpPalFreeRequestCtx", "WinHttpPalGetProxyCreds",
                           "WinHttpPalGetProxyForCurrentInterface", "WinHttpPalIsImplemented",
                           "WinHttpPalOnSendRequestComplete"}) {
    INFO(name);
    SetLastError(0);
    REQUIRE_FALSE(entry<Bool0>(name)());
    REQUIRE(GetLastError() == ERROR_NOT_SUPPORTED);
  }
#else
  REQUIRE(GetProcAddress(GetModuleHandleW(L"winhttp.dll"), "WinHttpPalDllInit") == nullptr);
#endif
}

TEST_CASE("internal exports: protocol handles and connection groups check their handles first") {
  WinHttpHandle session(WinHttpOpen(L"t", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  WinHttpHandle connect(WinHttpConnect(session, L"127.0.0.1", httpPort(), 0));
  WinHttpHandle request(WinHttpOpenRequest(connect, nullptr, L"/", nullptr, nullptr, nullptr, 0));
  using Send = DWORD(WINAPI*)(HINTERNET, ULONGLONG, void*, DWORD);
  using Receive = DWORD(WINAPI*)(HINTERNET, ULONGLONG, void*, DWORD, DWORD*);
  using Upgrade = HINTERNET(WINAPI*)(HINTERNET, DWORD_PTR);
  char byte = 0;
  REQUIRE(entry<Send>("WinHttpProtocolSend")(nullptr, 0, &byte, 1) == ERROR_INVALID_HANDLE);
  REQUIRE(entry<Send>("WinHttpProtocolSend")(request, 0, &byte, 1) == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
  DWORD read = 5;
  REQUIRE(entry<Receive>("WinHttpProtocolReceive")(session, 0, &byte, 1, &read) ==
          ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
  REQUIRE(read == 0);
  REQUIRE(entry<Upgrade>("WinHttpProtocolCompleteUpgrade")(session, 0) == nullptr);
  REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
  REQUIRE(entry<Upgrade>("WinHttpProtocolCompleteUpgrade")(request, 0) == nullptr);
  REQUIRE(GetLastError() == ERROR_NOT_SUPPORTED);

  using Query = DWORD(WINAPI*)(HINTERNET, const GUID*, ULONGLONG, void**);
  using Free = void(WINAPI*)(void*);
  void* result = reinterpret_cast<void*>(1);
  REQUIRE(entry<Query>("WinHttpQueryConnectionGroup")(nullptr, nullptr, 0, &result) == ERROR_INVALID_HANDLE);
  REQUIRE(result == nullptr);
  REQUIRE(entry<Query>("WinHttpQueryConnectionGroup")(session, nullptr, 0, &result) ==
          ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
  REQUIRE(entry<Query>("WinHttpQueryConnectionGroup")(connect, nullptr, 0, nullptr) == ERROR_INVALID_PARAMETER);
  REQUIRE(entry<Query>("WinHttpQueryConnectionGroup")(request, nullptr, 1, &result) == ERROR_NOT_SUPPORTED);
  REQUIRE(result == nullptr);
  entry<Free>("WinHttpFreeQueryConnectionGroupResult")(nullptr);
}

TEST_CASE("COM entry points: no class is served yet") {
  using CanUnload = HRESULT(WINAPI*)();
  using GetClass = HRESULT(WINAPI*)(REFCLSID, REFIID, void**);
  REQUIRE(entry<CanUnload>("DllCanUnloadNow")() == S_FALSE);
  // WinHttp.WinHttpRequest.5.1
  const CLSID request = {0x2087c2f4, 0x2cef, 0x4953, {0xa8, 0xab, 0x66, 0x77, 0x9b, 0x67, 0x04, 0x95}};
  void* object = reinterpret_cast<void*>(1);
  REQUIRE(entry<GetClass>("DllGetClassObject")(request, IID_IClassFactory, &object) == CLASS_E_CLASSNOTAVAILABLE);
  REQUIRE(object == nullptr);
  REQUIRE(entry<GetClass>("DllGetClassObject")(request, IID_IClassFactory, nullptr) == E_POINTER);
  REQUIRE(entry<CanUnload>("DllRegisterServer")() == SELFREG_E_CLASS);
  REQUIRE(entry<CanUnload>("DllUnregisterServer")() == S_OK);
}
