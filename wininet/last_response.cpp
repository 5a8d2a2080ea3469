#include "last_response.h"

namespace hinternet::wininet {

LastResponse& lastResponse() {
  // A plain pointer: a thread_local with a destructor is not safe in a DLL
  // under every MinGW runtime. Each thread that asks keeps one small entry.
  thread_local LastResponse* instance = nullptr;
  if (!instance) instance = new LastResponse;
  return *instance;
}

}  // namespace hinternet::wininet
