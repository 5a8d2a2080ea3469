#pragma once
#include "handles.h"

namespace hinternet::wininet {

// The parts of a send's spec that come from the request's flags, its
// options and its connect handle: redirects, authentication, content
// decoding and certificate checks. prepareSend applies it to every send, in
// either mode.
void applyTransferSettings(const Request& request, RequestSpec& spec);

// The request as it went out last: after redirects, the method, target and
// Host of the hop that got the response; before any, the request as it will
// be sent. What HTTP_QUERY_FLAG_REQUEST_HEADERS reports.
RequestHead sentRequestHead(const Request& request);

// The URL the request addresses: where its response came from after
// redirects, else the one it will be sent to (INTERNET_OPTION_URL).
std::string currentUrl(const Request& request);

}  // namespace hinternet::wininet
