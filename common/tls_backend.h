#pragma once
#include <string>
#include <vector>

// What the core needs from the TLS library under curl that curl's options
// do not reach: per-check certificate waivers and the peer's certificates.
namespace hinternet::tls {

// Protocol versions a request accepts (bits); none set leaves the library's
// own range.
enum Version : unsigned { kTls10 = 1, kTls11 = 2, kTls12 = 4, kTls13 = 8 };

// Server certificate checks a request waives (bits).
enum Waiver : unsigned {
  kUnknownAuthority = 1,
  kBadDate = 2,
  kNameMismatch = 4,
  kWrongUsage = 8,
  kWeakSignature = 16,
};

// The waivers SECURITY_FLAG_IGNORE_* bits ask for; WinINet and WinHTTP give
// these bits the same values (unknown CA 0x100, wrong usage 0x200, CN 0x1000,
// date 0x2000, weak signature 0x10000).
unsigned waiversFromSecurityFlags(unsigned long long flags);

// One easy handle's certificate checks under waivers, in the TLS library's
// own verification flags (what CURLINFO_SSL_VERIFYRESULT holds): curl
// reports a failure our verification leaves only as a failed handshake, so
// `unwaived` keeps what failed. Must outlive the easy handle's handshakes.
struct Verification {
  unsigned long waived = 0;
  unsigned long unwaived = 0;
};

// Makes the easy handle's TLS handshakes waive exactly `waivers`. False
// when the TLS library cannot tell the checks apart; the caller then falls
// back to curl's coarser switches.
bool waiveChecks(void* easy, unsigned waivers, Verification& verification);

// The easy handle's current TLS connection, if any. Event thread only.
struct Peer {
  std::vector<std::string> chain;  // DER, the server's own certificate first
  int cipherBits = 0;
};
bool peer(void* easy, Peer& out);

}  // namespace hinternet::tls
