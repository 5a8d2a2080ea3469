#pragma once
// How an export that Windows keeps for its own components (marked -internal
// in the spec files) answers an outside caller: after the handle checks a
// caller can rely on, with ERROR_NOT_SUPPORTED, as the return value or as
// the last error. Both DLLs' internal.cpp use these.
#include <windows.h>

#include "log.h"

namespace hinternet::win32 {

// noexcept, and the log line may fail quietly: these run outside
// guardedCall, and nothing may unwind through an export.
inline DWORD notSupported(const char* name) noexcept {
  try {
    LOG_INFO("%s: internal to Windows; not supported for outside callers", name);
  } catch (...) {
  }
  return ERROR_NOT_SUPPORTED;
}

inline BOOL failNotSupported(const char* name) noexcept {
  SetLastError(notSupported(name));
  return FALSE;
}

}  // namespace hinternet::win32
