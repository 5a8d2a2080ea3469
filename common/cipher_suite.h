#pragma once
#include <cstdint>
#include <string>

// A TLS connection's protocol version and cipher suite in Schannel's terms,
// as WinINet's INTERNET_SECURITY_CONNECTION_INFO reports them
// (SecPkgContext_ConnectionInfo and SecPkgContext_CipherInfo): SP_PROT_*
// bits and CryptoAPI ALG_IDs, kept here as numbers (security_names.h names
// them).
namespace hinternet {

struct SuiteSecurity {
  std::uint32_t protocol = 0;  // the SP_PROT_*_CLIENT bit; 0 for a version without one
  // The bulk cipher: 0 for none, and for one without an ALG_ID (ChaCha20,
  // Camellia, ARIA), which cipherName still names.
  std::uint32_t cipher = 0;
  unsigned cipherBits = 0;
  unsigned cipherBlockBytes = 0;  // 0 for stream and AEAD-only ciphers
  // The MAC's hash: 0 for AEAD suites, whose hashName/hashBits are the
  // suite's PRF hash.
  std::uint32_t hash = 0;
  unsigned hashBits = 0;
  std::uint32_t exchange = 0;  // TLS 1.3's suites say none: its exchange is (EC)DHE
  std::string cipherName;      // "AES", "3DES", "RC4", "CHACHA20_POLY1305"
  std::string hashName;        // "SHA1", "SHA256", "SHA384", "MD5"
  std::string exchangeName;    // "ECDH", "DH", "RSA"
};

// `tlsVersion` as on the wire (0x0303: TLS 1.2); `suite` by its IANA name
// (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256). Parts a name does not show stay 0
// and empty.
SuiteSecurity describeSuite(unsigned tlsVersion, const std::string& suite);

}  // namespace hinternet
