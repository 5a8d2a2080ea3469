#pragma once
#include <string>
#include <vector>

namespace hinternet {

// HTTP authentication schemes as bits, with the values of WinHTTP's
// WINHTTP_AUTH_SCHEME_* so that layer passes them through.
enum AuthScheme : unsigned {
  kAuthBasic = 0x1,
  kAuthNtlm = 0x2,
  kAuthPassport = 0x4,
  kAuthDigest = 0x8,
  kAuthNegotiate = 0x10,
};

// The credentials the engine may answer a challenge with. `schemes` holds
// the schemes allowed (0: never authenticate); with exactly one of them,
// Basic is sent before any challenge, as Windows does.
struct HttpAuth {
  unsigned schemes = 0;
  std::string user;
  std::string password;
};

// The auth-scheme tokens of one WWW-Authenticate or Proxy-Authenticate value
// in order, whether it holds one challenge or a comma-separated list
// (RFC 7235: a list element with "=" continues the previous challenge's
// parameters, quoted strings may hold commas).
std::vector<std::string> challengeSchemes(const std::string& value);

// The scheme bit of an auth-scheme token, 0 when unknown. Matching ignores
// case; "Passport1.4" is Passport.
unsigned authSchemeFromToken(const std::string& token);

// What WinHttpQueryAuthSchemes reports for a list of header values: every
// recognised scheme, and the first one in the order the server sent them.
struct OfferedSchemes {
  unsigned supported = 0;
  unsigned first = 0;
};
OfferedSchemes offeredSchemes(const std::vector<std::string>& headerValues);

// Applies `server` and `proxy` to a curl easy handle (CURL*).
void applyAuth(void* easy, const HttpAuth& server, const HttpAuth& proxy);

}  // namespace hinternet
