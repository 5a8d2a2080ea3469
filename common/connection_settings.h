#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace hinternet {

// The binary proxy settings Windows keeps in the registry under
// ...\Internet Settings\Connections: "WinHttpSettings" (WinHTTP's default,
// HKLM, magic 0x18) and "DefaultConnectionSettings" (the user's Internet
// Options, HKCU, magic 0x46; 0x3C before IE 7). Both are little-endian:
// magic, a change counter, flags, then length-prefixed single-byte strings:
// the proxy list, the bypass list and, in the user's settings only, the
// automatic configuration (PAC) URL. Later fields are not read.
struct ConnectionSettings {
  static constexpr std::uint32_t kWinHttpMagic = 0x18;
  static constexpr std::uint32_t kUserMagic = 0x46;
  static constexpr std::uint32_t kUserMagicOld = 0x3C;
  // flags
  static constexpr std::uint32_t kDirect = 0x1;
  static constexpr std::uint32_t kProxy = 0x2;
  static constexpr std::uint32_t kAutoConfigUrl = 0x4;
  static constexpr std::uint32_t kAutoDetect = 0x8;

  std::uint32_t magic = kWinHttpMagic;
  std::uint32_t counter = 0;
  std::uint32_t flags = kDirect;
  std::string proxy;
  std::string bypass;
  std::string autoConfigUrl;
  bool hasAutoConfigUrl = false;  // the blob had the third string
};

// False when the blob is shorter than its header and the two lists.
bool decodeConnectionSettings(const std::vector<unsigned char>& blob, ConnectionSettings& settings);

// Header, proxy list and bypass list, and the PAC URL if hasAutoConfigUrl.
std::vector<unsigned char> encodeConnectionSettings(const ConnectionSettings& settings);

}  // namespace hinternet
