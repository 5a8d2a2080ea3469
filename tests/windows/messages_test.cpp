#include <catch.hpp>
#include <windows.h>

#include <string>

namespace {

std::string messageOf(const char* dll, DWORD code) {
  char text[512] = {};
  const DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_IGNORE_INSERTS, GetModuleHandleA(dll),
                                 code, 0, text, sizeof(text), nullptr);
  std::string s(text, n);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace

TEST_CASE("FormatMessage finds our message tables") {
  REQUIRE(messageOf("wininet.dll", 12002) == "The operation timed out");
  REQUIRE(messageOf("winhttp.dll", 12175) == "A security error occurred");
  REQUIRE_FALSE(messageOf("wininet.dll", 12150).empty());
}
