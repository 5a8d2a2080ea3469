#include <catch.hpp>

#include "cipher_suite.h"
#include "security_names.h"

using namespace hinternet;

namespace {
std::string nameOf(std::uint32_t algorithm) {
  const char* name = algorithmName(algorithm);
  return name ? name : "(none)";
}
}  // namespace

TEST_CASE("cipher suite: TLS 1.2 ECDHE with AES-GCM, an AEAD suite without a MAC hash") {
  const SuiteSecurity s = describeSuite(0x0303, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
  REQUIRE(s.protocol == 0x800);  // SP_PROT_TLS1_2_CLIENT
  REQUIRE(nameOf(s.cipher) == "AES 256");
  REQUIRE(s.cipherBits == 256);
  REQUIRE(s.cipherBlockBytes == 0);
  REQUIRE(s.hash == 0);
  REQUIRE(s.hashName == "SHA384");
  REQUIRE(s.hashBits == 384);
  REQUIRE(nameOf(s.exchange) == "ECDHE");
  REQUIRE(s.cipherName == "AES");
  REQUIRE(s.exchangeName == "ECDH");
}

TEST_CASE("cipher suite: TLS 1.3 suites name no exchange; it is ECDHE") {
  const SuiteSecurity s = describeSuite(0x0304, "TLS_AES_128_GCM_SHA256");
  REQUIRE(s.protocol == 0x2000);
  REQUIRE(nameOf(s.cipher) == "AES 128");
  REQUIRE(s.cipherBits == 128);
  REQUIRE(s.hash == 0);
  REQUIRE(s.hashName == "SHA256");
  REQUIRE(nameOf(s.exchange) == "ECDHE");
  const SuiteSecurity chacha = describeSuite(0x0304, "TLS_CHACHA20_POLY1305_SHA256");
  REQUIRE(chacha.cipher == 0);
  REQUIRE(chacha.cipherBits == 256);
  REQUIRE(chacha.cipherName == "CHACHA20_POLY1305");
}

TEST_CASE("cipher suite: CBC and stream suites have a MAC hash") {
  SuiteSecurity s = describeSuite(0x0301, "TLS_RSA_WITH_AES_128_CBC_SHA");
  REQUIRE(s.protocol == 0x80);
  REQUIRE(nameOf(s.cipher) == "AES 128");
  REQUIRE(s.cipherBlockBytes == 16);
  REQUIRE(nameOf(s.hash) == "SHA-1");
  REQUIRE(s.hashBits == 160);
  REQUIRE(nameOf(s.exchange) == "RSA");
  s = describeSuite(0x0303, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256");
  REQUIRE(nameOf(s.hash) == "SHA-256");
  REQUIRE(nameOf(s.exchange) == "DHE");
  s = describeSuite(0x0302, "TLS_RSA_WITH_3DES_EDE_CBC_SHA");
  REQUIRE(s.protocol == 0x200);
  REQUIRE(nameOf(s.cipher) == "3DES");
  REQUIRE(s.cipherBits == 168);
  s = describeSuite(0x0300, "TLS_RSA_WITH_RC4_128_MD5");
  REQUIRE(s.protocol == 0x20);
  REQUIRE(nameOf(s.cipher) == "RC4");
  REQUIRE(nameOf(s.hash) == "MD5");
  s = describeSuite(0x0303, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256");
  REQUIRE(nameOf(s.exchange) == "ECDH");
}

TEST_CASE("cipher suite: what a name does not show stays empty") {
  SuiteSecurity s = describeSuite(0x0305, "");
  REQUIRE(s.protocol == 0);
  REQUIRE(s.cipher == 0);
  REQUIRE(s.exchange == 0);
  REQUIRE(s.cipherName.empty());
  s = describeSuite(0x0303, "TLS_PSK_WITH_NULL_SHA");
  REQUIRE(s.exchange == 0);
  REQUIRE(s.cipher == 0);
  REQUIRE(s.cipherBits == 0);
  REQUIRE(nameOf(s.hash) == "SHA-1");
}
