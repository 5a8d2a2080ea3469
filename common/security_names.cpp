#include "security_names.h"

#include <iterator>

namespace hinternet {
namespace {

struct ProtocolName {
  std::uint32_t bits;  // server | client
  const char* name;
};

// SP_PROT_* from schannel.h, each protocol's server and client bit.
constexpr ProtocolName kProtocols[] = {
    {0x00000003, "PCT 1.0"},  {0x0000000c, "SSL 2.0"},  {0x00000030, "SSL 3.0"},
    {0x000000c0, "TLS 1.0"},  {0x00000300, "TLS 1.1"},  {0x00000c00, "TLS 1.2"},
    {0x00003000, "TLS 1.3"},  {0x00030000, "DTLS 1.0"}, {0x000c0000, "DTLS 1.2"},
};

struct AlgorithmName {
  std::uint32_t id;
  const char* name;
};

// CALG_* from wincrypt.h that Schannel reports for a connection, and the
// older ones IE's Fortezza and SSL 2/3 connections could.
constexpr AlgorithmName kAlgorithms[] = {
    {0x0000, "None"},           // no cipher
    {0x6000, "None"},           // CALG_NULLCIPHER
    {0x6602, "RC2"},            // CALG_RC2
    {0x6801, "RC4"},            // CALG_RC4
    {0x6601, "DES"},            // CALG_DES
    {0x6604, "DESX"},           // CALG_DESX
    {0x6603, "3DES"},           // CALG_3DES
    {0x6609, "3DES 112"},       // CALG_3DES_112
    {0x660a, "Skipjack"},       // CALG_SKIPJACK
    {0x660b, "TEK"},            // CALG_TEK
    {0x660c, "Cylink MEK"},     // CALG_CYLINK_MEK
    {0x6611, "AES"},            // CALG_AES
    {0x660e, "AES 128"},        // CALG_AES_128
    {0x660f, "AES 192"},        // CALG_AES_192
    {0x6610, "AES 256"},        // CALG_AES_256
    {0x8001, "MD2"},            // CALG_MD2
    {0x8002, "MD4"},            // CALG_MD4
    {0x8003, "MD5"},            // CALG_MD5
    {0x8004, "SHA-1"},          // CALG_SHA1
    {0x800c, "SHA-256"},        // CALG_SHA_256
    {0x800d, "SHA-384"},        // CALG_SHA_384
    {0x800e, "SHA-512"},        // CALG_SHA_512
    {0x8005, "MAC"},            // CALG_MAC
    {0x8009, "HMAC"},           // CALG_HMAC
    {0x8008, "SSL3 SHA-MD5"},   // CALG_SSL3_SHAMD5
    {0xa400, "RSA"},            // CALG_RSA_KEYX
    {0x2400, "RSA"},            // CALG_RSA_SIGN
    {0x2200, "DSS"},            // CALG_DSS_SIGN
    {0xaa01, "DH"},             // CALG_DH_SF
    {0xaa02, "DHE"},            // CALG_DH_EPHEM
    {0xaa04, "KEA"},            // CALG_KEA_KEYX (Fortezza)
    {0xaa05, "ECDH"},           // CALG_ECDH
    {0xae06, "ECDHE"},          // CALG_ECDH_EPHEM
    {0xa001, "ECMQV"},          // CALG_ECMQV
    {0x2203, "ECDSA"},          // CALG_ECDSA
};

}  // namespace

const char* securityProtocolName(std::uint32_t protocol) {
  if (!protocol) return nullptr;
  for (const ProtocolName& entry : kProtocols)
    if ((protocol & ~entry.bits) == 0) return entry.name;
  return nullptr;
}

const char* algorithmName(std::uint32_t algorithm) {
  for (const AlgorithmName& entry : kAlgorithms)
    if (entry.id == algorithm) return entry.name;
  return nullptr;
}

}  // namespace hinternet
