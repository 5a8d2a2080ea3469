#pragma once
#include <memory>

#include "cookie_store.h"

namespace hinternet::wininet {

struct Request;

// The process's one cookie store, shared by the cookie API and every
// request; made on first use, when it loads the user's persistent cookies.
std::shared_ptr<CookieStore> processCookies();

// Puts the stored cookies for where the request goes into its headers, as
// WinINet does before each send, so queries report them: they replace a
// Cookie header the program added. Nothing changes when none match.
void addStoredCookies(Request& request);

}  // namespace hinternet::wininet
