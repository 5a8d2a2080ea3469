// Exports Windows keeps for its own components, or for features it has
// removed. For an outside caller each fails the way the marker "-internal"
// in spec/wininet.spec promises: after the handle checks a public caller can
// rely on, with ERROR_NOT_SUPPORTED (as the return value, or as the last
// error with FALSE/NULL), and a void one does nothing. Why each is internal
// stands above it.
#include "api_guard.h"
#include "handles.h"
#include "internal_export.h"
#include "internal_sdk.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::failNotSupported;
using win32::guardedCall;
using win32::notSupported;
using wininet_sdk::HTTP_PUSH_NOTIFICATION_STATUS;
using wininet_sdk::P3P_Done;
using wininet_sdk::P3P_Error;
using wininet_sdk::P3PSignal;

namespace {

// What FindP3PPolicySymbol answers for a token it has no index for.
constexpr int kNoP3PSymbol = -1;

int p3pRemoved(const char* name) {
  SetLastError(notSupported(name));
  return P3P_Error;
}

}  // namespace

// Internet Explorer's dispatcher of WinINet calls across its processes.
extern "C" BOOL WINAPI DispatchAPICall(void*, void*, void*, void*) { return failNotSupported("DispatchAPICall"); }

// Passport (Microsoft account) nexus lookups, for IE's Passport
// authentication package, which is not here.
extern "C" BOOL WINAPI ForceNexusLookup() { return failNotSupported("ForceNexusLookup"); }
extern "C" BOOL WINAPI ForceNexusLookupExW(void*, void*, void*, void*, void*) {
  return failNotSupported("ForceNexusLookupExW");
}

// Per-user WinINet profiles of old Windows; winineti.h declares it without a
// contract.
extern "C" BOOL WINAPI IsProfilesEnabled() { return failNotSupported("IsProfilesEnabled"); }

// urlmon's zone manager hook, released when Windows' WinINet unloads; no
// zone manager is attached here.
extern "C" void WINAPI UrlZonesDetach() { notSupported("UrlZonesDetach"); }

// The network list (GUIDs, names, gateway MACs) Windows' network location
// service gives its own WinINet for per-network proxy detection.
extern "C" BOOL WINAPI ReadGuidsForConnectedNetworks(DWORD* count, void** guids, void** names, void** gatewayMacs,
                                                     DWORD* macCount, DWORD* flags) {
  LOG_TRACE("ReadGuidsForConnectedNetworks(%p, %p, %p, %p, %p, %p)", (void*)count, (void*)guids, (void*)names,
            (void*)gatewayMacs, (void*)macCount, (void*)flags);
  if (count) *count = 0;
  if (guids) *guids = nullptr;
  if (names) *names = nullptr;
  if (gatewayMacs) *gatewayMacs = nullptr;
  if (macCount) *macCount = 0;
  if (flags) *flags = 0;
  return failNotSupported("ReadGuidsForConnectedNetworks");
}

// WinINet's own Winsock autodial hook, which Windows' Winsock calls before
// its operations; nothing here dials, so there is nothing to do.
extern "C" void WINAPI InternetAutodialCallback(DWORD, const void*) {}

#ifdef _WIN64
// The 64-bit bridge to the auto-proxy script DLL; its signature is not
// public.
extern "C" BOOL WINAPI GetProxyDllInfo() { return failNotSupported("GetProxyDllInfo"); }
#endif

// IE's parser of multipart/x-mixed-replace ("server push") streams; no
// header declares them.
extern "C" HINTERNET WINAPI InternetOpenServerPushParse(void*, const char*, DWORD) {
  failNotSupported("InternetOpenServerPushParse");
  return nullptr;
}
extern "C" BOOL WINAPI InternetServerPushParse(void*, void*, DWORD, void*, DWORD, void*, void*) {
  return failNotSupported("InternetServerPushParse");
}

// The Windows 8 push channel: HttpPushEnable hands the request's connection
// to the system broker named by the transport setting's GUIDs, which only
// Windows' background broker infrastructure has. The request handle is
// checked first; no wait handle is ever made, so none is valid.
extern "C" DWORD WINAPI HttpPushEnable(HINTERNET requestHandle,
                                       const wininet_sdk::HTTP_PUSH_TRANSPORT_SETTING* transportSetting, void** wait) {
  LOG_TRACE("HttpPushEnable(%p, %p, %p)", requestHandle, (const void*)transportSetting, (void*)wait);
  return guardedCall("HttpPushEnable", DWORD(ERROR_INTERNET_INTERNAL_ERROR), [&]() -> DWORD {
    if (wait) *wait = nullptr;
    if (!find<Request>(requestHandle, {HandleKind::Request})) return GetLastError();
    if (!transportSetting || !wait) return ERROR_INVALID_PARAMETER;
    return notSupported("HttpPushEnable");
  });
}

extern "C" DWORD WINAPI HttpPushWait(void* wait, DWORD type, HTTP_PUSH_NOTIFICATION_STATUS* status) {
  LOG_TRACE("HttpPushWait(%p, %lu, %p)", wait, type, (void*)status);
  if (status) *status = HTTP_PUSH_NOTIFICATION_STATUS{FALSE, 0};
  return ERROR_INVALID_HANDLE;
}

extern "C" void WINAPI HttpPushClose(void*) {}

// The socket under an upgraded request, for Windows' own components as
// WinHTTP's WinHttpGetTunnelSocket is: curl owns the connection here and
// cannot hand its socket over. The request handle is checked first.
extern "C" DWORD WINAPI HttpGetTunnelSocket(HINTERNET requestHandle, UINT_PTR* socket, BYTE** data, DWORD* length) {
  LOG_TRACE("HttpGetTunnelSocket(%p, %p, %p, %p)", requestHandle, (void*)socket, (void*)data, (void*)length);
  return guardedCall("HttpGetTunnelSocket", DWORD(ERROR_INTERNET_INTERNAL_ERROR), [&]() -> DWORD {
    if (socket) *socket = ~UINT_PTR(0);  // INVALID_SOCKET
    if (data) *data = nullptr;
    if (length) *length = 0;
    if (!find<Request>(requestHandle, {HandleKind::Request})) return GetLastError();
    if (!socket || !data || !length) return ERROR_INVALID_PARAMETER;
    return notSupported("HttpGetTunnelSocket");
  });
}

// P3P: Microsoft removed P3P 1.0 from Windows 10 ("P3P is no longer
// supported", Internet Explorer compatibility notes). The SDK still declares
// the calls and their P3PStatus codes: FindP3PPolicySymbol knows no token,
// the policy calls answer P3P_Error and start nothing, so there is never a
// P3P request to query, and freeing one has nothing to do.
extern "C" int WINAPI FindP3PPolicySymbol(const char*) {
  SetLastError(notSupported("FindP3PPolicySymbol"));
  return kNoP3PSymbol;
}

extern "C" int WINAPI MapResourceToPolicy(wininet_sdk::P3PResource*, char* policy, unsigned long size,
                                          P3PSignal* signal) {
  if (policy && size) policy[0] = '\0';
  if (signal) signal->hRequest = nullptr;
  return p3pRemoved("MapResourceToPolicy");
}

extern "C" int WINAPI GetP3PPolicy(const char*, HANDLE, void*, P3PSignal* signal) {
  if (signal) signal->hRequest = nullptr;
  return p3pRemoved("GetP3PPolicy");
}

extern "C" int WINAPI GetP3PRequestStatus(void*) { return p3pRemoved("GetP3PRequestStatus"); }

extern "C" int WINAPI FreeP3PObject(void*) { return P3P_Done; }
