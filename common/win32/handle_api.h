#pragma once
#include <windows.h>

#include <cstdint>
#include <initializer_list>
#include <memory>

#include "handle_table.h"
#include "http_objects.h"
#include "status_callback.h"

namespace hinternet::win32 {

// One DLL's handles as its exports see them: its table, and the Win32 code
// each core error maps to in that DLL. Every lookup failure and creation
// failure sets the last error here, so exports just return.
class HandleApi {
 public:
  using ErrorMap = DWORD (*)(Error);

  // closingStatus: the DLL's HANDLE_CLOSING notification; needsContext:
  // handles without a context get no notification (WinINet).
  HandleApi(std::uintptr_t base, ErrorMap map, DWORD closingStatus, bool needsContext = false)
      : table_(base, 1 << 16), map_(map), closingStatus_(closingStatus), needsContext_(needsContext) {}

  // A new handle object that sends HANDLE_CLOSING as its last notification.
  template <class T, class... Args>
  std::shared_ptr<T> make(Args&&... args) const {
    auto object = makeHandleObject<T>(closingStatus_, std::forward<Args>(args)...);
    object->status.needsContext = needsContext_;
    return object;
  }

  DWORD code(Error error) const { return map_(error); }

  // Sets the last error and returns FALSE.
  BOOL fail(Error error) const {
    SetLastError(map_(error));
    return FALSE;
  }

  // The live object behind `handle` if it is of one of `kinds`; otherwise
  // null, with ERROR_INVALID_HANDLE or the DLL's wrong-type code set.
  template <class T>
  std::shared_ptr<T> find(const void* handle, std::initializer_list<HandleKind> kinds) const {
    Error error = Error::None;
    auto object = table_.findAs<T>(reinterpret_cast<std::uintptr_t>(handle), kinds, error);
    if (!object) fail(error);
    return object;
  }

  // A request (T: an HttpRequestObject) whose response has arrived, with
  // its transfer; null otherwise, with the last error set (IncorrectState
  // before the response).
  template <class T>
  std::shared_ptr<T> findReceiving(const void* handle, std::shared_ptr<Transfer>& transfer) const {
    auto request = find<T>(handle, {HandleKind::Request});
    if (!request) return nullptr;
    Error error = Error::None;
    transfer = request->exchange.receivedTransfer(error);
    if (!transfer) {
      fail(error);
      return nullptr;
    }
    return request;
  }

  // Gives a new object its handle value and clears the last error; null with
  // the error set when the table is full or the parent closed meanwhile.
  void* publish(const std::shared_ptr<HandleObject>& object) {
    // A status callback set on a parent applies to handles created later.
    if (const auto& parent = object->parent(); parent && !object->status.callback.load()) {
      object->status.mask.store(parent->status.mask.load());
      object->status.callback.store(parent->status.callback.load());
      object->status.wideText.store(parent->status.wideText.load());
    }
    const std::uintptr_t value = table_.add(object);
    if (!value) {
      fail(object->parent() && object->parent()->isClosed() ? Error::InvalidHandle : Error::NotEnoughMemory);
      return nullptr;
    }
    SetLastError(ERROR_SUCCESS);
    return reinterpret_cast<void*>(value);
  }

  HandleTable& table() { return table_; }

 private:
  HandleTable table_;
  const ErrorMap map_;
  const DWORD closingStatus_;
  const bool needsContext_;
};

}  // namespace hinternet::win32
