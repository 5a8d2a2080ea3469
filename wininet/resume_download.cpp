// ResumeSuspendedDownload: resumes a request that waits on a dialog
// (INTERNET_STATUS_USER_INPUT_REQUIRED). No request waits on one here:
// InternetErrorDlg decides without UI and nothing suspends a request for
// it, so a valid request is never in the state this call needs.
#include "api_guard.h"
#include "handles.h"

using namespace hinternet;
using namespace hinternet::wininet;

extern "C" BOOL WINAPI ResumeSuspendedDownload(HINTERNET requestHandle, DWORD resultCode) {
  LOG_TRACE("ResumeSuspendedDownload(%p, %lu)", requestHandle, resultCode);
  return win32::guardedCall("ResumeSuspendedDownload", FALSE, [&]() -> BOOL {
    if (!find<Request>(requestHandle, {HandleKind::Request})) return FALSE;
    return win32::failWith(ERROR_INTERNET_INCORRECT_HANDLE_STATE);
  });
}
