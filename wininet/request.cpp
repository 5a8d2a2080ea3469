// HttpOpenRequest, HttpSendRequest, InternetOpenUrl.

#include "api_guard.h"
#include "handles.h"
#include "internet_url.h"
#include "option_table.h"
#include "session_settings.h"
#include "text.h"
#include "url_escape.h"
#include "url_target.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::failWith;
using win32::guardedCall;
using win32::utf8FromAnsi;
using win32::utf8FromCounted;
using win32::utf8FromWide;

namespace {

template <class Char, class Convert>
std::vector<std::string> convertList(const Char* const* list, Convert convert) {
  std::vector<std::string> out;
  for (; list && *list; ++list) out.push_back(convert(*list, -1));
  return out;
}

HINTERNET openRequest(const char* api, HINTERNET connectHandle, std::string verb, std::string path,
                      std::string version, std::string referrer, std::vector<std::string> acceptTypes,
                      DWORD flags, DWORD_PTR context) {
  LOG_TRACE("%s(%p, %s, %s, %s, %s, 0x%lx, %p)", api, connectHandle, verb.c_str(), path.c_str(),
            version.c_str(), referrer.c_str(), flags, (void*)context);
  return guardedCall(api, HINTERNET(nullptr), [&]() -> HINTERNET {
    auto connect = find<Connect>(connectHandle, {HandleKind::Connect});
    if (!connect) return nullptr;
    auto request = wininet::api().make<Request>(connect);
    request->verb = verb.empty() ? "GET" : std::move(verb);
    request->path = path.empty() ? "/" : escapeSpaces(path);
    request->version = version.empty() ? defaultHttpVersion() : std::move(version);
    request->flags = flags;
    request->context = context;
    request->status.context.store(context);
    // WinINet puts these in the request headers at once, so a query sees
    // them before the request is sent.
    addHostHeader(*request);
    if (!referrer.empty()) request->addHeaders({{"Referer", std::move(referrer)}}, kAddHeaderAdd);
    for (auto& type : acceptTypes) {
      if (!type.empty()) request->addHeaders({{"Accept", std::move(type)}}, kAddHeaderCoalesceWithComma);
    }
    HINTERNET handle = publish(request);
    if (handle) notifyHandleCreated(*request, handle, connectHandle);
    return handle;
  });
}

BOOL sendRequest(const char* api, HINTERNET requestHandle, const std::string& headers, LPVOID optional,
                 DWORD optionalLength) {
  LOG_TRACE("%s(%p, %s, %p, %lu)", api, requestHandle, headers.c_str(), optional, optionalLength);
  return guardedCall(api, FALSE, [&]() -> BOOL {
    auto request = find<Request>(requestHandle, {HandleKind::Request});
    if (!request) return FALSE;
    if (optionalLength && !optional) return fail(Error::InvalidParameter);
    // Offline, a request must come from the cache, and nothing is cached.
    if (offline(*request)) return failWith(ERROR_FILE_NOT_FOUND);
    std::string body(static_cast<const char*>(optional), optional ? optionalLength : 0);
    return wininet::sendRequest(*request, headers, std::move(body));
  });
}

HINTERNET openUrl(const char* api, HINTERNET sessionHandle, const std::string& url, const std::string& headers,
                  DWORD flags, DWORD_PTR context) {
  LOG_TRACE("%s(%p, %s, %s, 0x%lx, %p)", api, sessionHandle, url.c_str(), headers.c_str(), flags,
            (void*)context);
  return guardedCall(api, HINTERNET(nullptr), [&]() -> HINTERNET {
    auto session = find<Session>(sessionHandle, {HandleKind::Session});
    if (!session) return nullptr;
    if ((flags & INTERNET_FLAG_OFFLINE) || (session->flags & INTERNET_FLAG_OFFLINE) || globallyOffline()) {
      failWith(ERROR_FILE_NOT_FOUND);
      return nullptr;
    }
    UrlTarget target;
    if (const Error error = urlTarget(url, target); error != Error::None) {
      fail(error);
      return nullptr;
    }
    // The connect handle InternetOpenUrl makes is internal: it lives in the
    // table (so closing the session reaches the request) but the caller
    // never sees it.
    auto connect = wininet::api().make<Connect>(session);
    connect->host = target.host;
    connect->port = static_cast<INTERNET_PORT>(target.port);
    connect->user = std::move(target.user);
    connect->password = std::move(target.password);
    connect->context = context;
    connect->hidden = true;
    if (!publish(connect)) return nullptr;
    auto request = wininet::api().make<Request>(connect);
    request->verb = "GET";
    request->path = escapeSpaces(target.path);
    request->version = "HTTP/1.1";
    request->flags = flags | (target.secure ? INTERNET_FLAG_SECURE : 0);
    request->context = context;
    request->status.context.store(context);
    HINTERNET handle = publish(request);
    if (!handle) {
      wininet::api().table().close(connect->value());
      return nullptr;
    }
    // The hidden connect handle is not reported: the request is, on the
    // session's handle.
    notifyHandleCreated(*request, handle, sessionHandle);
    request->successValue = reinterpret_cast<std::uintptr_t>(handle);
    if (!wininet::sendRequest(*request, headers, std::string())) {
      const DWORD error = GetLastError();
      // Asynchronously the handle is the caller's from HANDLE_CREATED on;
      // REQUEST_COMPLETE tells how the request went.
      if (error != ERROR_IO_PENDING) wininet::api().table().close(connect->value());
      SetLastError(error);
      return nullptr;
    }
    SetLastError(ERROR_SUCCESS);
    return handle;
  });
}

}  // namespace

