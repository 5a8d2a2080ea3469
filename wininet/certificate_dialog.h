#pragma once
#include <windows.h>
#include <wincrypt.h>

namespace hinternet::wininet {

// cryptui's dialogs, the ones IE's certificate windows became. cryptui.dll
// loads when a dialog is first asked for: a process that never shows one
// does not load it. Each returns ERROR_SUCCESS once the user closed the
// dialog, else the error it could not be shown with: a `window` that is
// no window (ERROR_INVALID_WINDOW_HANDLE), no cryptui (ERROR_NOT_SUPPORTED),
// or what cryptui failed with.

// The certificate's view (CryptUIDlgViewContext).
DWORD showCertificateDialog(PCCERT_CONTEXT certificate, HWND window);

// The user's certificates for client authentication (CryptUIDlgCertMgr
// opened on that purpose), IE's "Certificates" window.
DWORD showClientCertificatesDialog(HWND window);

}  // namespace hinternet::wininet
