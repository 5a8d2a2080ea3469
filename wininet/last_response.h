#pragma once
// What InternetGetLastResponseInfo reports: per thread, the error and
// text of the last server reply that explains a failure (FTP's replies;
// HTTP leaves it empty, as on Windows).
#include <windows.h>

#include <string>

namespace hinternet::wininet {

struct LastResponse {
  DWORD error = 0;
  std::string text;  // UTF-8
};

// The calling thread's.
LastResponse& lastResponse();

}  // namespace hinternet::wininet
