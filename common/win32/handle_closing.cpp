#include "handle_closing.h"

#include <chrono>

namespace hinternet::win32 {

void ClosedHandles::note(HandleObject& handle, bool here) {
  closed_.push_back(Entry{handle.weak_from_this(), handle.queue, here});
}

void ClosedHandles::finish() {
  for (Entry& entry : closed_) {
    if (entry.here && !entry.queue->isCurrent())
      entry.queue->runHere([] {}, [&entry] { return entry.object.expired() && entry.queue->empty(); },
                           std::chrono::seconds(5));
    // Nothing calls on a closed handle: what it still notifies goes to the pool.
    entry.queue->hold(false);
  }
}

}  // namespace hinternet::win32
