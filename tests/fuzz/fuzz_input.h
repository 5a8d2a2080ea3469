#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "url_canonical.h"

// The fuzzer's bytes as the two text forms the core takes: narrow as they
// are, wide as byte pairs (so surrogates and NULs come up too).
namespace hinternet::fuzz {

inline std::string_view narrow(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

inline std::u16string wide(const std::uint8_t* data, std::size_t size) {
  std::u16string out;
  for (std::size_t i = 0; i + 1 < size; i += 2) out.push_back(char16_t(data[i] | (data[i + 1] << 8)));
  return out;
}

// Stops the run the way libFuzzer reports a crash, with the reason.
[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "invariant broken: %s\n", what);
  std::abort();
}

// The ICU flags, one a bit.
inline CanonicalizeOptions optionsFromBits(std::uint8_t bits) {
  CanonicalizeOptions o;
  o.decode = bits & 1;
  o.encodeUnsafe = !(bits & 2);
  o.encodeSpacesOnly = bits & 4;
  o.encodePercent = bits & 8;
  o.keepDotSegments = bits & 16;
  o.browserMode = bits & 32;
  return o;
}

}  // namespace hinternet::fuzz

#define FUZZ_CHECK(condition) \
  do {                        \
    if (!(condition)) ::hinternet::fuzz::fail(#condition); \
  } while (0)
