// InternetDebugGetLocalTime: the local time as WinINet's own diagnostics
// stamp it. The SDK's wininet.h declares it with an optional reserved
// output, which is given 0.
#include "api_guard.h"
#include "handles.h"

using namespace hinternet;
using win32::failWith;
using win32::guardedCall;

extern "C" BOOL WINAPI InternetDebugGetLocalTime(SYSTEMTIME* localTime, DWORD* reserved) {
  LOG_TRACE("InternetDebugGetLocalTime(%p, %p)", (void*)localTime, (void*)reserved);
  return guardedCall("InternetDebugGetLocalTime", FALSE, [&]() -> BOOL {
    if (!localTime) return failWith(ERROR_INVALID_PARAMETER);
    GetLocalTime(localTime);
    if (reserved) *reserved = 0;
    return win32::succeed();
  });
}
