#pragma once
#include <memory>

#include "cookie_store.h"

namespace hinternet::wininet {

// The process's one cookie store, shared by the cookie API and every
// request; made on first use, when it loads the user's persistent cookies.
std::shared_ptr<CookieStore> processCookies();

}  // namespace hinternet::wininet
