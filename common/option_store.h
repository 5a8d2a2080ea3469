#pragma once
#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace hinternet {

// The numeric options set on one handle, by the DLL's own option ids. Only
// values set explicitly are kept, so each DLL keeps its defaults in one
// place (its option table). Calls on a handle come from any thread.
class OptionStore {
 public:
  std::uint64_t get(std::uint32_t id, std::uint64_t fallback) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = values_.find(id);
    return it == values_.end() ? fallback : it->second;
  }
  bool has(std::uint32_t id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return values_.count(id) != 0;
  }
  void set(std::uint32_t id, std::uint64_t value) {
    std::lock_guard<std::mutex> lock(mutex_);
    values_[id] = value;
  }
  // Handles start with what their parent had when they were created.
  void inherit(const OptionStore& parent) {
    if (&parent == this) return;
    std::scoped_lock lock(mutex_, parent.mutex_);
    values_ = parent.values_;
  }

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::uint32_t, std::uint64_t> values_;
};

}  // namespace hinternet