extern "C" HINTERNET WINAPI HttpOpenRequestA(HINTERNET connect, LPCSTR verb, LPCSTR object, LPCSTR version,
                                             LPCSTR referrer, LPCSTR* acceptTypes, DWORD flags,
                                             DWORD_PTR context) {
  return openRequest("HttpOpenRequestA", connect, utf8FromAnsi(verb), utf8FromAnsi(object), utf8FromAnsi(version),
                     utf8FromAnsi(referrer), convertList(acceptTypes, utf8FromAnsi), flags, context);
}

extern "C" HINTERNET WINAPI HttpOpenRequestW(HINTERNET connect, LPCWSTR verb, LPCWSTR object, LPCWSTR version,
                                             LPCWSTR referrer, LPCWSTR* acceptTypes, DWORD flags,
                                             DWORD_PTR context) {
  return openRequest("HttpOpenRequestW", connect, utf8FromWide(verb), utf8FromWide(object), utf8FromWide(version),
                     utf8FromWide(referrer), convertList(acceptTypes, utf8FromWide), flags, context);
}

extern "C" BOOL WINAPI HttpSendRequestA(HINTERNET request, LPCSTR headers, DWORD headersLength, LPVOID optional,
                                        DWORD optionalLength) {
  return sendRequest("HttpSendRequestA", request, utf8FromCounted(headers, headersLength), optional,
                     optionalLength);
}

extern "C" BOOL WINAPI HttpSendRequestW(HINTERNET request, LPCWSTR headers, DWORD headersLength, LPVOID optional,
                                        DWORD optionalLength) {
  return sendRequest("HttpSendRequestW", request, utf8FromCounted(headers, headersLength), optional,
                     optionalLength);
}

extern "C" HINTERNET WINAPI InternetOpenUrlA(HINTERNET session, LPCSTR url, LPCSTR headers, DWORD headersLength,
                                             DWORD flags, DWORD_PTR context) {
  return openUrl("InternetOpenUrlA", session, utf8FromAnsi(url), utf8FromCounted(headers, headersLength),
                 flags, context);
}

extern "C" HINTERNET WINAPI InternetOpenUrlW(HINTERNET session, LPCWSTR url, LPCWSTR headers,
                                             DWORD headersLength, DWORD flags, DWORD_PTR context) {
  return openUrl("InternetOpenUrlW", session, utf8FromWide(url), utf8FromCounted(headers, headersLength),
                 flags, context);
}
