#pragma once
#include <memory>
#include <vector>

#include "handle_object.h"

namespace hinternet::win32 {

// The handles one close invalidated (the handle and its children) and
// where their last notifications go. A handle of a synchronous session
// keeps its notifications for its caller's thread (a held queue): its
// HANDLE_CLOSING comes on the closing thread before the close returns,
// once the last call on it has let go (a bounded wait, should something
// else still hold it). A call on another thread that began as the close
// came and waits to run its notifications goes first, so the close waits
// for that call to end, never for the time limit. Not from inside a
// callback of a closed handle (that handle's and its parents' come after
// the callback returns), and not in
// asynchronous mode, whose callers may hold their own locks around the
// close while a callback runs.
class ClosedHandles {
 public:
  // For HandleTable::close; `here`: the handle's queue is held for its caller.
  void note(HandleObject& handle, bool here);
  // After the closed objects' own references are gone: delivers what the
  // held ones still owe, then hands every queue to the pool.
  void finish();

 private:
  struct Entry {
    std::shared_ptr<SerialQueue> queue;
    bool here;
  };
  std::vector<Entry> closed_;
};

}  // namespace hinternet::win32
