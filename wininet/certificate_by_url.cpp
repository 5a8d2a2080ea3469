// InternetGetCertByURL(A): the description of the certificate a server this
// process reached over TLS showed, found by a URL of it, the same text
// INTERNET_OPTION_SECURITY_CERTIFICATE gives for a request to it. No header
// declares it (the SDK's winineti.h calls it obsolete); its size comes by
// value, so a short buffer cannot learn the size it needs.
#include "handles.h"

#include <cstring>
#include <optional>

#include "api_guard.h"
#include "certificate_text.h"
#include "security_sdk.h"
#include "server_security.h"
#include "text.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::failWith;
using win32::guardedCall;

extern "C" BOOL WINAPI InternetGetCertByURLA(LPSTR url, LPSTR text, DWORD size) {
  LOG_TRACE("InternetGetCertByURLA(%s, %p, %lu)", url ? url : "(null)", static_cast<void*>(text), size);
  return guardedCall("InternetGetCertByURLA", FALSE, [&]() -> BOOL {
    if (!url) return failWith(ERROR_INVALID_PARAMETER);
    // Errors as InternetGetSecurityInfoByURL's: no item without a record.
    const std::optional<ServerSecurity> server = serverSecurityFor(win32::utf8FromAnsi(url));
    const std::string description = server ? certificateText(server->connection) : std::string();
    if (description.empty()) return failWith(ERROR_INTERNET_ITEM_NOT_FOUND);
    if (!text || size < description.size() + 1) return failWith(ERROR_INSUFFICIENT_BUFFER);
    std::memcpy(text, description.c_str(), description.size() + 1);
    return win32::succeed();
  });
}
