// Exports Windows keeps for its own components: the auto-proxy service and
// its PAC worker, the connection-manager and platform-abstraction hooks
// (WinHttpConnection*, WinHttpPal*), Hyper-V isolated-container variants
// (*Hvsi), raw protocol handles (WinHttpProtocol*, WinHttpGetTunnelSocket)
// and connection groups. Their contracts are private or depend on state only
// Windows' services have, so for an outside caller each fails the way the
// marker "-internal" in spec/winhttp.spec promises: after the handle checks
// a public caller can rely on, with ERROR_NOT_SUPPORTED (as the return
// value, or as the last error with FALSE/NULL), and a void one does nothing.
#include "api_guard.h"
#include "handles.h"
#include "internal_export.h"
#include "sdk_types.h"

using namespace hinternet;
using namespace hinternet::winhttp;
using win32::failNotSupported;
using win32::guardedCall;
using win32::notSupported;

namespace {

// No protocol handle is ever created here: any live handle is of the wrong
// type, anything else is no handle at all.
DWORD protocolHandleError(HINTERNET handle) {
  return api().table().find(reinterpret_cast<std::uintptr_t>(handle)) ? ERROR_WINHTTP_INCORRECT_HANDLE_TYPE
                                                                      : ERROR_INVALID_HANDLE;
}

}  // namespace

extern "C" BOOL WINAPI Private1(void*, void*, void*, void*, void*) { return failNotSupported("Private1"); }

// svchost hands its service globals to service DLLs; nothing here runs as a
// service, so there is nothing to keep them for.
extern "C" void WINAPI SvchostPushServiceGlobals(void*) { notSupported("SvchostPushServiceGlobals"); }

// ServiceMain entry points: outside the service control manager there is no
// service to run.
extern "C" void WINAPI WinHttpAutoProxySvcMain(DWORD, void*) {
  SetLastError(notSupported("WinHttpAutoProxySvcMain"));
}
extern "C" void WINAPI WinHttpPacJsWorkerMain(DWORD, void*) { SetLastError(notSupported("WinHttpPacJsWorkerMain")); }

extern "C" DWORD WINAPI WinHttpConnectionDeletePolicyEntries(void*, void*) {
  return notSupported("WinHttpConnectionDeletePolicyEntries");
}
extern "C" DWORD WINAPI WinHttpConnectionDeleteProxyInfo(void*, void*) {
  return notSupported("WinHttpConnectionDeleteProxyInfo");
}
extern "C" DWORD WINAPI WinHttpConnectionGetNameList(void*) { return notSupported("WinHttpConnectionGetNameList"); }
extern "C" DWORD WINAPI WinHttpConnectionGetProxyInfo(void*, void*, void*) {
  return notSupported("WinHttpConnectionGetProxyInfo");
}
extern "C" DWORD WINAPI WinHttpConnectionGetProxyList(void*, void*) {
  return notSupported("WinHttpConnectionGetProxyList");
}
extern "C" DWORD WINAPI WinHttpConnectionSetPolicyEntries(void*, void*, void*) {
  return notSupported("WinHttpConnectionSetPolicyEntries");
}
extern "C" DWORD WINAPI WinHttpConnectionSetProxyInfo(void*, void*, void*) {
  return notSupported("WinHttpConnectionSetProxyInfo");
}
extern "C" DWORD WINAPI WinHttpConnectionUpdateIfIndexTable(void*, void*) {
  return notSupported("WinHttpConnectionUpdateIfIndexTable");
}
// The Get functions above never allocate, so there is never anything to free.
extern "C" BOOL WINAPI WinHttpConnectionFreeNameList(void*) {
  return failNotSupported("WinHttpConnectionFreeNameList");
}
extern "C" BOOL WINAPI WinHttpConnectionFreeProxyInfo(void*) {
  return failNotSupported("WinHttpConnectionFreeProxyInfo");
}
extern "C" BOOL WINAPI WinHttpConnectionFreeProxyList(void*) {
  return failNotSupported("WinHttpConnectionFreeProxyList");
}

