// WinHttpQueryHeaders.

#include "api_guard.h"
#include "handles.h"
#include "http_query.h"
#include "query_output.h"
#include "text.h"

using namespace hinternet;
using namespace hinternet::winhttp;
using win32::guardedCall;

extern "C" BOOL WINAPI WinHttpQueryHeaders(HINTERNET requestHandle, DWORD infoLevel, LPCWSTR name, LPVOID buffer,
                                           LPDWORD bufferLength, LPDWORD index) {
  LOG_TRACE("WinHttpQueryHeaders(%p, 0x%lx, %s, %p, %p, %p)", requestHandle, infoLevel,
            win32::utf8FromWide(name).c_str(), buffer, static_cast<void*>(bufferLength),
            static_cast<void*>(index));
  return guardedCall("WinHttpQueryHeaders", FALSE, [&]() -> BOOL {
    Error error;
    auto request = find<Request>(requestHandle, {HandleKind::Request});
    if (!request) return FALSE;
    if (!bufferLength) return fail(Error::InvalidParameter);
    const unsigned id = infoLevel & kQueryIdMask;
    const DWORD modifiers = infoLevel & ~DWORD(kQueryIdMask);
    // The request method is known from the open on, with or without the flag.
    const bool ofRequest = (modifiers & WINHTTP_QUERY_FLAG_REQUEST_HEADERS) || id == kQueryRequestMethod;
    if (!ofRequest && !request->exchange.responseReceived()) return fail(Error::IncorrectState);
    const std::string customName = id == kQueryCustom ? win32::utf8FromWide(name) : std::string();
    std::size_t position = index ? *index : 0;
    std::string text;
    error = ofRequest ? answerRequestQuery(request->requestHead(), id, customName, position, text)
                      : answerQuery(request->exchange.response(), id, customName, position, text);
    if (error != Error::None) return fail(error);

    if (!win32::writeQueryResult(text, modifiers, true, buffer, bufferLength)) return FALSE;
    if (index) *index = static_cast<DWORD>(position);
    return TRUE;
  });
}
