#include "cipher_suite.h"

namespace hinternet {
namespace {

// CALG_* values (wincrypt.h).
constexpr std::uint32_t kRc2 = 0x6602, kRc4 = 0x6801, kDes = 0x6601, k3Des = 0x6603, kAes128 = 0x660e,
                        kAes192 = 0x660f, kAes256 = 0x6610, kMd5 = 0x8003, kSha1 = 0x8004, kSha256 = 0x800c,
                        kSha384 = 0x800d, kSha512 = 0x800e, kRsaKeyx = 0xa400, kDhEphemeral = 0xaa02,
                        kEcdh = 0xaa05, kEcdhEphemeral = 0xae06;

bool startsWith(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }
bool endsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::uint32_t protocolOf(unsigned version) {
  switch (version) {
    case 0x0300: return 0x20;    // SP_PROT_SSL3_CLIENT
    case 0x0301: return 0x80;    // SP_PROT_TLS1_0_CLIENT
    case 0x0302: return 0x200;   // SP_PROT_TLS1_1_CLIENT
    case 0x0303: return 0x800;   // SP_PROT_TLS1_2_CLIENT
    case 0x0304: return 0x2000;  // SP_PROT_TLS1_3_CLIENT
    default: return 0;
  }
}

void describeExchange(const std::string& exchange, SuiteSecurity& out) {
  if (exchange.empty() || startsWith(exchange, "ECDHE")) {
    out.exchange = kEcdhEphemeral;
    out.exchangeName = "ECDH";
  } else if (startsWith(exchange, "ECDH_")) {
    out.exchange = kEcdh;
    out.exchangeName = "ECDH";
  } else if (startsWith(exchange, "DHE")) {
    out.exchange = kDhEphemeral;
    out.exchangeName = "DH";
  } else if (exchange == "RSA") {
    out.exchange = kRsaKeyx;
    out.exchangeName = "RSA";
  }
}

// The hash at the end of a suite's name; AEAD suites' is their PRF's.
void describeHash(const std::string& cipher, bool aead, SuiteSecurity& out) {
  struct Hash {
    const char* suffix;
    std::uint32_t id;
    unsigned bits;
    const char* name;
  };
  static const Hash kHashes[] = {{"_SHA", kSha1, 160, "SHA1"},        {"_SHA256", kSha256, 256, "SHA256"},
                                 {"_SHA384", kSha384, 384, "SHA384"}, {"_SHA512", kSha512, 512, "SHA512"},
                                 {"_MD5", kMd5, 128, "MD5"}};
  for (const Hash& hash : kHashes) {
    if (!endsWith(cipher, hash.suffix)) continue;
    out.hashName = hash.name;
    out.hashBits = hash.bits;
    if (!aead) out.hash = hash.id;
  }
}

void describeCipher(const std::string& cipher, SuiteSecurity& out) {
  struct Cipher {
    const char* prefix;
    std::uint32_t id;
    unsigned bits;
    unsigned block;
    const char* name;
  };
  static const Cipher kCiphers[] = {
      {"AES_128_", kAes128, 128, 16, "AES"}, {"AES_192_", kAes192, 192, 16, "AES"},
      {"AES_256_", kAes256, 256, 16, "AES"}, {"3DES_EDE_", k3Des, 168, 8, "3DES"},
      {"DES_", kDes, 56, 8, "DES"},          {"DES40_", kDes, 40, 8, "DES"},
      {"RC4_128_", kRc4, 128, 0, "RC4"},     {"RC4_40_", kRc4, 40, 0, "RC4"},
      {"RC2_CBC_40_", kRc2, 40, 8, "RC2"},   {"CHACHA20_POLY1305_", 0, 256, 0, "CHACHA20_POLY1305"},
      {"CAMELLIA_128_", 0, 128, 16, "CAMELLIA"}, {"CAMELLIA_256_", 0, 256, 16, "CAMELLIA"},
      {"ARIA_128_", 0, 128, 16, "ARIA"},     {"ARIA_256_", 0, 256, 16, "ARIA"},
      {"NULL_", 0, 0, 0, ""},
  };
  for (const Cipher& entry : kCiphers) {
    if (!startsWith(cipher, entry.prefix)) continue;
    out.cipher = entry.id;
    out.cipherBits = entry.bits;
    out.cipherName = entry.name;
    // AEAD ciphers carry no block in the record layer.
    const bool aead = cipher.find("_GCM") != std::string::npos || cipher.find("_CCM") != std::string::npos ||
                      cipher.find("POLY1305") != std::string::npos;
    out.cipherBlockBytes = aead ? 0 : entry.block;
    describeHash(cipher, aead, out);
    return;
  }
}

}  // namespace

SuiteSecurity describeSuite(unsigned tlsVersion, const std::string& suite) {
  SuiteSecurity out;
  out.protocol = protocolOf(tlsVersion);
  if (!startsWith(suite, "TLS_")) return out;
  const std::string rest = suite.substr(4);
  const std::size_t with = rest.find("_WITH_");
  // TLS 1.3's suites name only the cipher and hash.
  describeExchange(with == std::string::npos ? std::string() : rest.substr(0, with), out);
  describeCipher(with == std::string::npos ? rest : rest.substr(with + 6), out);
  return out;
}

}  // namespace hinternet
