// HttpOpenDependencyHandle, HttpDuplicateDependencyHandle,
// HttpCloseDependencyHandle, HttpIndicatePageLoadComplete (Windows 8+): a
// browser groups the requests of one page under a dependency object and
// says when the page has loaded, so that Windows may favour that page's
// requests. Here the object is kept and answers faithfully, but it changes
// nothing in how requests run: the engine has no scheduler that orders
// transfers by page (each request runs as soon as its connection allows).
#include <atomic>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "api_guard.h"
#include "handles.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::guardedCall;

// wininet.h's type (Windows 8 SDK), which MinGW's header lacks.
typedef LPVOID HTTP_DEPENDENCY_HANDLE;

namespace {

struct Dependency {
  // Not kept alive by its dependency handles: closing the request first is
  // the caller's right.
  std::weak_ptr<HandleObject> request;
  bool background = false;
  std::atomic<bool> pageLoaded{false};
};

// The live dependency handles: several (duplicates) may share one
// dependency, which lives until the last of them closes.
class DependencyHandles {
 public:
  // A value no other live dependency handle has, outside both DLLs'
  // HINTERNET ranges (0x00CC0000 and 0x00DD0000, 0x40000 each), so a value
  // passed to the wrong function is refused there and here. 0 when every
  // value is taken.
  std::uintptr_t add(std::shared_ptr<Dependency> dependency) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (handles_.size() >= kSpan / kStep) return 0;
    do {
      next_ = next_ + kStep < kBase + kSpan ? next_ + kStep : kBase;
    } while (handles_.count(next_));
    handles_.emplace(next_, std::move(dependency));
    return next_;
  }
  std::shared_ptr<Dependency> find(const void* handle) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = handles_.find(reinterpret_cast<std::uintptr_t>(handle));
    return it == handles_.end() ? nullptr : it->second;
  }
  bool remove(const void* handle) {
    std::shared_ptr<Dependency> last;  // released after the lock
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = handles_.find(reinterpret_cast<std::uintptr_t>(handle));
    if (it == handles_.end()) return false;
    last = std::move(it->second);
    handles_.erase(it);
    return true;
  }

 private:
  static constexpr std::uintptr_t kBase = 0x00EE0000;
  static constexpr std::uintptr_t kSpan = 0x00040000;
  static constexpr std::uintptr_t kStep = 4;
  mutable std::mutex mutex_;
  std::unordered_map<std::uintptr_t, std::shared_ptr<Dependency>> handles_;
  std::uintptr_t next_ = kBase;
};

DependencyHandles& dependencyHandles() {
  static DependencyHandles* const instance = new DependencyHandles;  // lives as long as the process
  return *instance;
}

DWORD handOut(std::uintptr_t value, HTTP_DEPENDENCY_HANDLE* out) {
  if (!value) return ERROR_NOT_ENOUGH_MEMORY;
  *out = reinterpret_cast<HTTP_DEPENDENCY_HANDLE>(value);
  return ERROR_SUCCESS;
}

}  // namespace

extern "C" DWORD WINAPI HttpOpenDependencyHandle(HINTERNET requestHandle, BOOL background,
                                                 HTTP_DEPENDENCY_HANDLE* dependencyHandle) {
  LOG_TRACE("HttpOpenDependencyHandle(%p, %d, %p)", requestHandle, background, static_cast<void*>(dependencyHandle));
  return guardedCall("HttpOpenDependencyHandle", DWORD(ERROR_NOT_ENOUGH_MEMORY), [&]() -> DWORD {
    if (!dependencyHandle) return ERROR_INVALID_PARAMETER;
    *dependencyHandle = nullptr;
    auto request = find<Request>(requestHandle, {HandleKind::Request});
    if (!request) return GetLastError();
    auto dependency = std::make_shared<Dependency>();
    dependency->request = request;
    dependency->background = background != FALSE;
    return handOut(dependencyHandles().add(std::move(dependency)), dependencyHandle);
  });
}

extern "C" DWORD WINAPI HttpDuplicateDependencyHandle(HTTP_DEPENDENCY_HANDLE dependencyHandle,
                                                      HTTP_DEPENDENCY_HANDLE* duplicatedHandle) {
  LOG_TRACE("HttpDuplicateDependencyHandle(%p, %p)", dependencyHandle, static_cast<void*>(duplicatedHandle));
  return guardedCall("HttpDuplicateDependencyHandle", DWORD(ERROR_NOT_ENOUGH_MEMORY), [&]() -> DWORD {
    if (!duplicatedHandle) return ERROR_INVALID_PARAMETER;
    *duplicatedHandle = nullptr;
    auto dependency = dependencyHandles().find(dependencyHandle);
    if (!dependency) return ERROR_INVALID_HANDLE;
    return handOut(dependencyHandles().add(std::move(dependency)), duplicatedHandle);
  });
}

extern "C" void WINAPI HttpCloseDependencyHandle(HTTP_DEPENDENCY_HANDLE dependencyHandle) {
  LOG_TRACE("HttpCloseDependencyHandle(%p)", dependencyHandle);
  guardedCall("HttpCloseDependencyHandle", 0, [&]() -> int {
    // Nothing to report to: an unknown value is ignored.
    if (!dependencyHandles().remove(dependencyHandle))
      LOG_WARN("HttpCloseDependencyHandle: unknown handle %p", dependencyHandle);
    return 0;
  });
}

extern "C" DWORD WINAPI HttpIndicatePageLoadComplete(HTTP_DEPENDENCY_HANDLE dependencyHandle) {
  LOG_TRACE("HttpIndicatePageLoadComplete(%p)", dependencyHandle);
  return guardedCall("HttpIndicatePageLoadComplete", DWORD(ERROR_NOT_ENOUGH_MEMORY), [&]() -> DWORD {
    auto dependency = dependencyHandles().find(dependencyHandle);
    if (!dependency) return ERROR_INVALID_HANDLE;
    dependency->pageLoaded.store(true);
    return ERROR_SUCCESS;
  });
}
