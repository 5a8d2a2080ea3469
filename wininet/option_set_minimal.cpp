// InternetSetOptionA/W, reduced to the options the HTTP behaviour needs
// (decoding, certificate waivers, credentials). Temporary: the options
// table folds these in and replaces this file.
#include "api_guard.h"
#include "handles.h"
#include "text.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::guardedCall;

namespace {

BOOL setDword(HINTERNET handle, DWORD option, LPVOID buffer, DWORD length,
              std::initializer_list<HandleKind> kinds) {
  auto object = find<HandleObject>(handle, kinds);
  if (!object) return FALSE;
  if (!buffer) return fail(Error::InvalidParameter);
  if (length < sizeof(DWORD)) {
    SetLastError(ERROR_INTERNET_BAD_OPTION_LENGTH);
    return FALSE;
  }
  object->options.set(option, *static_cast<const DWORD*>(buffer));
  SetLastError(ERROR_SUCCESS);
  return TRUE;
}

// The text of a string option: Windows reads up to the NUL whatever the
// length says (Wine's tests set "mike" with a length of 1 and read it back).
template <bool Wide>
std::string optionText(LPVOID buffer) {
  if (Wide) return win32::utf8FromWide(static_cast<LPCWSTR>(buffer));
  return win32::utf8FromAnsi(static_cast<LPCSTR>(buffer));
}

template <bool Wide>
BOOL setCredential(HINTERNET handle, DWORD option, LPVOID buffer) {
  auto object = find<HandleObject>(handle, {HandleKind::Connect, HandleKind::Request});
  if (!object) return FALSE;
  if (!buffer) return fail(Error::InvalidParameter);
  std::string text = optionText<Wide>(buffer);
  Connect& connect = object->kind() == HandleKind::Connect ? static_cast<Connect&>(*object)
                                                          : static_cast<Request&>(*object).connect();
  std::lock_guard<std::mutex> lock(connect.settingsMutex);
  switch (option) {
    case INTERNET_OPTION_USERNAME: connect.user = std::move(text); break;
    case INTERNET_OPTION_PASSWORD: connect.password = std::move(text); break;
    case INTERNET_OPTION_PROXY_USERNAME: connect.proxyUser = std::move(text); break;
    default: connect.proxyPassword = std::move(text); break;
  }
  SetLastError(ERROR_SUCCESS);
  return TRUE;
}

template <bool Wide>
BOOL setOption(const char* api, HINTERNET handle, DWORD option, LPVOID buffer, DWORD length) {
  LOG_TRACE("%s(%p, %lu, %p, %lu)", api, handle, option, buffer, length);
  return guardedCall(api, FALSE, [&]() -> BOOL {
    // These options belong to handles; without one there is nothing to set.
    if (!handle) {
      SetLastError(ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
      return FALSE;
    }
    switch (option) {
      case INTERNET_OPTION_HTTP_DECODING:
        return setDword(handle, option, buffer, length,
                        {HandleKind::Session, HandleKind::Connect, HandleKind::Request});
      case INTERNET_OPTION_SECURITY_FLAGS:
        return setDword(handle, option, buffer, length, {HandleKind::Request});
      case INTERNET_OPTION_USERNAME:
      case INTERNET_OPTION_PASSWORD:
      case INTERNET_OPTION_PROXY_USERNAME:
      case INTERNET_OPTION_PROXY_PASSWORD:
        return setCredential<Wide>(handle, option, buffer);
      default:
        LOG_WARN("%s: option %lu is not implemented yet", api, option);
        SetLastError(ERROR_CALL_NOT_IMPLEMENTED);
        return FALSE;
    }
  });
}

}  // namespace

extern "C" BOOL WINAPI InternetSetOptionA(HINTERNET handle, DWORD option, LPVOID buffer, DWORD length) {
  return setOption<false>("InternetSetOptionA", handle, option, buffer, length);
}

extern "C" BOOL WINAPI InternetSetOptionW(HINTERNET handle, DWORD option, LPVOID buffer, DWORD length) {
  return setOption<true>("InternetSetOptionW", handle, option, buffer, length);
}
