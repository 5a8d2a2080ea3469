#pragma once
// How an export that Windows keeps for its own components (marked -internal
// in the spec files) answers an outside caller: after the handle checks a
// caller can rely on, with ERROR_NOT_SUPPORTED, as the return value or as
// the last error. Both DLLs' internal.cpp use these.
#include <windows.h>

#include "log.h"

namespace hinternet::win32 {

inline DWORD notSupported(const char* name) {
  LOG_INFO("%s: internal to Windows; not supported for outside callers", name);
  return ERROR_NOT_SUPPORTED;
}

inline BOOL failNotSupported(const char* name) {
  SetLastError(notSupported(name));
  return FALSE;
}

}  // namespace hinternet::win32
