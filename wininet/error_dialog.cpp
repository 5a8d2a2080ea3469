// InternetErrorDlg and InternetConfirmZoneCrossing. There is no dialog of
// WinINet's own here: without FLAGS_ERROR_UI_FLAGS_NO_UI and with a window
// the question goes to a message box; otherwise the answer is what Windows
// gives without UI.
#include "api_guard.h"
#include "handles.h"
#include "option_table.h"
#include "text.h"
#include "user_proxy_settings.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::guardedCall;

#ifndef ERROR_INTERNET_SEC_CERT_WEAK_SIGNATURE
#define ERROR_INTERNET_SEC_CERT_WEAK_SIGNATURE (INTERNET_ERROR_BASE + 62)
#endif

namespace {

// Windows' answers without UI: the default is ERROR_CANCELLED, or
// ERROR_SUCCESS with FLAGS_ERROR_UI_FILTER_FOR_ERRORS.
struct NoUiAnswer {
  DWORD error;
  DWORD result;
  bool needsRequest;  // ERROR_INVALID_PARAMETER without a request handle
};
constexpr NoUiAnswer kAnswers[] = {
    {ERROR_INTERNET_INCORRECT_PASSWORD, ERROR_SUCCESS, true},
    {ERROR_INTERNET_SEC_CERT_DATE_INVALID, ERROR_CANCELLED, false},
    {ERROR_INTERNET_SEC_CERT_CN_INVALID, ERROR_CANCELLED, false},
    {ERROR_INTERNET_HTTP_TO_HTTPS_ON_REDIR, ERROR_SUCCESS, false},
    {ERROR_INTERNET_HTTPS_TO_HTTP_ON_REDIR, ERROR_SUCCESS, false},
    {ERROR_INTERNET_MIXED_SECURITY, ERROR_CANCELLED, false},
    {ERROR_INTERNET_CHG_POST_IS_NON_SECURE, ERROR_SUCCESS, false},
    {ERROR_INTERNET_POST_IS_NON_SECURE, ERROR_SUCCESS, false},
    {ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED, ERROR_CANCELLED, true},
    {ERROR_INTERNET_INVALID_CA, ERROR_CANCELLED, false},
    {ERROR_INTERNET_HTTPS_HTTP_SUBMIT_REDIR, ERROR_CANCELLED, false},
    {ERROR_INTERNET_INSERT_CDROM, ERROR_CANCELLED, true},
    {ERROR_INTERNET_SEC_CERT_ERRORS, ERROR_CANCELLED, false},
    {ERROR_INTERNET_SEC_CERT_REV_FAILED, ERROR_CANCELLED, false},
    {ERROR_HTTP_COOKIE_NEEDS_CONFIRMATION, ERROR_HTTP_COOKIE_DECLINED, false},
    {ERROR_INTERNET_BAD_AUTO_PROXY_SCRIPT, ERROR_CANCELLED, false},
    {ERROR_INTERNET_UNABLE_TO_DOWNLOAD_SCRIPT, ERROR_CANCELLED, false},
    {ERROR_HTTP_REDIRECT_NEEDS_CONFIRMATION, ERROR_CANCELLED, false},
    {ERROR_INTERNET_SEC_CERT_REVOKED, ERROR_CANCELLED, false},
    {ERROR_INTERNET_SEC_CERT_WEAK_SIGNATURE, ERROR_CANCELLED, false},
};

const NoUiAnswer* answerFor(DWORD error) {
  for (const NoUiAnswer& answer : kAnswers)
    if (answer.error == error) return &answer;
  return nullptr;
}

// The waiver a yes to a certificate question gives the request.
DWORD waiverFor(DWORD error) {
  switch (error) {
    case ERROR_INTERNET_INVALID_CA: return SECURITY_FLAG_IGNORE_UNKNOWN_CA;
    case ERROR_INTERNET_SEC_CERT_DATE_INVALID: return SECURITY_FLAG_IGNORE_CERT_DATE_INVALID;
    case ERROR_INTERNET_SEC_CERT_CN_INVALID: return SECURITY_FLAG_IGNORE_CERT_CN_INVALID;
    case ERROR_INTERNET_SEC_CERT_REV_FAILED: return SECURITY_FLAG_IGNORE_REVOCATION;
    case ERROR_INTERNET_SEC_CERT_WEAK_SIGNATURE: return SECURITY_FLAG_IGNORE_WEAK_SIGNATURE;
    case ERROR_INTERNET_SEC_CERT_ERRORS:
      return SECURITY_FLAG_IGNORE_UNKNOWN_CA | SECURITY_FLAG_IGNORE_CERT_DATE_INVALID |
             SECURITY_FLAG_IGNORE_CERT_CN_INVALID;
    default: return 0;
  }
}

// Asks through user32's message box, loaded only when a program wants UI.
bool askUser(HWND window, const wchar_t* text) {
  using MessageBoxFn = int(WINAPI*)(HWND, LPCWSTR, LPCWSTR, UINT);
  HMODULE user32 = LoadLibraryW(L"user32.dll");
  if (!user32) return false;
  auto messageBox = reinterpret_cast<MessageBoxFn>(reinterpret_cast<void*>(GetProcAddress(user32, "MessageBoxW")));
  const bool yes = messageBox && messageBox(window, text, L"Security Warning", MB_YESNO | MB_ICONWARNING) == IDYES;
  FreeLibrary(user32);
  return yes;
}

std::wstring questionFor(DWORD error) {
  std::wstring text;
  HMODULE self = nullptr;
  GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                     reinterpret_cast<LPCWSTR>(&questionFor), &self);
  wchar_t* message = nullptr;
  if (FormatMessageW(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_IGNORE_INSERTS,
                     self, error, 0, reinterpret_cast<LPWSTR>(&message), 0, nullptr)) {
    text = message;
    LocalFree(message);
  }
  return text + L"\r\nDo you want to proceed?";
}

