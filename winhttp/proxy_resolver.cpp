// The proxy resolver: WinHttpCreateProxyResolver, WinHttpGetProxyForUrlEx2,
// WinHttpGetProxyResult(Ex), WinHttpFreeProxyResult(Ex),
// WinHttpResetAutoProxy.
//
// There is no PAC interpreter yet, so a query behaves as on a machine with
// no usable auto-proxy script: auto-detection finds none
// (ERROR_WINHTTP_AUTODETECTION_FAILED), a configured script URL is fetched
// (ERROR_WINHTTP_UNABLE_TO_DOWNLOAD_SCRIPT when that fails) and a script that
// was fetched cannot be run (ERROR_WINHTTP_BAD_AUTO_PROXY_SCRIPT). No query
// succeeds, so there is never a proxy result to hand out.
#include <algorithm>
#include <cwctype>

#include "api_guard.h"
#include "pac_script.h"
#include "proxy_resolver.h"
#include "sdk_types.h"
#include "status_callback.h"
#include "text.h"
#include "transfer.h"
#include "trust_store.h"

using namespace hinternet;
using namespace hinternet::winhttp;
using win32::guardedCall;

namespace hinternet::winhttp {

DWORD ProxyResolver::begin(DWORD_PTR context, DWORD api, DWORD completeStatus,
                           std::function<DWORD(ProxyResolver&)> work) {
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (busy) return ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
    busy = true;
  }
  status.context.store(context);
  auto self = std::static_pointer_cast<ProxyResolver>(shared_from_this());
  queue->post([self, api, completeStatus, work = std::move(work)] {
    DWORD error = work(*self);
    if (self->isClosed()) error = ERROR_WINHTTP_OPERATION_CANCELLED;
    {
      std::lock_guard<std::mutex> lock(self->mutex);
      self->busy = false;
    }
    // The callback may start the next query or close the handle.
    if (error == ERROR_SUCCESS) {
      win32::deliverStatus(*self, completeStatus, nullptr, 0, completeStatus);
    } else {
      WINHTTP_ASYNC_RESULT result{api, error};
      win32::deliverStatus(*self, WINHTTP_CALLBACK_STATUS_REQUEST_ERROR, &result, sizeof(result),
                           WINHTTP_CALLBACK_FLAG_REQUEST_ERROR);
    }
  });
  return ERROR_IO_PENDING;
}

}  // namespace hinternet::winhttp

namespace {

// Checked before the query starts, as the structure's reference page
// requires of each field.
DWORD checkQuery(LPCWSTR url, const WINHTTP_AUTOPROXY_OPTIONS* options) {
  if (!url || !*url || !options) return ERROR_INVALID_PARAMETER;
  const DWORD flags = options->dwFlags;
  const bool detect = flags & WINHTTP_AUTOPROXY_AUTO_DETECT;
  const bool config = flags & WINHTTP_AUTOPROXY_CONFIG_URL;
  if (!detect && !config) return ERROR_INVALID_PARAMETER;
  if (detect != (options->dwAutoDetectFlags != 0) || config != (options->lpszAutoConfigUrl != nullptr))
    return ERROR_INVALID_PARAMETER;
  if (options->lpvReserved || options->dwReserved) return ERROR_INVALID_PARAMETER;
  URL_COMPONENTS parts{};
  parts.dwStructSize = sizeof(parts);
  if (!WinHttpCrackUrl(url, 0, 0, &parts)) return GetLastError();
  return ERROR_SUCCESS;
}

}  // namespace

extern "C" DWORD WINAPI WinHttpCreateProxyResolver(HINTERNET sessionHandle, HINTERNET* resolver) {
  LOG_TRACE("WinHttpCreateProxyResolver(%p, %p)", sessionHandle, static_cast<void*>(resolver));
  return guardedCall("WinHttpCreateProxyResolver", DWORD(ERROR_WINHTTP_INTERNAL_ERROR), [&]() -> DWORD {
    auto session = find<Session>(sessionHandle, {HandleKind::Session});
    if (!session) return GetLastError();
    // Documented: a session opened without WINHTTP_FLAG_ASYNC is of the
    // wrong type for a resolver.
    if (!(session->flags & WINHTTP_FLAG_ASYNC)) return ERROR_WINHTTP_INCORRECT_HANDLE_TYPE;
    if (!resolver) return ERROR_INVALID_PARAMETER;
    HINTERNET handle = publish(api().make<ProxyResolver>(session));
    if (!handle) return GetLastError();
    *resolver = handle;
    return ERROR_SUCCESS;
  });
}

