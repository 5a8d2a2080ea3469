#include <catch.hpp>

#include "connection_settings.h"

using namespace hinternet;

TEST_CASE("connection settings: WinHttpSettings layout, written and read back") {
  ConnectionSettings settings;
  settings.flags = ConnectionSettings::kProxy;
  settings.proxy = "proxy:8080";
  settings.bypass = "<local>";
  const std::vector<unsigned char> blob = encodeConnectionSettings(settings);
  const std::vector<unsigned char> expected = {
      0x18, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0,  // magic, counter, flags
      10, 0, 0, 0, 'p', 'r', 'o', 'x', 'y', ':', '8', '0', '8', '0',
      7, 0, 0, 0, '<', 'l', 'o', 'c', 'a', 'l', '>'};
  REQUIRE(blob == expected);
  ConnectionSettings read;
  REQUIRE(decodeConnectionSettings(blob, read));
  REQUIRE(read.magic == ConnectionSettings::kWinHttpMagic);
  REQUIRE(read.flags == ConnectionSettings::kProxy);
  REQUIRE(read.proxy == "proxy:8080");
  REQUIRE(read.bypass == "<local>");
  REQUIRE_FALSE(read.hasAutoConfigUrl);
}

TEST_CASE("connection settings: the user's blob has a PAC URL and trailing fields") {
  ConnectionSettings settings;
  settings.magic = ConnectionSettings::kUserMagic;
  settings.counter = 7;
  settings.flags = ConnectionSettings::kAutoConfigUrl | ConnectionSettings::kAutoDetect;
  settings.autoConfigUrl = "http://wpad/wpad.dat";
  settings.hasAutoConfigUrl = true;
  std::vector<unsigned char> blob = encodeConnectionSettings(settings);
  blob.insert(blob.end(), 32, 0);  // what Windows keeps after the strings
  ConnectionSettings read;
  REQUIRE(decodeConnectionSettings(blob, read));
  REQUIRE(read.counter == 7);
  REQUIRE(read.autoConfigUrl == "http://wpad/wpad.dat");
  REQUIRE(read.proxy.empty());
}

TEST_CASE("connection settings: truncated blobs are refused") {
  ConnectionSettings settings;
  settings.proxy = "p:1";
  const std::vector<unsigned char> blob = encodeConnectionSettings(settings);
  for (std::size_t size = 0; size < blob.size(); ++size) {
    ConnectionSettings read;
    REQUIRE_FALSE(decodeConnectionSettings(std::vector<unsigned char>(blob.begin(), blob.begin() + size), read));
  }
  std::vector<unsigned char> lying = blob;
  lying[12] = 200;  // proxy length beyond the end
  ConnectionSettings read;
  REQUIRE_FALSE(decodeConnectionSettings(lying, read));
}
