#pragma once
#include <cstdint>

// Display names of what a TLS connection's security description holds
// (SecPkgContext_ConnectionInfo, inside WinINet's
// INTERNET_SECURITY_CONNECTION_INFO), for InternetSecurityProtocolToString
// and InternetAlgIdToString. Pure tables: the values are Windows' SP_PROT_*
// bits and CryptoAPI ALG_IDs, kept here as numbers.
namespace hinternet {

// The protocol a dwProtocol value names ("TLS 1.2"): its client bit, its
// server bit or both name it alike. Null for 0, unknown bits, or bits of
// two protocols.
const char* securityProtocolName(std::uint32_t protocol);

// The algorithm an ALG_ID names ("AES 256", "SHA-1", "ECDH"); 0 is the
// "no cipher" of aiCipher. Null for an ALG_ID not listed.
const char* algorithmName(std::uint32_t algorithm);

}  // namespace hinternet