#ifdef _WIN64
extern "C" BOOL WINAPI WinHttpPalAcquireNextInterface() { return failNotSupported("WinHttpPalAcquireNextInterface"); }
extern "C" BOOL WINAPI WinHttpPalAcquireNextInterfaceAsync() {
  return failNotSupported("WinHttpPalAcquireNextInterfaceAsync");
}
extern "C" BOOL WINAPI WinHttpPalCancelRequest() { return failNotSupported("WinHttpPalCancelRequest"); }
extern "C" BOOL WINAPI WinHttpPalCreateCmSessionReference() {
  return failNotSupported("WinHttpPalCreateCmSessionReference");
}
extern "C" BOOL WINAPI WinHttpPalCreateRequestCtx() { return failNotSupported("WinHttpPalCreateRequestCtx"); }
extern "C" BOOL WINAPI WinHttpPalDllInit() { return failNotSupported("WinHttpPalDllInit"); }
extern "C" BOOL WINAPI WinHttpPalDllUnload() { return failNotSupported("WinHttpPalDllUnload"); }
extern "C" BOOL WINAPI WinHttpPalFreeProxyInfo() { return failNotSupported("WinHttpPalFreeProxyInfo"); }
extern "C" BOOL WINAPI WinHttpPalFreeRequestCtx() { return failNotSupported("WinHttpPalFreeRequestCtx"); }
extern "C" BOOL WINAPI WinHttpPalGetProxyCreds() { return failNotSupported("WinHttpPalGetProxyCreds"); }
extern "C" BOOL WINAPI WinHttpPalGetProxyForCurrentInterface() {
  return failNotSupported("WinHttpPalGetProxyForCurrentInterface");
}
// FALSE is also the truthful answer: no platform abstraction layer is here.
extern "C" BOOL WINAPI WinHttpPalIsImplemented() { return failNotSupported("WinHttpPalIsImplemented"); }
extern "C" BOOL WINAPI WinHttpPalOnSendRequestComplete() {
  return failNotSupported("WinHttpPalOnSendRequestComplete");
}
#endif

extern "C" DWORD WINAPI WinHttpProbeConnectivity(void*, void*, void*, void*, void*, void*) {
  return notSupported("WinHttpProbeConnectivity");
}
extern "C" DWORD WINAPI WinHttpGetTunnelSocket(void*, void*, void*, void*) {
  return notSupported("WinHttpGetTunnelSocket");
}
extern "C" DWORD WINAPI WinHttpGetProxyForUrlHvsi(void*, const WCHAR*, void*, void*, void*, void*, void*, void*,
                                                  void*) {
  return notSupported("WinHttpGetProxyForUrlHvsi");
}
extern "C" DWORD WINAPI WinHttpReadProxySettingsHvsi(void*, const WCHAR*, DWORD_PTR, DWORD_PTR, void*, void*, void*,
                                                     void*) {
  return notSupported("WinHttpReadProxySettingsHvsi");
}
extern "C" DWORD WINAPI WinHttpSaveProxyCredentials(void*, void*, void*, void*) {
  return notSupported("WinHttpSaveProxyCredentials");
}

extern "C" HINTERNET WINAPI WinHttpProtocolCompleteUpgrade(HINTERNET requestHandle, DWORD_PTR) {
  return guardedCall("WinHttpProtocolCompleteUpgrade", HINTERNET(nullptr), [&]() -> HINTERNET {
    if (!find<Request>(requestHandle, {HandleKind::Request})) return nullptr;
    failNotSupported("WinHttpProtocolCompleteUpgrade");
    return nullptr;
  });
}
extern "C" DWORD WINAPI WinHttpProtocolSend(HINTERNET protocol, ULONGLONG, void*, DWORD) {
  return protocolHandleError(protocol);
}
extern "C" DWORD WINAPI WinHttpProtocolReceive(HINTERNET protocol, ULONGLONG, void*, DWORD, DWORD* read) {
  if (read) *read = 0;
  return protocolHandleError(protocol);
}

// Connection groups describe WinHTTP's own connection pool, which curl keeps
// here: the handle is checked, then the query is refused.
extern "C" DWORD WINAPI WinHttpQueryConnectionGroup(HINTERNET handle, const GUID*, ULONGLONG, void** result) {
  return guardedCall("WinHttpQueryConnectionGroup", DWORD(ERROR_WINHTTP_INTERNAL_ERROR), [&]() -> DWORD {
    if (result) *result = nullptr;
    if (!find<HandleObject>(handle, {HandleKind::Request, HandleKind::Connect})) return GetLastError();
    if (!result) return ERROR_INVALID_PARAMETER;
    return notSupported("WinHttpQueryConnectionGroup");
  });
}
// WinHttpQueryConnectionGroup never hands out a result to free.
extern "C" void WINAPI WinHttpFreeQueryConnectionGroupResult(void*) {}
