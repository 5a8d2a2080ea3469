#include "log.h"

// Called once per unimplemented export by the generated stubs.
extern "C" void hinternet_log_stub(const char* name) {
  LOG_WARN("%s is not implemented yet: failing with ERROR_CALL_NOT_IMPLEMENTED", name);
}
