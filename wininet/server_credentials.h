#pragma once
// The user name and password this process last sent to each server, for
// HttpGetServerCredentials.
#include <string>

namespace hinternet::wininet {

// A send offers `user` and `password` to the server of `url` (an http or
// https URL).
void rememberServerCredentials(const std::string& url, const std::string& user, const std::string& password);

}  // namespace hinternet::wininet
