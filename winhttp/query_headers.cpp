// WinHttpQueryHeaders.

#include "api_guard.h"
#include "http_query.h"
#include "query_output.h"
#include "query_source.h"
#include "sdk_types.h"
#include "text.h"

using namespace hinternet;
using namespace hinternet::winhttp;
using win32::guardedCall;

namespace hinternet::winhttp {

Error querySource(Request& request, DWORD infoLevel, QuerySource& source) {
  const unsigned id = infoLevel & kQueryIdMask;
  // The request method is known from the open on, with or without the flag.
  source.ofRequest = (infoLevel & WINHTTP_QUERY_FLAG_REQUEST_HEADERS) || id == kQueryRequestMethod;
  if (source.ofRequest) {
    source.request = request.requestHead();
    return Error::None;
  }
  if (!request.exchange.responseReceived()) return Error::IncorrectState;
  if (!(infoLevel & WINHTTP_QUERY_FLAG_TRAILERS)) {
    source.response = request.exchange.response();
    return Error::None;
  }
  // Trailers follow the body: they are known once a read has returned 0.
  const auto transfer = request.exchange.transfer();
  bool ended = false;
  Error error = Error::None;
  if (!transfer || transfer->available(ended, error) || !ended) return Error::IncorrectState;
  source.response.headers = transfer->trailers();
  return Error::None;
}

}  // namespace hinternet::winhttp

extern "C" BOOL WINAPI WinHttpQueryHeaders(HINTERNET requestHandle, DWORD infoLevel, LPCWSTR name, LPVOID buffer,
                                           LPDWORD bufferLength, LPDWORD index) {
  LOG_TRACE("WinHttpQueryHeaders(%p, 0x%lx, %s, %p, %p, %p)", requestHandle, infoLevel,
            win32::utf8FromWide(name).c_str(), buffer, static_cast<void*>(bufferLength),
            static_cast<void*>(index));
  return guardedCall("WinHttpQueryHeaders", FALSE, [&]() -> BOOL {
    auto request = find<Request>(requestHandle, {HandleKind::Request});
    if (!request) return FALSE;
    if (!bufferLength) return fail(Error::InvalidParameter);
    const unsigned id = infoLevel & kQueryIdMask;
    QuerySource source;
    Error error = querySource(*request, infoLevel, source);
    if (error != Error::None) return fail(error);
    const std::string customName = id == kQueryCustom ? win32::utf8FromWide(name) : std::string();
    std::size_t position = index ? *index : 0;
    std::string text;
    error = source.ofRequest ? answerRequestQuery(source.request, id, customName, position, text)
                             : answerQuery(source.response, id, customName, position, text);
    if (error != Error::None) return fail(error);

    const DWORD modifiers = infoLevel & ~DWORD(kQueryIdMask);
    if (!win32::writeQueryResult(text, modifiers, true, buffer, bufferLength)) return FALSE;
    if (index) *index = static_cast<DWORD>(position);
    return TRUE;
  });
}
