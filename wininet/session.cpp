// InternetOpen, InternetConnect, InternetCloseHandle.
#include "api_guard.h"
#include "handle_closing.h"
#include "handles.h"
#include "session_settings.h"
#include "text.h"

#include <utility>
#include <vector>

using namespace hinternet;
using namespace hinternet::wininet;
using win32::guardedCall;
using win32::utf8FromAnsi;
using win32::utf8FromWide;

namespace {

HINTERNET openSession(const char* api, std::string agent, DWORD accessType, std::string proxy,
                      std::string bypass, DWORD flags) {
  LOG_TRACE("%s(%s, %lu, %s, %s, 0x%lx)", api, agent.c_str(), accessType, proxy.c_str(), bypass.c_str(), flags);
  return guardedCall(api, HINTERNET(nullptr), [&]() -> HINTERNET {
    auto session = wininet::api().make<Session>();
    session->agent = std::move(agent);
    // PRECONFIG reads the user's settings now, as Windows does when the
    // session opens.
    session->openedAccessType = accessType;
    setSessionProxy(*session, resolveProxy(accessType, std::move(proxy), std::move(bypass)));
    session->flags = flags;
    return publish(session);
  });
}

HINTERNET connectTo(const char* api, HINTERNET sessionHandle, std::string server, INTERNET_PORT port,
                    std::string user, std::string password, DWORD service, DWORD flags, DWORD_PTR context) {
  LOG_TRACE("%s(%p, %s, %u, %s, <password>, %lu, 0x%lx, %p)", api, sessionHandle, server.c_str(), port,
            user.c_str(), service, flags, (void*)context);
  return guardedCall(api, HINTERNET(nullptr), [&]() -> HINTERNET {
    auto session = find<Session>(sessionHandle, {HandleKind::Session});
    if (!session) return nullptr;
    if (server.empty()) {
      fail(Error::InvalidParameter);
      return nullptr;
    }
    if (service != INTERNET_SERVICE_HTTP) {
      LOG_WARN("%s: service %lu is not implemented yet", api, service);
      SetLastError(ERROR_CALL_NOT_IMPLEMENTED);
      return nullptr;
    }
    auto connect = wininet::api().make<Connect>(session);
    connect->host = std::move(server);
    connect->port = port;
    connect->user = std::move(user);
    connect->password = std::move(password);
    connect->service = service;
    connect->flags = flags;
    connect->context = context;
    connect->status.context.store(context);
    HINTERNET handle = publish(connect);
    if (handle) notifyHandleCreated(*connect, handle, sessionHandle);
    return handle;
  });
}

}  // namespace

extern "C" HINTERNET WINAPI InternetOpenA(LPCSTR agent, DWORD accessType, LPCSTR proxy, LPCSTR bypass,
                                          DWORD flags) {
  return openSession("InternetOpenA", utf8FromAnsi(agent), accessType, utf8FromAnsi(proxy),
                     utf8FromAnsi(bypass), flags);
}

extern "C" HINTERNET WINAPI InternetOpenW(LPCWSTR agent, DWORD accessType, LPCWSTR proxy, LPCWSTR bypass,
                                          DWORD flags) {
  return openSession("InternetOpenW", utf8FromWide(agent), accessType, utf8FromWide(proxy),
                     utf8FromWide(bypass), flags);
}

extern "C" HINTERNET WINAPI InternetConnectA(HINTERNET session, LPCSTR server, INTERNET_PORT port, LPCSTR user,
                                             LPCSTR password, DWORD service, DWORD flags, DWORD_PTR context) {
  return connectTo("InternetConnectA", session, utf8FromAnsi(server), port, utf8FromAnsi(user),
                   utf8FromAnsi(password), service, flags, context);
}

extern "C" HINTERNET WINAPI InternetConnectW(HINTERNET session, LPCWSTR server, INTERNET_PORT port,
                                             LPCWSTR user, LPCWSTR password, DWORD service, DWORD flags,
                                             DWORD_PTR context) {
  return connectTo("InternetConnectW", session, utf8FromWide(server), port, utf8FromWide(user),
                   utf8FromWide(password), service, flags, context);
}

extern "C" BOOL WINAPI InternetCloseHandle(HINTERNET handle) {
  LOG_TRACE("InternetCloseHandle(%p)", handle);
  return guardedCall("InternetCloseHandle", FALSE, [&]() -> BOOL {
    auto object = api().table().find(reinterpret_cast<std::uintptr_t>(handle));
    if (!object) return fail(Error::InvalidHandle);
    const bool async = sessionOf(*object).flags & INTERNET_FLAG_ASYNC;
    win32::ClosedHandles closed;
    auto note = [&](HandleObject& each) { closed.note(each, !async); };
    if (!api().table().close(object->value(), note)) return fail(Error::InvalidHandle);
    // InternetOpenUrl's connect handle goes with its request.
    if (object->kind() == HandleKind::Request && static_cast<Request&>(*object).connect().hidden)
      api().table().close(object->parent()->value(), note);
    object.reset();
    closed.finish();
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  });
}
