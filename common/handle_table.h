#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <queue>
#include <vector>

#include "error.h"
#include "handle_object.h"
#include "sync.h"

namespace hinternet {

// Maps HINTERNET values to objects. Values are small, non-zero and recycled
// lowest-slot-first, as programs see on Windows; each DLL owns a table with
// its own base so a value from one DLL is never valid in the other.
class HandleTable {
 public:
  static constexpr std::uintptr_t kStride = 4;

  HandleTable(std::uintptr_t base, std::size_t capacity);

  // 0 when the table is full.
  std::uintptr_t add(const std::shared_ptr<HandleObject>& object);

  std::shared_ptr<HandleObject> find(std::uintptr_t value) const;

  // Looks up a live handle of one of the allowed kinds; on failure `error`
  // says InvalidHandle or WrongHandleType.
  std::shared_ptr<HandleObject> find(std::uintptr_t value,
                                     std::initializer_list<HandleKind> kinds,
                                     Error& error) const;

  template <class T>
  std::shared_ptr<T> findAs(std::uintptr_t value,
                            std::initializer_list<HandleKind> kinds,
                            Error& error) const {
    return std::static_pointer_cast<T>(find(value, kinds, error));
  }

  // Closes the handle and every descendant still open. Each closed object's
  // onClose runs after the table lock is released; `closed` (if set) is
  // called for each, children before parents. False if the value is unknown.
  bool close(std::uintptr_t value,
             const std::function<void(HandleObject&)>& closed = {});

  std::size_t size() const;

 private:
  bool slotOf(std::uintptr_t value, std::size_t& slot) const;
  void collectLocked(const std::shared_ptr<HandleObject>& object,
                     std::vector<std::shared_ptr<HandleObject>>& out);

  const std::uintptr_t base_;
  const std::size_t capacity_;
  mutable Mutex mutex_;
  std::vector<std::shared_ptr<HandleObject>> slots_;
  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> free_;
  std::size_t live_ = 0;
};

}  // namespace hinternet
