#include <catch.hpp>

#include "http_auth.h"

using namespace hinternet;

TEST_CASE("challenge lists: one scheme per challenge, parameters skipped, quoted commas kept") {
  REQUIRE(challengeSchemes("Basic realm=\"x\"") == std::vector<std::string>{"Basic"});
  REQUIRE(challengeSchemes("NTLM") == std::vector<std::string>{"NTLM"});
  REQUIRE(challengeSchemes("NTLM TlRMTVNTUAACAAAA==") == std::vector<std::string>{"NTLM"});
  REQUIRE(challengeSchemes("Negotiate, NTLM, Digest realm=\"a,b\", qop=\"auth,auth-int\", nonce=\"n\", "
                           "algorithm=MD5, Basic realm=\"hinternet\"") ==
          std::vector<std::string>{"Negotiate", "NTLM", "Digest", "Basic"});
  REQUIRE(challengeSchemes("Digest realm = \"spaced\" , Basic") == std::vector<std::string>{"Digest", "Basic"});
  REQUIRE(challengeSchemes("  ,, Bearer ,") == std::vector<std::string>{"Bearer"});
  REQUIRE(challengeSchemes("").empty());
  REQUIRE(challengeSchemes("Digest realm=\"esc\\\"aped, still\", Basic") ==
          std::vector<std::string>{"Digest", "Basic"});
}

TEST_CASE("auth scheme tokens map to WinHTTP's bits, ignoring case") {
  REQUIRE(authSchemeFromToken("basic") == kAuthBasic);
  REQUIRE(authSchemeFromToken("NTLM") == kAuthNtlm);
  REQUIRE(authSchemeFromToken("Passport1.4") == kAuthPassport);
  REQUIRE(authSchemeFromToken("DIGEST") == kAuthDigest);
  REQUIRE(authSchemeFromToken("Negotiate") == kAuthNegotiate);
  REQUIRE(authSchemeFromToken("Bearer") == 0);
  REQUIRE(authSchemeFromToken("Basically") == 0);
}

TEST_CASE("offered schemes: the union, and the first recognised one in server order") {
  const OfferedSchemes multi = offeredSchemes({"Bearer", "Basic realm=\"placebo\"", "NTLM"});
  REQUIRE(multi.supported == (kAuthBasic | kAuthNtlm));
  REQUIRE(multi.first == kAuthBasic);
  const OfferedSchemes combined = offeredSchemes({"Digest realm=\"r\", nonce=\"n\", Negotiate"});
  REQUIRE(combined.supported == (kAuthDigest | kAuthNegotiate));
  REQUIRE(combined.first == kAuthDigest);
  const OfferedSchemes unknown = offeredSchemes({"Bearer realm=\"x\""});
  REQUIRE(unknown.supported == 0);
  REQUIRE(unknown.first == 0);
}
