// InternetLockRequestFile / InternetUnlockRequestFile. On Windows the lock
// keeps a response's cache file after its request handle closes. Here the
// body a cacheable request has read lives in its BodyReplay (memory, then a
// temporary file), so a lock keeps that storage until the last unlock; the
// request itself closes as usual, HANDLE_CLOSING included.
//
// What Windows does, from Wine's tests run on it (http.c,
// InternetLockRequestFile_test): before the send there is no file and the
// lock fails with ERROR_FILE_NOT_FOUND; after it the lock succeeds, a
// second lock of the same request returns the same lock handle, and each
// lock is released by its own unlock, also after the request handle closed.
// A request with INTERNET_FLAG_NO_CACHE_WRITE never gets a file, so it stays
// in the "no file" case.
#include <map>
#include <memory>
#include <mutex>

#include "api_guard.h"
#include "handles.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::failWith;
using win32::guardedCall;

namespace {

struct RequestFileLock {
  std::shared_ptr<const void> body;  // BodyReplay::share()
  unsigned count = 0;
};

// The lock handle is the address of its RequestFileLock.
class RequestFileLocks {
 public:
  HANDLE lock(std::shared_ptr<const void> body) {
    std::lock_guard<std::mutex> guard(mutex_);
    auto& entry = locks_[body.get()];
    if (!entry) entry = std::make_unique<RequestFileLock>(RequestFileLock{std::move(body), 0});
    ++entry->count;
    return static_cast<HANDLE>(entry.get());
  }

  // False when `handle` is no lock held now.
  bool unlock(HANDLE handle) {
    std::shared_ptr<const void> released;  // freed after the mutex is let go
    std::lock_guard<std::mutex> guard(mutex_);
    for (auto it = locks_.begin(); it != locks_.end(); ++it) {
      if (static_cast<HANDLE>(it->second.get()) != handle) continue;
      if (--it->second->count == 0) {
        released = std::move(it->second->body);
        locks_.erase(it);
      }
      return true;
    }
    return false;
  }

 private:
  std::mutex mutex_;
  // By the body's storage: every lock of one request is the same lock.
  std::map<const void*, std::unique_ptr<RequestFileLock>> locks_;
};

RequestFileLocks& requestFileLocks() {
  static RequestFileLocks* locks = new RequestFileLocks;  // outlives every caller
  return *locks;
}

}  // namespace

extern "C" BOOL WINAPI InternetLockRequestFile(HINTERNET handle, HANDLE* lock) {
  LOG_TRACE("InternetLockRequestFile(%p, %p)", handle, static_cast<void*>(lock));
  return guardedCall("InternetLockRequestFile", FALSE, [&]() -> BOOL {
    auto request = find<Request>(handle, {HandleKind::Request});
    if (!request) return FALSE;
    if (!lock) return failWith(ERROR_INVALID_PARAMETER);
    if (!request->replaysBody() || !request->exchange.responseReceived()) return failWith(ERROR_FILE_NOT_FOUND);
    *lock = requestFileLocks().lock(request->replay.share());
    return win32::succeed();
  });
}

extern "C" BOOL WINAPI InternetUnlockRequestFile(HANDLE lock) {
  LOG_TRACE("InternetUnlockRequestFile(%p)", lock);
  return guardedCall("InternetUnlockRequestFile", FALSE, [&]() -> BOOL {
    // Windows takes the lock handle on trust; an unknown one is refused
    // here rather than followed.
    if (!lock || !requestFileLocks().unlock(lock)) return failWith(ERROR_INVALID_HANDLE);
    return win32::succeed();
  });
}
