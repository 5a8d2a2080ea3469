#pragma once
#include <windows.h>

#include <new>

#include "log.h"

namespace hinternet::win32 {

// Both DLLs use 12004 for "internal error" (ERROR_INTERNET_INTERNAL_ERROR,
// ERROR_WINHTTP_INTERNAL_ERROR).
constexpr DWORD kInternalError = 12004;

// An export's FALSE with `code` as the last error, and its TRUE with the
// last error cleared.
inline BOOL failWith(DWORD code) {
  SetLastError(code);
  return FALSE;
}
inline BOOL succeed() {
  SetLastError(ERROR_SUCCESS);
  return TRUE;
}

// Runs an export's body so that no C++ exception crosses the C ABI: any that
// escapes becomes a last error and the export's failure value.
template <class Result, class Body>
Result guardedCall(const char* api, Result failure, Body&& body) noexcept {
  try {
    Result result = body();
    LOG_TRACE("%s -> %p (last error %lu)", api, (void*)(UINT_PTR)result, GetLastError());
    return result;
  } catch (const std::bad_alloc&) {
    LOG_ERROR("%s: out of memory", api);
    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
  } catch (...) {
    LOG_ERROR("%s: unexpected exception", api);
    SetLastError(kInternalError);
  }
  return failure;
}

}  // namespace hinternet::win32
