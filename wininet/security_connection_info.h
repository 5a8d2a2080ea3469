#pragma once
#include <windows.h>
#define SECURITY_WIN32
#include <wincrypt.h>
#include <schannel.h>
#include <security.h>

#include "transfer.h"

namespace hinternet::wininet {

// INTERNET_SECURITY_CONNECTION_INFO as the SDK's winineti.h has it (MinGW's
// headers lack it). IE 5's ended after connectionInfo.
struct SecurityConnectionInfo {
  DWORD dwSize;
  BOOL fSecure;
  SecPkgContext_ConnectionInfo connectionInfo;
  SecPkgContext_CipherInfo cipherInfo;
};
constexpr DWORD kSecurityConnectionInfoV1Size = offsetof(SecurityConnectionInfo, cipherInfo);

// The connection's security in Schannel's terms, for
// INTERNET_OPTION_SECURITY_CONNECTION_INFO: fSecure and the protocol,
// cipher, hash and exchange of a TLS connection (all 0 for plain HTTP);
// cipherInfo too when `size` holds it. `size` is at least the IE 5 size;
// returns the size written, which dwSize also holds.
DWORD writeSecurityConnectionInfo(const ConnectionInfo& info, void* buffer, DWORD size);

}  // namespace hinternet::wininet
