#include "certificate_dialog.h"

#include <cryptuiapi.h>

namespace hinternet::wininet {
namespace {

HMODULE cryptui() {
  static const HMODULE module = LoadLibraryW(L"cryptui.dll");
  return module;
}

template <class Function>
Function cryptuiFunction(const char* name) {
  const HMODULE module = cryptui();
  return module ? reinterpret_cast<Function>(reinterpret_cast<void*>(GetProcAddress(module, name))) : nullptr;
}

// A dialog's result as an error; one that failed without saying why was
// closed without being shown.
DWORD dialogResult(BOOL shown) {
  if (shown) return ERROR_SUCCESS;
  const DWORD error = GetLastError();
  return error ? error : DWORD(ERROR_CANCELLED);
}

bool badWindow(HWND window) { return window && !IsWindow(window); }

}  // namespace

DWORD showCertificateDialog(PCCERT_CONTEXT certificate, HWND window) {
  if (badWindow(window)) return ERROR_INVALID_WINDOW_HANDLE;
  using ViewContext = BOOL(WINAPI*)(DWORD, const void*, HWND, LPCWSTR, DWORD, void*);
  static const auto view = cryptuiFunction<ViewContext>("CryptUIDlgViewContext");
  if (!view) return ERROR_NOT_SUPPORTED;
  SetLastError(ERROR_SUCCESS);
  return dialogResult(view(CERT_STORE_CERTIFICATE_CONTEXT, certificate, window, nullptr, 0, nullptr));
}

DWORD showClientCertificatesDialog(HWND window) {
  if (badWindow(window)) return ERROR_INVALID_WINDOW_HANDLE;
  using CertMgr = BOOL(WINAPI*)(PCCRYPTUI_CERT_MGR_STRUCT);
  static const auto manager = cryptuiFunction<CertMgr>("CryptUIDlgCertMgr");
  if (!manager) return ERROR_NOT_SUPPORTED;
  CRYPTUI_CERT_MGR_STRUCT settings{};
  settings.dwSize = sizeof(settings);
  settings.hwndParent = window;
  settings.pszInitUsageOID = szOID_PKIX_KP_CLIENT_AUTH;
  SetLastError(ERROR_SUCCESS);
  return dialogResult(manager(&settings));
}

}  // namespace hinternet::wininet
