// HttpQueryInfoA, HttpQueryInfoW.
#include "api_guard.h"
#include "handles.h"
#include "http_query.h"
#include "query_output.h"
#include "text.h"
#include "transfer_settings.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::guardedCall;

namespace {

template <bool Wide>
BOOL queryInfo(const char* api, HINTERNET handle, DWORD infoLevel, LPVOID buffer, LPDWORD bufferLength,
               LPDWORD index) {
  LOG_TRACE("%s(%p, 0x%lx, %p, %p, %p)", api, handle, infoLevel, buffer, static_cast<void*>(bufferLength),
            static_cast<void*>(index));
  return guardedCall(api, FALSE, [&]() -> BOOL {
    Error error;
    auto request = find<Request>(handle, {HandleKind::Request});
    if (!request) return FALSE;
    if (!bufferLength) return fail(Error::InvalidParameter);
    const unsigned id = infoLevel & kQueryIdMask;
    const DWORD modifiers = infoLevel & ~DWORD(kQueryIdMask);
    // The request method is known from the open on, with or without the flag.
    const bool ofRequest = (modifiers & HTTP_QUERY_FLAG_REQUEST_HEADERS) || id == kQueryRequestMethod;
    // A request has no status code to ask for.
    if (ofRequest && id == kQueryStatusCode) {
      SetLastError(ERROR_HTTP_INVALID_QUERY_REQUEST);
      return FALSE;
    }
    // HTTP_QUERY_CUSTOM passes the header name in the buffer itself.
    std::string customName;
    if (id == kQueryCustom) {
      if (!buffer) return fail(Error::InvalidParameter);
      customName = Wide ? win32::utf8FromWide(static_cast<LPCWSTR>(buffer))
                        : win32::utf8FromAnsi(static_cast<LPCSTR>(buffer));
    }
    std::size_t position = index ? *index : 0;
    std::string text;
    if (ofRequest) {
      error = answerRequestQuery(sentRequestHead(*request), id, customName, position, text);
    } else if (request->exchange.responseReceived()) {
      error = answerQuery(request->exchange.response(), id, customName, position, text);
    } else {
      // Before a response there are no response headers: the raw forms are
      // empty, everything else is missing.
      const bool raw = id == kQueryRawHeaders || id == kQueryRawHeadersCrlf;
      error = raw && position == 0 ? Error::None : Error::HeaderNotFound;
    }
    // An id that names no header is a header that is not there.
    if (error == Error::InvalidParameter) error = Error::HeaderNotFound;
    if (error != Error::None) return fail(error);

    if (!win32::writeQueryResult(text, modifiers, Wide, buffer, bufferLength)) return FALSE;
    if (index) *index = static_cast<DWORD>(position);
    return TRUE;
  });
}

}  // namespace

extern "C" BOOL WINAPI HttpQueryInfoA(HINTERNET request, DWORD infoLevel, LPVOID buffer, LPDWORD bufferLength,
                                      LPDWORD index) {
  return queryInfo<false>("HttpQueryInfoA", request, infoLevel, buffer, bufferLength, index);
}

extern "C" BOOL WINAPI HttpQueryInfoW(HINTERNET request, DWORD infoLevel, LPVOID buffer, LPDWORD bufferLength,
                                      LPDWORD index) {
  return queryInfo<true>("HttpQueryInfoW", request, infoLevel, buffer, bufferLength, index);
}
