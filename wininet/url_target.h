#pragma once
// What an HTTP or HTTPS URL names for a request of its own: the reading
// InternetOpenUrl makes of it, shared with the exports that send a request
// to a URL the caller gives (HttpCheckDavCompliance).
#include <string>

#include "error.h"

namespace hinternet::wininet {

struct UrlTarget {
  bool secure = false;  // https
  std::string host;     // without the brackets of an IPv6 literal
  unsigned port = 0;
  std::string user;  // decoded from "user:password@"
  std::string password;
  std::string path;  // path and query, no fragment; at least "/"
};

// Error::InvalidUrl for a URL without a host, Error::UnrecognizedScheme for
// a scheme other than http and https, InternetCrackUrl's errors otherwise.
Error urlTarget(const std::string& url, UrlTarget& target);

}  // namespace hinternet::wininet
