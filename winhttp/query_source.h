#pragma once
#include <windows.h>

#include "handles.h"
#include "header_list.h"

namespace hinternet::winhttp {

// The head a WinHttpQueryHeaders(Ex) call reads: the request's (with
// FLAG_REQUEST_HEADERS, or for the request method), the response's, or,
// with FLAG_TRAILERS, the trailer fields as a head without a status line.
struct QuerySource {
  bool ofRequest = false;
  RequestHead request;
  ResponseHead response;

  const HeaderList& fields() const { return ofRequest ? request.headers : response.headers; }
};

// IncorrectState before the response has arrived, or before the body has
// ended for trailers.
Error querySource(Request& request, DWORD infoLevel, QuerySource& source);

}  // namespace hinternet::winhttp