extern "C" DWORD WINAPI WinHttpGetProxyForUrlEx2(HINTERNET resolverHandle, PCWSTR url,
                                                 WINHTTP_AUTOPROXY_OPTIONS* options, DWORD selectionSize,
                                                 BYTE* selection, DWORD_PTR context) {
  LOG_TRACE("WinHttpGetProxyForUrlEx2(%p, %s, %p, %lu, %p, %p)", resolverHandle, win32::utf8FromWide(url).c_str(),
            static_cast<void*>(options), selectionSize, static_cast<void*>(selection), (void*)context);
  return guardedCall("WinHttpGetProxyForUrlEx2", DWORD(ERROR_WINHTTP_INTERNAL_ERROR), [&]() -> DWORD {
    auto resolver = find<ProxyResolver>(resolverHandle, {HandleKind::ProxyResolver});
    if (!resolver) return GetLastError();
    if (selectionSize && !selection) return ERROR_INVALID_PARAMETER;
    const DWORD check = checkQuery(url, options);
    if (check != ERROR_SUCCESS) return check;
    // The interface selection context only steers which network's settings
    // apply; with no script to run it changes nothing.
    // Auto-detection, if asked for, comes first and finds no script; the
    // configured URL, if any, is tried next.
    WINHTTP_AUTOPROXY_OPTIONS copy = *options;  // need not outlive this call
    const std::wstring configUrl = options->lpszAutoConfigUrl ? options->lpszAutoConfigUrl : L"";
    const std::wstring target = url;
    return resolver->begin(context, API_GET_PROXY_FOR_URL, WINHTTP_CALLBACK_STATUS_GETPROXYFORURL_COMPLETE,
                           [copy, configUrl, target](ProxyResolver&) mutable -> DWORD {
                             copy.lpszAutoConfigUrl = configUrl.empty() ? nullptr : configUrl.c_str();
                             return resolveProxy(target, copy);
                           });
  });
}

namespace {

// Both result functions: the checks, then the state no query leaves behind.
DWORD noProxyResult(HINTERNET resolverHandle, const void* result) {
  auto resolver = find<ProxyResolver>(resolverHandle, {HandleKind::ProxyResolver});
  if (!resolver) return GetLastError();
  if (!result) return ERROR_INVALID_PARAMETER;
  // Documented for a resolver that has not completed a query successfully.
  return ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
}

// The entries' strings and array are GlobalAlloc'd by the result functions.
void freeEntries(DWORD count, WINHTTP_PROXY_RESULT_ENTRY* entries) {
  for (DWORD i = 0; entries && i < count; ++i)
    if (entries[i].pwszProxy) GlobalFree(entries[i].pwszProxy);
  if (entries) GlobalFree(entries);
}

}  // namespace

extern "C" DWORD WINAPI WinHttpGetProxyResult(HINTERNET resolverHandle, WINHTTP_PROXY_RESULT* result) {
  LOG_TRACE("WinHttpGetProxyResult(%p, %p)", resolverHandle, static_cast<void*>(result));
  return guardedCall("WinHttpGetProxyResult", DWORD(ERROR_WINHTTP_INTERNAL_ERROR),
                     [&]() -> DWORD { return noProxyResult(resolverHandle, result); });
}

extern "C" DWORD WINAPI WinHttpGetProxyResultEx(HINTERNET resolverHandle, WINHTTP_PROXY_RESULT_EX* result) {
  LOG_TRACE("WinHttpGetProxyResultEx(%p, %p)", resolverHandle, static_cast<void*>(result));
  return guardedCall("WinHttpGetProxyResultEx", DWORD(ERROR_WINHTTP_INTERNAL_ERROR),
                     [&]() -> DWORD { return noProxyResult(resolverHandle, result); });
}

// Documented: frees the members and zeroes them; the structure itself is
// the caller's.
extern "C" void WINAPI WinHttpFreeProxyResult(WINHTTP_PROXY_RESULT* result) {
  if (!result) return;
  freeEntries(result->cEntries, result->pEntries);
  *result = WINHTTP_PROXY_RESULT{};
}

extern "C" void WINAPI WinHttpFreeProxyResultEx(WINHTTP_PROXY_RESULT_EX* result) {
  if (!result) return;
  freeEntries(result->cEntries, result->pEntries);
  *result = WINHTTP_PROXY_RESULT_EX{};
}

// Nothing here caches auto-proxy state (no script, no detection result), so
// every reset the flags can ask for is already done.
extern "C" DWORD WINAPI WinHttpResetAutoProxy(HINTERNET sessionHandle, DWORD flags) {
  LOG_TRACE("WinHttpResetAutoProxy(%p, 0x%lx)", sessionHandle, flags);
  return guardedCall("WinHttpResetAutoProxy", DWORD(ERROR_WINHTTP_INTERNAL_ERROR), [&]() -> DWORD {
    if (!find<Session>(sessionHandle, {HandleKind::Session})) return GetLastError();
    constexpr DWORD known = WINHTTP_RESET_ALL | WINHTTP_RESET_NOTIFY_NETWORK_CHANGED | WINHTTP_RESET_OUT_OF_PROC |
                            WINHTTP_RESET_DISCARD_RESOLVERS;
    if (flags & ~known) return ERROR_INVALID_PARAMETER;
    return ERROR_SUCCESS;
  });
}
