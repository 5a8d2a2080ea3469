// WinHttpOpen, WinHttpConnect, WinHttpCloseHandle.
#include "api_guard.h"
#include "handle_closing.h"
#include "handles.h"
#include "proxy_settings.h"
#include "text.h"

using namespace hinternet;
using namespace hinternet::winhttp;
using win32::guardedCall;
using win32::utf8FromWide;

extern "C" HINTERNET WINAPI WinHttpOpen(LPCWSTR agent, DWORD accessType, LPCWSTR proxy,
                                        LPCWSTR bypass, DWORD flags) {
  LOG_TRACE("WinHttpOpen(%s, %lu, %s, %s, 0x%lx)", utf8FromWide(agent).c_str(), accessType,
            utf8FromWide(proxy).c_str(), utf8FromWide(bypass).c_str(), flags);
  return guardedCall("WinHttpOpen", HINTERNET(nullptr), [&]() -> HINTERNET {
    if (accessType != WINHTTP_ACCESS_TYPE_DEFAULT_PROXY && accessType != WINHTTP_ACCESS_TYPE_NO_PROXY &&
        accessType != WINHTTP_ACCESS_TYPE_NAMED_PROXY && accessType != WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY) {
      fail(Error::InvalidParameter);
      return nullptr;
    }
    auto session = api().make<Session>();
    session->agent = utf8FromWide(agent);
    session->proxy.accessType = accessType;
    if (accessType == WINHTTP_ACCESS_TYPE_NAMED_PROXY) {
      session->proxy.proxy = utf8FromWide(proxy);
      session->proxy.bypass = utf8FromWide(bypass);
    } else if (accessType == WINHTTP_ACCESS_TYPE_DEFAULT_PROXY) {
      const DefaultProxy settings = readDefaultProxy();
      session->proxy.proxy = utf8FromWide(settings.proxy.c_str());
      session->proxy.bypass = utf8FromWide(settings.bypass.c_str());
    } else if (accessType == WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY) {
      LOG_INFO("WinHttpOpen: automatic proxy discovery is not supported yet; connecting directly");
    }
    session->flags = flags;
    return publish(session);
  });
}

extern "C" HINTERNET WINAPI WinHttpConnect(HINTERNET sessionHandle, LPCWSTR server, INTERNET_PORT port,
                                           DWORD reserved) {
  LOG_TRACE("WinHttpConnect(%p, %s, %u, %lu)", sessionHandle, utf8FromWide(server).c_str(), port, reserved);
  return guardedCall("WinHttpConnect", HINTERNET(nullptr), [&]() -> HINTERNET {
    auto session = find<Session>(sessionHandle, {HandleKind::Session});
    if (!session) return nullptr;
    if (!server || !*server) {
      fail(Error::InvalidUrl);
      return nullptr;
    }
    auto connect = api().make<Connect>(session);
    connect->host = utf8FromWide(server);
    connect->port = port;
    connect->status.context.store(session->status.context.load());
    return publishCreated(connect);
  });
}

extern "C" BOOL WINAPI WinHttpCloseHandle(HINTERNET handle) {
  LOG_TRACE("WinHttpCloseHandle(%p)", handle);
  return guardedCall("WinHttpCloseHandle", FALSE, [&]() -> BOOL {
    win32::ClosedHandles closed;
    auto note = [&](HandleObject& each) { closed.note(each, holdsNotifications(each)); };
    if (!api().table().close(reinterpret_cast<std::uintptr_t>(handle), note)) return fail(Error::InvalidHandle);
    closed.finish();
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  });
}

extern "C" BOOL WINAPI WinHttpCheckPlatform() {
  return TRUE;
}

extern "C" WINHTTP_STATUS_CALLBACK WINAPI WinHttpSetStatusCallback(HINTERNET handle, WINHTTP_STATUS_CALLBACK callback,
                                                                   DWORD notificationFlags, DWORD_PTR reserved) {
  LOG_TRACE("WinHttpSetStatusCallback(%p, %p, 0x%lx, %p)", handle, reinterpret_cast<void*>(callback),
            notificationFlags, (void*)reserved);
  return guardedCall("WinHttpSetStatusCallback", WINHTTP_INVALID_STATUS_CALLBACK,
                     [&]() -> WINHTTP_STATUS_CALLBACK {
                       auto object = find<HandleObject>(
                           handle, {HandleKind::Session, HandleKind::Connect, HandleKind::Request,
                                    HandleKind::WebSocket, HandleKind::ProxyResolver});
                       if (!object) return WINHTTP_INVALID_STATUS_CALLBACK;
                       // Not synchronised with callbacks already running:
                       // one may still run after this returns, as on Windows.
                       object->status.mask.store(notificationFlags);
                       void* previous = object->status.callback.exchange(reinterpret_cast<void*>(callback));
                       SetLastError(ERROR_SUCCESS);
                       return reinterpret_cast<WINHTTP_STATUS_CALLBACK>(previous);
                     });
}
