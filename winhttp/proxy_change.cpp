// WinHttpRegisterProxyChangeNotification,
// WinHttpUnregisterProxyChangeNotification: the callback runs with
// WINHTTP_PROXY_NOTIFY_CHANGE whenever the proxy settings in the registry
// change (see proxy_registry.h). Each registration watches the key on a
// thread of its own: an asynchronous RegNotifyChangeKeyValue is tied to the
// thread that armed it, so one thread arms it again after each change.
#include <atomic>
#include <mutex>
#include <set>

#include "api_guard.h"
#include "log.h"
#include "proxy_registry.h"
#include "sdk_types.h"

using namespace hinternet;
using namespace hinternet::winhttp;
using win32::guardedCall;

namespace {

struct Registration {
  WINHTTP_PROXY_CHANGE_CALLBACK callback = nullptr;
  void* context = nullptr;
  HKEY key = nullptr;
  HANDLE changed = nullptr;
  HANDLE stop = nullptr;
  HANDLE thread = nullptr;
  DWORD threadId = 0;
  HANDLE ready = nullptr;
  DWORD armStatus = ERROR_SUCCESS;
  std::atomic<bool> releaseOnExit{false};  // unregistered from its own callback
};

std::mutex registryMutex;
std::set<Registration*>& live() {
  static auto* set = new std::set<Registration*>;  // never destroyed: threads may outlive statics
  return *set;
}

bool arm(Registration& r) {
  return RegNotifyChangeKeyValue(r.key, TRUE, REG_NOTIFY_CHANGE_NAME | REG_NOTIFY_CHANGE_LAST_SET, r.changed, TRUE) ==
         ERROR_SUCCESS;
}

void release(Registration* r) {
  if (r->key) RegCloseKey(r->key);
  if (r->changed) CloseHandle(r->changed);
  if (r->stop) CloseHandle(r->stop);
  if (r->ready) CloseHandle(r->ready);
  if (r->thread) CloseHandle(r->thread);
  delete r;
}

// Arms the watch first and says so through `ready`, so that no change made
// after registering returns is missed.
DWORD WINAPI watch(void* parameter) {
  auto* r = static_cast<Registration*>(parameter);
  r->armStatus = arm(*r) ? ERROR_SUCCESS : ERROR_INVALID_HANDLE;
  const bool armed = r->armStatus == ERROR_SUCCESS;
  SetEvent(r->ready);
  if (!armed) return 0;
  const HANDLE handles[] = {r->stop, r->changed};
  while (WaitForMultipleObjects(2, handles, FALSE, INFINITE) == WAIT_OBJECT_0 + 1) {
    const bool again = arm(*r);
    r->callback(WINHTTP_PROXY_NOTIFY_CHANGE, r->context);
    if (!again) break;
  }
  if (r->releaseOnExit) release(r);
  return 0;
}

}  // namespace

extern "C" DWORD WINAPI WinHttpRegisterProxyChangeNotification(ULONGLONG flags, WINHTTP_PROXY_CHANGE_CALLBACK callback,
                                                               PVOID context,
                                                               WINHTTP_PROXY_CHANGE_REGISTRATION_HANDLE* handle) {
  LOG_TRACE("WinHttpRegisterProxyChangeNotification(0x%llx, %p, %p, %p)", static_cast<unsigned long long>(flags),
            reinterpret_cast<void*>(callback), context, static_cast<void*>(handle));
  return guardedCall("WinHttpRegisterProxyChangeNotification", DWORD(ERROR_WINHTTP_INTERNAL_ERROR), [&]() -> DWORD {
    if (flags != WINHTTP_PROXY_NOTIFY_CHANGE || !callback || !handle) return ERROR_INVALID_PARAMETER;
    *handle = nullptr;
    auto* r = new Registration;
    r->callback = callback;
    r->context = context;
    DWORD status = RegCreateKeyExW(connectionsRoot(), kConnectionsPath, 0, nullptr, 0, KEY_NOTIFY, nullptr, &r->key,
                                   nullptr);
    if (status == ERROR_SUCCESS) {
      r->changed = CreateEventW(nullptr, FALSE, FALSE, nullptr);
      r->stop = CreateEventW(nullptr, TRUE, FALSE, nullptr);
      r->ready = CreateEventW(nullptr, TRUE, FALSE, nullptr);
      status = r->changed && r->stop && r->ready ? ERROR_SUCCESS : GetLastError();
    }
    if (status == ERROR_SUCCESS) {
      r->thread = CreateThread(nullptr, 0, &watch, r, 0, &r->threadId);
      if (!r->thread) status = GetLastError();
    }
    if (status == ERROR_SUCCESS) {
      WaitForSingleObject(r->ready, INFINITE);
      if ((status = r->armStatus) != ERROR_SUCCESS) WaitForSingleObject(r->thread, INFINITE);
    }
    if (status != ERROR_SUCCESS) {
      release(r);
      return status;
    }
    std::lock_guard<std::mutex> lock(registryMutex);
    live().insert(r);
    *handle = r;
    return ERROR_SUCCESS;
  });
}

extern "C" DWORD WINAPI WinHttpUnregisterProxyChangeNotification(WINHTTP_PROXY_CHANGE_REGISTRATION_HANDLE handle) {
  LOG_TRACE("WinHttpUnregisterProxyChangeNotification(%p)", handle);
  return guardedCall("WinHttpUnregisterProxyChangeNotification", DWORD(ERROR_WINHTTP_INTERNAL_ERROR), [&]() -> DWORD {
    auto* r = static_cast<Registration*>(handle);
    {
      std::lock_guard<std::mutex> lock(registryMutex);
      if (!r || !live().erase(r)) return ERROR_INVALID_PARAMETER;
    }
    SetEvent(r->stop);
    // From inside its own callback the thread cannot be waited for: it ends
    // after the callback returns, and the registration is left to it.
    if (GetCurrentThreadId() == r->threadId) {
      r->releaseOnExit = true;
      return ERROR_SUCCESS;
    }
    WaitForSingleObject(r->thread, INFINITE);
    release(r);
    return ERROR_SUCCESS;
  });
}
