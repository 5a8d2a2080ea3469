// DeleteWpadCacheForNetworks: forgets the auto-proxy script URLs WinINet
// remembers per network. Ours remembers none: every detection asks DHCP and
// DNS afresh (common/win32/wpad_detect.*), so either scope finds nothing to
// delete and succeeds.
#include "api_guard.h"
#include "handles.h"

using namespace hinternet;
using win32::failWith;
using win32::guardedCall;

namespace {

// WPAD_CACHE_DELETE, from the SDK's wininet.h.
constexpr DWORD kDeleteCurrent = 0;  // WPAD_CACHE_DELETE_CURRENT
constexpr DWORD kDeleteAll = 1;      // WPAD_CACHE_DELETE_ALL

}  // namespace

extern "C" BOOL WINAPI DeleteWpadCacheForNetworks(DWORD scope) {
  LOG_TRACE("DeleteWpadCacheForNetworks(%lu)", scope);
  return guardedCall("DeleteWpadCacheForNetworks", FALSE, [&]() -> BOOL {
    if (scope != kDeleteCurrent && scope != kDeleteAll) return failWith(ERROR_INVALID_PARAMETER);
    return win32::succeed();
  });
}
