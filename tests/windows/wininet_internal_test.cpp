// Exports Windows keeps for its own components, or for features it removed
// (P3P), fail for an outside caller with ERROR_NOT_SUPPORTED after the
// handle checks; the void ones do nothing. Called through GetProcAddress:
// most are in no MinGW header, some only by ordinal.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <cstring>

#include "../../wininet/internal_sdk.h"
#include "required_export.h"
#include "test_servers.h"
#include "wininet_helpers.h"

using wininet_sdk::HTTP_PUSH_NOTIFICATION_STATUS;
using wininet_sdk::HTTP_PUSH_TRANSPORT_SETTING;
using wininet_sdk::P3P_Done;
using wininet_sdk::P3P_Error;
using wininet_sdk::P3PResource;
using wininet_sdk::P3PSignal;

namespace {

template <class F>
F entry(const char* name) {
  return requiredExport<F>(L"wininet.dll", name);
}

template <class F>
F ordinal(WORD number) {
  return requiredExport<F>(L"wininet.dll", MAKEINTRESOURCEA(number));
}

// FALSE (or NULL) with ERROR_NOT_SUPPORTED as the last error.
template <class Call>
void requireNotSupported(Call&& call) {
  SetLastError(0);
  REQUIRE_FALSE(call());
  REQUIRE(GetLastError() == ERROR_NOT_SUPPORTED);
}

// A session, connect and request handle to the HTTP test server (no
// request is sent).
struct RequestHandles {
  InetHandle session{InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0)};
  InetHandle connect{InternetConnectA(session, "127.0.0.1", httpPort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0)};
  InetHandle request{HttpOpenRequestA(connect, "GET", "/", nullptr, nullptr, nullptr, 0, 0)};
  RequestHandles() { REQUIRE(request.h); }
};

// A handle value that was valid once.
HINTERNET closedHandle() {
  HINTERNET session = InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0);
  REQUIRE(session);
  REQUIRE(InternetCloseHandle(session));
  return session;
}

}  // namespace

TEST_CASE("WinINet internal exports: IE and system hooks are not supported") {
  requireNotSupported([] {
    return entry<BOOL(WINAPI*)(void*, void*, void*, void*)>("DispatchAPICall")(nullptr, nullptr, nullptr, nullptr);
  });
  requireNotSupported([] { return entry<BOOL(WINAPI*)()>("ForceNexusLookup")(); });
  requireNotSupported([] {
    return entry<BOOL(WINAPI*)(void*, void*, void*, void*, void*)>("ForceNexusLookupExW")(nullptr, nullptr, nullptr,
                                                                                          nullptr, nullptr);
  });
  requireNotSupported([] { return ordinal<BOOL(WINAPI*)()>(112)(); });  // IsProfilesEnabled
  requireNotSupported([] {
    return entry<HINTERNET(WINAPI*)(void*, const char*, DWORD)>("InternetOpenServerPushParse")(nullptr, "x", 0) !=
           nullptr;
  });
  requireNotSupported([] {
    return entry<BOOL(WINAPI*)(void*, void*, DWORD, void*, DWORD, void*, void*)>("InternetServerPushParse")(
        nullptr, nullptr, 0, nullptr, 0, nullptr, nullptr);
  });
#ifdef _WIN64
  requireNotSupported([] { return entry<BOOL(WINAPI*)()>("GetProxyDllInfo")(); });
#else
  REQUIRE(GetProcAddress(GetModuleHandleW(L"wininet.dll"), "GetProxyDllInfo") == nullptr);
#endif
  // The void hooks return at once.
  entry<void(WINAPI*)()>("UrlZonesDetach")();
  entry<void(WINAPI*)(DWORD, const void*)>("InternetAutodialCallback")(1, nullptr);
}

TEST_CASE("WinINet internal exports: ReadGuidsForConnectedNetworks reports no network and fails") {
  using ReadGuids = BOOL(WINAPI*)(DWORD*, void**, void**, void**, DWORD*, DWORD*);
  DWORD count = 7, macCount = 7, flags = 7;
  void* guids = &count;
  void* names = &count;
  void* macs = &count;
  requireNotSupported([&] {
    return entry<ReadGuids>("ReadGuidsForConnectedNetworks")(&count, &guids, &names, &macs, &macCount, &flags);
  });
  REQUIRE(count == 0);
  REQUIRE(guids == nullptr);
  REQUIRE(names == nullptr);
  REQUIRE(macs == nullptr);
  REQUIRE(macCount == 0);
  REQUIRE(flags == 0);
  // Every output is optional.
  requireNotSupported([] {
    return entry<ReadGuids>("ReadGuidsForConnectedNetworks")(nullptr, nullptr, nullptr, nullptr, nullptr, nullptr);
  });
}

