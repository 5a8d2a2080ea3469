#include "handle_table.h"

#include <algorithm>

namespace hinternet {


HandleTable::HandleTable(std::uintptr_t base, std::size_t capacity)
    : base_(base), capacity_(capacity) {}

std::uintptr_t HandleTable::add(const std::shared_ptr<HandleObject>& object) {
  std::lock_guard<Mutex> lock(mutex_);
  if (object->parent() && object->parent()->isClosed()) return 0;
  std::size_t slot;
  if (!free_.empty()) {
    slot = free_.top();
    free_.pop();
  } else {
    if (slots_.size() >= capacity_) return 0;
    slot = slots_.size();
    slots_.emplace_back();
  }
  slots_[slot] = object;
  ++live_;
  const std::uintptr_t value = base_ + (slot + 1) * kStride;
  object->value_.store(value, std::memory_order_release);
  if (auto& parent = object->parent()) {
    auto& siblings = parent->children_;
    siblings.erase(std::remove_if(siblings.begin(), siblings.end(),
                                  [](const std::weak_ptr<HandleObject>& w) { return w.expired(); }),
                   siblings.end());
    siblings.push_back(object);
  }
  return value;
}

bool HandleTable::slotOf(std::uintptr_t value, std::size_t& slot) const {
  if (value <= base_ || (value - base_) % kStride != 0) return false;
  slot = (value - base_) / kStride - 1;
  return slot < slots_.size() && slots_[slot] != nullptr;
}

std::shared_ptr<HandleObject> HandleTable::find(std::uintptr_t value) const {
  std::lock_guard<Mutex> lock(mutex_);
  std::size_t slot;
  return slotOf(value, slot) ? slots_[slot] : nullptr;
}

std::shared_ptr<HandleObject> HandleTable::find(std::uintptr_t value,
                                                std::initializer_list<HandleKind> kinds,
                                                Error& error) const {
  auto object = find(value);
  if (!object) {
    error = Error::InvalidHandle;
    return nullptr;
  }
  if (std::find(kinds.begin(), kinds.end(), object->kind()) == kinds.end()) {
    error = Error::WrongHandleType;
    return nullptr;
  }
  error = Error::None;
  return object;
}

void HandleTable::collectLocked(const std::shared_ptr<HandleObject>& object,
                                std::vector<std::shared_ptr<HandleObject>>& out) {
  for (auto& weak : object->children_) {
    if (auto child = weak.lock()) {
      if (!child->isClosed()) collectLocked(child, out);
    }
  }
  object->children_.clear();
  object->closed_.store(true, std::memory_order_release);
  std::size_t slot;
  if (slotOf(object->value(), slot) && slots_[slot] == object) {
    slots_[slot].reset();
    free_.push(slot);
    --live_;
  }
  out.push_back(object);
}

bool HandleTable::close(std::uintptr_t value,
                        const std::function<void(HandleObject&)>& closed) {
  std::vector<std::shared_ptr<HandleObject>> victims;
  {
    std::lock_guard<Mutex> lock(mutex_);
    std::size_t slot;
    if (!slotOf(value, slot)) return false;
    const auto target = slots_[slot];  // the slot is reset during collection
    collectLocked(target, victims);
  }
  for (auto& victim : victims) {
    victim->onClose();
    if (closed) closed(*victim);
  }
  return true;
}

std::size_t HandleTable::size() const {
  std::lock_guard<Mutex> lock(mutex_);
  return live_;
}

}  // namespace hinternet
