// WinHttpSetOption, for now only WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET.
// TODO(merge): the options branch brings the full WinHttpSetOption; keep
// that one and add this option to its table.
#include "api_guard.h"
#include "handles.h"

using namespace hinternet;
using namespace hinternet::winhttp;
using win32::guardedCall;

extern "C" BOOL WINAPI WinHttpSetOption(HINTERNET handle, DWORD option, LPVOID buffer, DWORD length) {
  LOG_TRACE("WinHttpSetOption(%p, %lu, %p, %lu)", handle, option, buffer, length);
  return guardedCall("WinHttpSetOption", FALSE, [&]() -> BOOL {
    if (option != WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET) {
      LOG_WARN("WinHttpSetOption: option %lu is not implemented yet", option);
      SetLastError(ERROR_CALL_NOT_IMPLEMENTED);
      return FALSE;
    }
    // A request option; it takes no value.
    auto request = find<Request>(handle, {HandleKind::Request});
    if (!request) return FALSE;
    request->upgradeToWebSocket = true;
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  });
}
