#pragma once
// The user name and password this process last sent to each server, for
// HttpGetServerCredentials.
#include <string>

namespace hinternet::wininet {

// A send offers `user` and `password` to the server of `url` (an http or
// https URL).
void rememberServerCredentials(const std::string& url, const std::string& user, const std::string& password);

// The browser session ended (INTERNET_OPTION_END_BROWSER_SESSION, which
// flushes WinINet's password cache): no server's credentials are known.
void forgetServerCredentials();

}  // namespace hinternet::wininet
