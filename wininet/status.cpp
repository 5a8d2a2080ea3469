// InternetSetStatusCallbackA/W and the notifications WinINet sends through
// them.
#include "api_guard.h"
#include "handles.h"
#include "status_callback.h"
#include "text.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::guardedCall;

namespace hinternet::wininet {

void notify(HandleObject& object, DWORD status, void* info, DWORD length, DWORD_PTR context) {
  if (!context) context = object.status.context.load();
  win32::deliverStatusWith(object, context, status, info, length, 0);
}

void notifyCount(HandleObject& object, DWORD status, DWORD count, DWORD_PTR context) {
  notify(object, status, &count, sizeof(count), context);
}

void notifyText(HandleObject& object, DWORD status, const std::string& utf8, DWORD_PTR context) {
  if (!context) context = object.status.context.load();
  if (!object.status.callback.load() || !context) return;
  // The length is in bytes and counts the terminator, in either form.
  if (object.status.wideText.load()) {
    std::wstring wide = win32::wideFromUtf8(utf8);
    notify(object, status, wide.data(), static_cast<DWORD>((wide.size() + 1) * sizeof(wchar_t)), context);
  } else {
    std::string ansi = win32::ansiFromUtf8(utf8);
    notify(object, status, ansi.data(), static_cast<DWORD>(ansi.size() + 1), context);
  }
}

void notifyHandleCreated(HandleObject& created, HINTERNET handle, HINTERNET reportedOn) {
  if (!created.status.callback.load() || !created.status.context.load()) return;
  auto callback = reinterpret_cast<win32::StatusCallback>(created.status.callback.load());
  if (reinterpret_cast<INT_PTR>(callback) == -1) return;
  // Read either as an HINTERNET or as an INTERNET_ASYNC_RESULT, whose
  // dwResult is the handle: programs do both.
  INTERNET_ASYNC_RESULT result{reinterpret_cast<DWORD_PTR>(handle), ERROR_SUCCESS};
  LOG_TRACE("callback %p(%p, %p, HANDLE_CREATED, %p)", reinterpret_cast<void*>(callback),
            reportedOn, (void*)created.status.context.load(), handle);
  callback(reportedOn, created.status.context.load(), INTERNET_STATUS_HANDLE_CREATED,
           &result, sizeof(HINTERNET));
}

}  // namespace hinternet::wininet

namespace {

INTERNET_STATUS_CALLBACK setStatusCallback(const char* api, HINTERNET handle, INTERNET_STATUS_CALLBACK callback,
                                           bool wide) {
  LOG_TRACE("%s(%p, %p)", api, handle, reinterpret_cast<void*>(callback));
  const auto invalid = INTERNET_STATUS_CALLBACK(INTERNET_INVALID_STATUS_CALLBACK);
  return guardedCall(api, invalid, [&]() -> INTERNET_STATUS_CALLBACK {
    auto object = find<HandleObject>(
        handle, {HandleKind::Session, HandleKind::Connect, HandleKind::Request, HandleKind::WebSocket});
    if (!object) return invalid;
    // The form goes first: a notification already on its way reads it
    // after the new function.
    object->status.wideText.store(wide);
    void* previous = object->status.callback.exchange(reinterpret_cast<void*>(callback));
    SetLastError(ERROR_SUCCESS);
    return reinterpret_cast<INTERNET_STATUS_CALLBACK>(previous);
  });
}

}  // namespace

extern "C" INTERNET_STATUS_CALLBACK WINAPI InternetSetStatusCallbackA(HINTERNET handle,
                                                                      INTERNET_STATUS_CALLBACK callback) {
  return setStatusCallback("InternetSetStatusCallbackA", handle, callback, false);
}

extern "C" INTERNET_STATUS_CALLBACK WINAPI InternetSetStatusCallbackW(HINTERNET handle,
                                                                      INTERNET_STATUS_CALLBACK callback) {
  return setStatusCallback("InternetSetStatusCallbackW", handle, callback, true);
}
