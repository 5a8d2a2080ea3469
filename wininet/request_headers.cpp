// HttpAddRequestHeadersA, HttpAddRequestHeadersW.
#include "api_guard.h"
#include "handles.h"
#include "text.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::guardedCall;

namespace {

template <class Char>
BOOL addRequestHeaders(const char* api, HINTERNET handle, const Char* headers, DWORD headersLength,
                       DWORD modifiers) {
  const std::string block = win32::utf8FromCounted(headers, headersLength);
  LOG_TRACE("%s(%p, %s, %ld, 0x%lx)", api, handle, headers ? block.c_str() : "(null)",
            static_cast<long>(headersLength), modifiers);
  return guardedCall(api, FALSE, [&]() -> BOOL {
    // WinINet takes no headers as nothing to do, before it even looks at
    // the handle.
    if (!headers) {
      SetLastError(ERROR_SUCCESS);
      return TRUE;
    }
    auto request = find<Request>(handle, {HandleKind::Request});
    if (!request) return FALSE;
    const Error error = request->addHeaders(block, modifiers);
    if (error != Error::None) return fail(error);
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  });
}

}  // namespace

extern "C" BOOL WINAPI HttpAddRequestHeadersA(HINTERNET request, LPCSTR headers, DWORD headersLength,
                                              DWORD modifiers) {
  return addRequestHeaders("HttpAddRequestHeadersA", request, headers, headersLength, modifiers);
}

extern "C" BOOL WINAPI HttpAddRequestHeadersW(HINTERNET request, LPCWSTR headers, DWORD headersLength,
                                              DWORD modifiers) {
  return addRequestHeaders("HttpAddRequestHeadersW", request, headers, headersLength, modifiers);
}