TEST_CASE("WinINet internal exports: the push channel checks the request handle first") {
  using Enable = DWORD(WINAPI*)(HINTERNET, const HTTP_PUSH_TRANSPORT_SETTING*, void**);
  using Wait = DWORD(WINAPI*)(void*, DWORD, HTTP_PUSH_NOTIFICATION_STATUS*);
  using Close = void(WINAPI*)(void*);
  RequestHandles handles;
  const HTTP_PUSH_TRANSPORT_SETTING setting{};
  void* wait = &handles;
  REQUIRE(entry<Enable>("HttpPushEnable")(nullptr, &setting, &wait) == ERROR_INVALID_HANDLE);
  REQUIRE(wait == nullptr);
  REQUIRE(entry<Enable>("HttpPushEnable")(closedHandle(), &setting, &wait) == ERROR_INVALID_HANDLE);
  REQUIRE(entry<Enable>("HttpPushEnable")(handles.session, &setting, &wait) == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  REQUIRE(entry<Enable>("HttpPushEnable")(handles.connect, &setting, &wait) == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  // Unconfirmed: a missing setting or wait pointer is a parameter error.
  REQUIRE(entry<Enable>("HttpPushEnable")(handles.request, nullptr, &wait) == ERROR_INVALID_PARAMETER);
  REQUIRE(entry<Enable>("HttpPushEnable")(handles.request, &setting, nullptr) == ERROR_INVALID_PARAMETER);
  wait = &handles;
  REQUIRE(entry<Enable>("HttpPushEnable")(handles.request, &setting, &wait) == ERROR_NOT_SUPPORTED);
  REQUIRE(wait == nullptr);

  // No wait handle is ever made, so none is valid.
  HTTP_PUSH_NOTIFICATION_STATUS status{TRUE, 5};
  REQUIRE(entry<Wait>("HttpPushWait")(nullptr, 0, &status) == ERROR_INVALID_HANDLE);
  REQUIRE_FALSE(status.ChannelStatusValid);
  REQUIRE(entry<Wait>("HttpPushWait")(handles.request, 1, nullptr) == ERROR_INVALID_HANDLE);
  entry<Close>("HttpPushClose")(nullptr);
  entry<Close>("HttpPushClose")(handles.request);
  // Closing a "wait handle" left the request alone.
  DWORD size = 0;
  SetLastError(0);
  REQUIRE_FALSE(InternetQueryOptionA(handles.request, INTERNET_OPTION_URL, nullptr, &size));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
}

TEST_CASE("WinINet internal exports: HttpGetTunnelSocket checks the request handle first") {
  using GetTunnelSocket = DWORD(WINAPI*)(HINTERNET, UINT_PTR*, BYTE**, DWORD*);
  auto getTunnelSocket = entry<GetTunnelSocket>("HttpGetTunnelSocket");
  RequestHandles handles;
  UINT_PTR socket = 0;
  BYTE byte = 0;
  BYTE* data = &byte;
  DWORD length = 9;
  REQUIRE(getTunnelSocket(nullptr, &socket, &data, &length) == ERROR_INVALID_HANDLE);
  REQUIRE(socket == ~UINT_PTR(0));  // INVALID_SOCKET
  REQUIRE(data == nullptr);
  REQUIRE(length == 0);
  REQUIRE(getTunnelSocket(closedHandle(), &socket, &data, &length) == ERROR_INVALID_HANDLE);
  REQUIRE(getTunnelSocket(handles.connect, &socket, &data, &length) == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  // Unconfirmed: a missing output is a parameter error.
  REQUIRE(getTunnelSocket(handles.request, nullptr, &data, &length) == ERROR_INVALID_PARAMETER);
  REQUIRE(getTunnelSocket(handles.request, &socket, &data, &length) == ERROR_NOT_SUPPORTED);
  REQUIRE(socket == ~UINT_PTR(0));
}

TEST_CASE("WinINet internal exports: P3P, removed from Windows 10, starts nothing") {
  using FindSymbol = int(WINAPI*)(const char*);
  using MapResource = int(WINAPI*)(P3PResource*, char*, unsigned long, P3PSignal*);
  using GetPolicy = int(WINAPI*)(const char*, HANDLE, void*, P3PSignal*);
  using RequestCall = int(WINAPI*)(void*);
  // Unconfirmed: -1 as "no index" for every token, with ERROR_NOT_SUPPORTED.
  for (const char* symbol : {"CAO", "TEL", "CONo", "XYZ", ""}) {
    INFO(symbol);
    SetLastError(0);
    REQUIRE(ordinal<FindSymbol>(118)(symbol) == -1);
    REQUIRE(GetLastError() == ERROR_NOT_SUPPORTED);
  }
  REQUIRE(ordinal<FindSymbol>(118)(nullptr) == -1);

  // Unconfirmed: P3P_Error, with the policy buffer emptied and no request
  // handed out.
  char verb[] = "GET";
  P3PResource resource{"http://127.0.0.1/", verb, nullptr, nullptr, nullptr};
  char policy[64];
  std::memset(policy, 'x', sizeof(policy));
  P3PSignal signal{};
  signal.hRequest = &signal;
  SetLastError(0);
  REQUIRE(ordinal<MapResource>(120)(&resource, policy, sizeof(policy), &signal) == P3P_Error);
  REQUIRE(GetLastError() == ERROR_NOT_SUPPORTED);
  REQUIRE(policy[0] == '\0');
  REQUIRE(signal.hRequest == nullptr);
  REQUIRE(ordinal<MapResource>(120)(&resource, policy, sizeof(policy), nullptr) == P3P_Error);

  signal.hRequest = &signal;
  SetLastError(0);
  REQUIRE(ordinal<GetPolicy>(121)("http://127.0.0.1/w3c/p3p.xml", nullptr, nullptr, &signal) == P3P_Error);
  REQUIRE(GetLastError() == ERROR_NOT_SUPPORTED);
  REQUIRE(signal.hRequest == nullptr);

  SetLastError(0);
  REQUIRE(ordinal<RequestCall>(123)(nullptr) == P3P_Error);  // GetP3PRequestStatus
  REQUIRE(GetLastError() == ERROR_NOT_SUPPORTED);
  REQUIRE(ordinal<RequestCall>(122)(nullptr) == P3P_Done);  // FreeP3PObject: nothing to free
}
