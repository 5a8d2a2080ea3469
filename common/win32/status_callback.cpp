#include "status_callback.h"

#include "log.h"

namespace hinternet::win32 {

void deliverStatus(HandleObject& object, DWORD status, void* info, DWORD length, DWORD maskBit) {
  deliverStatusWith(object, object.status.context.load(), status, info, length, maskBit);
}

void deliverStatusWith(HandleObject& object, std::uintptr_t context, DWORD status, void* info, DWORD length,
                       DWORD maskBit) {
  auto callback = reinterpret_cast<StatusCallback>(object.status.callback.load());
  if (!callback || reinterpret_cast<INT_PTR>(callback) == -1) return;
  if (maskBit && !(object.status.mask.load() & maskBit)) return;
  if (object.status.needsContext && !context) return;
  void* handle = reinterpret_cast<void*>(object.value());
  LOG_TRACE("callback %p(%p, %p, 0x%lx, %p, %lu)", reinterpret_cast<void*>(callback), handle, (void*)context, status,
            info, length);
  callback(handle, context, status, info, length);
}

void releaseHandleObject(HandleObject* object, DWORD closingStatus) {
  // The last reference often goes as an export returns, after it has set
  // its last error: waking a pool thread must not change it.
  struct KeepLastError {
    DWORD saved = GetLastError();
    ~KeepLastError() { SetLastError(saved); }
  } keep;
  auto queue = object->queue;
  if (!object->value() || !object->status.callback.load()) {
    delete object;
    queue->retire();
    return;
  }
  // Queued behind any notification still pending for this handle.
  queue->post([object, closingStatus, weakQueue = std::weak_ptr<SerialQueue>(queue)] {
    void* handle = reinterpret_cast<void*>(object->value());
    deliverStatus(*object, closingStatus, &handle, sizeof(handle), closingStatus);
    delete object;
    if (auto ran = weakQueue.lock()) ran->retire();
  });
}

}  // namespace hinternet::win32
