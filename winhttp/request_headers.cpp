// WinHttpAddRequestHeaders, WinHttpAddRequestHeadersEx.
#include <vector>

#include "api_guard.h"
#include "handles.h"
#include "sdk_types.h"
#include "text.h"

using namespace hinternet;
using namespace hinternet::winhttp;
using win32::guardedCall;


extern "C" BOOL WINAPI WinHttpAddRequestHeaders(HINTERNET requestHandle, LPCWSTR headers, DWORD headersLength,
                                                DWORD modifiers) {
  LOG_TRACE("WinHttpAddRequestHeaders(%p, %s, %ld, 0x%lx)", requestHandle,
            win32::utf8FromCounted(headers, headersLength).c_str(), static_cast<long>(headersLength), modifiers);
  return guardedCall("WinHttpAddRequestHeaders", FALSE, [&]() -> BOOL {
    // Checked before the handle, as Windows does.
    if (!headers || headersLength == 0) return fail(Error::InvalidParameter);
    auto request = find<Request>(requestHandle, {HandleKind::Request});
    if (!request) return FALSE;
    const Error error = request->addHeaders(win32::utf8FromCounted(headers, headersLength), modifiers);
    if (error != Error::None) return fail(error);
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  });
}

extern "C" DWORD WINAPI WinHttpAddRequestHeadersEx(HINTERNET requestHandle, DWORD modifiers, ULONGLONG flags,
                                                   ULONGLONG extra, DWORD count,
                                                   WINHTTP_EXTENDED_HEADER* headers) {
  LOG_TRACE("WinHttpAddRequestHeadersEx(%p, 0x%lx, 0x%llx, 0x%llx, %lu, %p)", requestHandle, modifiers,
            static_cast<unsigned long long>(flags), static_cast<unsigned long long>(extra), count,
            static_cast<void*>(headers));
  return guardedCall("WinHttpAddRequestHeadersEx", DWORD(ERROR_WINHTTP_INTERNAL_ERROR), [&]() -> DWORD {
    auto request = find<Request>(requestHandle, {HandleKind::Request});
    if (!request) return GetLastError();
    if ((flags & ~WINHTTP_EXTENDED_HEADER_FLAG_UNICODE) || extra || (count && !headers))
      return errorCode(Error::InvalidParameter);
    const bool wide = flags & WINHTTP_EXTENDED_HEADER_FLAG_UNICODE;
    std::vector<HeaderList::Field> fields;
    for (DWORD i = 0; i < count; ++i) {
      const WINHTTP_EXTENDED_HEADER& h = headers[i];
      if (!h.pszName) return errorCode(Error::InvalidParameter);
      // Narrow strings go through as the bytes they are.
      if (wide)
        fields.push_back({win32::utf8FromWide(h.pwszName), win32::utf8FromWide(h.pwszValue)});
      else
        fields.push_back({h.pszName, h.pszValue ? h.pszValue : ""});
    }
    return errorCode(request->addHeaders(fields, modifiers));
  });
}
