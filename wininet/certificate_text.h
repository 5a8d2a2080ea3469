#pragma once
#include <string>

#include "transfer.h"

namespace hinternet::wininet {

// The server certificate's description as INTERNET_OPTION_SECURITY_CERTIFICATE
// and InternetGetCertByURL give it: subject, issuer, validity and privacy
// strength, in the ANSI code page. Empty when the connection has no
// certificate (plain HTTP).
std::string certificateText(const ConnectionInfo& info);

}  // namespace hinternet::wininet
