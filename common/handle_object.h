#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "option_store.h"
#include "serial_queue.h"

namespace hinternet {

// A handle's status callback as the application set it. The function is
// opaque here: only the Windows side knows its calling convention. Both
// DLLs' callbacks have the same shape, and WinHTTP filters by a mask.
struct StatusSink {
  std::atomic<void*> callback{nullptr};
  std::atomic<std::uint32_t> mask{0xFFFFFFFFu};
  std::atomic<std::uintptr_t> context{0};
  // WinINet: strings in notifications are UTF-16 only for a callback set
  // with the W form, and a handle without a context gets no notification.
  std::atomic<bool> wideText{true};
  bool needsContext = false;  // fixed at creation
};

enum class HandleKind : uint8_t { Session, Connect, Request, WebSocket, ProxyResolver };

// One node of the HINTERNET tree. Every API call in progress holds a
// shared_ptr to the object it works on, so closing a handle never frees an
// object under a running call: the value dies at once, the object when the
// last call lets go.
class HandleObject : public std::enable_shared_from_this<HandleObject> {
 public:
  HandleObject(HandleKind kind, std::shared_ptr<HandleObject> parent)
      : kind_(kind), parent_(std::move(parent)) {}
  virtual ~HandleObject() = default;
  HandleObject(const HandleObject&) = delete;
  HandleObject& operator=(const HandleObject&) = delete;

  HandleKind kind() const { return kind_; }
  const std::shared_ptr<HandleObject>& parent() const { return parent_; }
  std::uintptr_t value() const { return value_.load(std::memory_order_acquire); }
  bool isClosed() const { return closed_.load(std::memory_order_acquire); }

  StatusSink status;
  OptionStore options;
  // Every notification of this handle runs here, in order.
  const std::shared_ptr<SerialQueue> queue = std::make_shared<SerialQueue>();

 protected:
  // Runs once, on the closing thread and with no table lock held, when this
  // handle or an ancestor is closed: cancel pending work here.
  virtual void onClose() {}

 private:
  friend class HandleTable;
  const HandleKind kind_;
  const std::shared_ptr<HandleObject> parent_;
  std::atomic<std::uintptr_t> value_{0};
  std::atomic<bool> closed_{false};
  std::vector<std::weak_ptr<HandleObject>> children_;  // guarded by the table
};

}  // namespace hinternet