bool isSecureUrl(const std::string& url) {
  return url.size() >= 6 && (url[0] | 0x20) == 'h' && (url[1] | 0x20) == 't' && (url[2] | 0x20) == 't' &&
         (url[3] | 0x20) == 'p' && (url[4] | 0x20) == 's' && url[5] == ':';
}

DWORD confirmZoneCrossing(const char* api, HWND window, const std::string& from, const std::string& to, BOOL post) {
  LOG_TRACE("%s(%p, %s, %s, %d)", api, static_cast<void*>(window), from.c_str(), to.c_str(), post);
  return guardedCall(api, DWORD(ERROR_INTERNET_INTERNAL_ERROR), [&]() -> DWORD {
    if (isSecureUrl(from) == isSecureUrl(to)) return ERROR_SUCCESS;
    // Internet Options' "Warn if changing between secure and not secure
    // mode", off unless the user turned it on.
    if (!win32::readInternetSettingsDword(L"WarnonZoneCrossing", 0)) return ERROR_SUCCESS;
    if (!window) return ERROR_CANCELLED;
    const wchar_t* text = isSecureUrl(to) ? L"You are about to view pages over a secure connection."
                                          : L"You are about to be redirected to a connection that is not secure.";
    return askUser(window, text) ? ERROR_SUCCESS : ERROR_CANCELLED;
  });
}

}  // namespace

extern "C" DWORD WINAPI InternetErrorDlg(HWND window, HINTERNET requestHandle, DWORD error, DWORD flags,
                                         LPVOID* data) {
  LOG_TRACE("InternetErrorDlg(%p, %p, %lu, 0x%lx, %p)", static_cast<void*>(window), requestHandle, error, flags,
            static_cast<void*>(data));
  return guardedCall("InternetErrorDlg", DWORD(ERROR_INTERNET_INTERNAL_ERROR), [&]() -> DWORD {
    const bool noUi = flags & FLAGS_ERROR_UI_FLAGS_NO_UI;
    if (!noUi && !window) return ERROR_INVALID_HANDLE;
    std::shared_ptr<Request> request;
    if (requestHandle) {
      request = find<Request>(requestHandle, {HandleKind::Request});
      if (!request) return ERROR_INVALID_HANDLE;
    }
    const NoUiAnswer* answer = answerFor(error);
    if (answer && answer->needsRequest && !request) return ERROR_INVALID_PARAMETER;
    DWORD result = answer ? answer->result
                          : (flags & FLAGS_ERROR_UI_FILTER_FOR_ERRORS) ? DWORD(ERROR_SUCCESS) : DWORD(ERROR_CANCELLED);
    if (noUi || result != ERROR_CANCELLED) return result;
    // A certificate question the user may answer yes to.
    const DWORD waiver = waiverFor(error);
    if (!waiver || !askUser(window, questionFor(error).c_str())) return ERROR_CANCELLED;
    if (request && (flags & FLAGS_ERROR_UI_FLAGS_CHANGE_OPTIONS)) {
      const std::uint64_t current = request->options.get(INTERNET_OPTION_SECURITY_FLAGS, 0);
      request->options.set(INTERNET_OPTION_SECURITY_FLAGS, current | waiver);
    }
    return ERROR_SUCCESS;
  });
}

extern "C" DWORD WINAPI InternetConfirmZoneCrossingA(HWND window, LPSTR from, LPSTR to, BOOL post) {
  return confirmZoneCrossing("InternetConfirmZoneCrossingA", window, win32::utf8FromAnsi(from), win32::utf8FromAnsi(to),
                             post);
}

extern "C" DWORD WINAPI InternetConfirmZoneCrossingW(HWND window, LPWSTR from, LPWSTR to, BOOL post) {
  return confirmZoneCrossing("InternetConfirmZoneCrossingW", window, win32::utf8FromWide(from), win32::utf8FromWide(to),
                             post);
}
