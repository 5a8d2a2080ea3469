#include "handle_closing.h"

#include <chrono>

namespace hinternet::win32 {

void ClosedHandles::note(HandleObject& handle, bool here) {
  closed_.push_back(Entry{handle.queue, here});
}

void ClosedHandles::finish() {
  // Closed from inside a callback of one of these handles: that handle
  // outlives this call, and so do its parents, which come after it (the
  // list has children first); their HANDLE_CLOSINGs come later, from the pool.
  bool waitable = true;
  for (Entry& entry : closed_) {
    if (entry.here && entry.queue->isCurrent()) waitable = false;
    // Retired once the object is gone and its HANDLE_CLOSING has run.
    if (entry.here && waitable)
      entry.queue->runHereGivingWay([&entry] { return entry.queue->retired(); }, std::chrono::seconds(5));
    // Nothing calls on a closed handle: what it still notifies goes to the pool.
    entry.queue->hold(false);
  }
}

}  // namespace hinternet::win32
