#include <catch.hpp>

#include <string>

#include "security_names.h"

using namespace hinternet;

namespace {

std::string protocol(std::uint32_t bits) {
  const char* name = securityProtocolName(bits);
  return name ? name : "(none)";
}

std::string algorithm(std::uint32_t id) {
  const char* name = algorithmName(id);
  return name ? name : "(none)";
}

}  // namespace

TEST_CASE("security protocol names: client, server and both bits of a protocol name it alike") {
  REQUIRE(protocol(0x800) == "TLS 1.2");   // client
  REQUIRE(protocol(0x400) == "TLS 1.2");   // server
  REQUIRE(protocol(0xc00) == "TLS 1.2");
  REQUIRE(protocol(0x2000) == "TLS 1.3");
  REQUIRE(protocol(0x200) == "TLS 1.1");
  REQUIRE(protocol(0x80) == "TLS 1.0");
  REQUIRE(protocol(0x20) == "SSL 3.0");
  REQUIRE(protocol(0x8) == "SSL 2.0");
  REQUIRE(protocol(0x2) == "PCT 1.0");
  REQUIRE(protocol(0x20000) == "DTLS 1.0");
  REQUIRE(protocol(0x80000) == "DTLS 1.2");
}

TEST_CASE("security protocol names: none for 0, unknown bits and two protocols at once") {
  REQUIRE(protocol(0) == "(none)");
  REQUIRE(protocol(0x80000000) == "(none)");  // unified hello: no protocol of its own
  REQUIRE(protocol(0x4000) == "(none)");
  REQUIRE(protocol(0x800 | 0x2000) == "(none)");
  REQUIRE(protocol(0x800 | 0x1) == "(none)");
  REQUIRE(protocol(0xffffffff) == "(none)");
}

TEST_CASE("algorithm names: ciphers, hashes and key exchanges a connection reports") {
  REQUIRE(algorithm(0) == "None");
  REQUIRE(algorithm(0x6801) == "RC4");
  REQUIRE(algorithm(0x6603) == "3DES");
  REQUIRE(algorithm(0x660e) == "AES 128");
  REQUIRE(algorithm(0x6610) == "AES 256");
  REQUIRE(algorithm(0x8003) == "MD5");
  REQUIRE(algorithm(0x8004) == "SHA-1");
  REQUIRE(algorithm(0x800d) == "SHA-384");
  REQUIRE(algorithm(0xa400) == "RSA");
  REQUIRE(algorithm(0xae06) == "ECDHE");
  REQUIRE(algorithm(0x2203) == "ECDSA");
}

TEST_CASE("algorithm names: none for ids not listed") {
  REQUIRE(algorithm(0x1) == "(none)");
  REQUIRE(algorithm(0x6fff) == "(none)");
  REQUIRE(algorithm(0xffffffff) == "(none)");
}
