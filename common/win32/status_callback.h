#pragma once
#include <windows.h>

#include <cstdint>
#include <memory>
#include <utility>

#include "handle_object.h"

namespace hinternet::win32 {

// INTERNET_STATUS_CALLBACK and WINHTTP_STATUS_CALLBACK share this shape.
using StatusCallback = void(CALLBACK*)(void* handle, DWORD_PTR context, DWORD status, void* info, DWORD length);

// Calls the handle's callback on the calling thread if one is set and
// `maskBit` (0: always) is in its notification mask. Never call it with a
// lock held: the callback may call any API, closing the handle included.
void deliverStatus(HandleObject& object, DWORD status, void* info, DWORD length, DWORD maskBit);
// As deliverStatus, with `context` in place of the handle's (WinINet: the
// context a call was given for its own notifications).
void deliverStatusWith(HandleObject& object, std::uintptr_t context, DWORD status, void* info, DWORD length,
                       DWORD maskBit);

void releaseHandleObject(HandleObject* object, DWORD closingStatus);

// Makes a handle object whose last release (after the handle is closed and
// every call and queued notification has let go) delivers `closingStatus`
// (HANDLE_CLOSING) as its very last notification, then frees it.
template <class T, class... Args>
std::shared_ptr<T> makeHandleObject(DWORD closingStatus, Args&&... args) {
  return std::shared_ptr<T>(new T(std::forward<Args>(args)...),
                            [closingStatus](T* object) { releaseHandleObject(object, closingStatus); });
}

}  // namespace hinternet::win32
