#pragma once
#include <windows.h>

#include <string>

namespace hinternet::wininet {

// The user's decision for cookies from `host` (COOKIE_STATE_ACCEPT or
// COOKIE_STATE_REJECT), or COOKIE_STATE_UNKNOWN if there is none.
DWORD siteCookieDecision(const std::string& host);

}  // namespace hinternet::wininet
