#pragma once
#include "handles.h"

namespace hinternet::winhttp {

// The parts of a request's spec that come from its credentials, the
// session's cookies and the session's proxy settings.
void applyAuthCookiesProxy(Request& request, RequestSpec& spec);

// The session's proxy for a request to that server, "" for none.
std::string proxyForServer(const ProxySetting& proxy, bool secure, const std::string& host, unsigned port);

}  // namespace hinternet::winhttp
