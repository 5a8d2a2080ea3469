#pragma once
#include <optional>
#include <string>
#include <vector>

#include "cookie_store.h"

namespace hinternet {

// The fields of a line, cut at every tab (a line without one is one field).
std::vector<std::string> tabFields(const std::string& line);

// The first line a cookies.txt file starts with; readers take it for a
// comment.
extern const char* const kNetscapeCookieFileHeader;

// One cookie as a line of the Netscape cookies.txt format that browsers
// import and export (Internet Explorer's wizard included): domain (with a
// leading dot when subdomains get it), TRUE/FALSE for subdomains, path,
// TRUE/FALSE for Secure, expiry in Unix seconds (0: a session cookie),
// name, value; tab-separated. An HttpOnly cookie's line starts with
// "#HttpOnly_", as curl and browsers write it, so a reader that does not
// know the mark takes the line for a comment instead of exposing the cookie.
std::string netscapeCookieLine(const Cookie& cookie);

// The cookie a line stands for; nothing for blank lines, comments and lines
// that are no cookie (a wrong field count, no domain, a path without its
// leading '/', an expiry that is no number, neither name nor value). A
// trailing '\r' is ignored. The domain comes back lower case, without its dot.
std::optional<Cookie> parseNetscapeCookieLine(std::string line);

}  // namespace hinternet
