#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

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
[[noreturn]] void fail(const char* what);

}  // namespace hinternet::fuzz

#define FUZZ_CHECK(condition) \
  do {                        \
    if (!(condition)) ::hinternet::fuzz::fail(#condition); \
  } while (0)
