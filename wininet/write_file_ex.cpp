// InternetWriteFileExA/W: declared in wininet.h but never implemented by
// Windows, whose export fails at once with ERROR_CALL_NOT_IMPLEMENTED,
// whatever the arguments (the same routine serves its retired Gopher
// exports). Programs write request bodies with InternetWriteFile.
#include <windows.h>
#include <wininet.h>

#include "api_guard.h"

using hinternet::win32::failWith;
using hinternet::win32::guardedCall;

namespace {

BOOL writeFileEx(const char* api, HINTERNET file, const void* buffers, DWORD flags, DWORD_PTR context) {
  LOG_TRACE("%s(%p, %p, 0x%lx, %p)", api, file, buffers, flags, reinterpret_cast<void*>(context));
  return guardedCall(api, FALSE, [&]() -> BOOL {
    LOG_INFO("%s is not supported by Windows: use InternetWriteFile", api);
    return failWith(ERROR_CALL_NOT_IMPLEMENTED);
  });
}

}  // namespace

extern "C" BOOL WINAPI InternetWriteFileExA(HINTERNET file, LPINTERNET_BUFFERSA buffers, DWORD flags,
                                            DWORD_PTR context) {
  return writeFileEx("InternetWriteFileExA", file, buffers, flags, context);
}

extern "C" BOOL WINAPI InternetWriteFileExW(HINTERNET file, LPINTERNET_BUFFERSW buffers, DWORD flags,
                                            DWORD_PTR context) {
  return writeFileEx("InternetWriteFileExW", file, buffers, flags, context);
}
