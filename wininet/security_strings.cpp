// InternetSecurityProtocolToString(A/W) and InternetAlgIdToString(A/W): the
// display names of what INTERNET_OPTION_SECURITY_CONNECTION_INFO reports
// (its dwProtocol and ALG_IDs), as IE's page properties named a connection.
// The text goes out by the rule InternetCanonicalizeUrl uses (copyUrlOut);
// a value with no name fails with ERROR_INVALID_PARAMETER.
#include "handles.h"

#include <wincrypt.h>

#include "api_guard.h"
#include "security_names.h"
#include "security_sdk.h"
#include "text.h"
#include "url_chars.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::failWith;
using win32::guardedCall;

namespace {

template <class Char>
BOOL nameOut(const char* api, DWORD value, const char* name, Char* text, LPDWORD length) {
  LOG_TRACE("%s(0x%lx, %p, %p)", api, value, static_cast<void*>(text), static_cast<void*>(length));
  return guardedCall(api, FALSE, [&]() -> BOOL {
    if (!length || !name) return failWith(ERROR_INVALID_PARAMETER);
    DWORD error;
    if constexpr (sizeof(Char) == sizeof(wchar_t)) {
      error = copyUrlOut(win32::wideFromUtf8(name), text, length);
    } else {
      error = copyUrlOut(win32::ansiFromUtf8(name), text, length);
    }
    return error ? failWith(error) : win32::succeed();
  });
}

}  // namespace

extern "C" BOOL WINAPI InternetSecurityProtocolToStringA(DWORD protocol, LPSTR text, LPDWORD length, DWORD) {
  return nameOut("InternetSecurityProtocolToStringA", protocol, securityProtocolName(protocol), text, length);
}

extern "C" BOOL WINAPI InternetSecurityProtocolToStringW(DWORD protocol, LPWSTR text, LPDWORD length, DWORD) {
  return nameOut("InternetSecurityProtocolToStringW", protocol, securityProtocolName(protocol), text, length);
}

extern "C" BOOL WINAPI InternetAlgIdToStringA(ALG_ID algorithm, LPSTR text, LPDWORD length, DWORD) {
  return nameOut("InternetAlgIdToStringA", algorithm, algorithmName(algorithm), text, length);
}

extern "C" BOOL WINAPI InternetAlgIdToStringW(ALG_ID algorithm, LPWSTR text, LPDWORD length, DWORD) {
  return nameOut("InternetAlgIdToStringW", algorithm, algorithmName(algorithm), text, length);
}
