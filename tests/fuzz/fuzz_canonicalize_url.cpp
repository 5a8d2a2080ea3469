// canonicalizeUrl with the ICU flags taken from the first byte: no crash or
// undefined behaviour, and the result stays within what escaping can add.
#include "fuzz_input.h"
#include "url_canonical.h"

using namespace hinternet;

namespace {

template <class C>
void canonicalize(std::basic_string_view<C> url, const CanonicalizeOptions& o) {
  const std::basic_string<C> once = canonicalizeUrl(url, o);
  // At most every unit escaped as three UTF-8 bytes, a '/' and "file://\\\\".
  FUZZ_CHECK(once.size() <= url.size() * 9 + 16);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (!size) return 0;
  const CanonicalizeOptions o = fuzz::optionsFromBits(data[0]);
  canonicalize(fuzz::narrow(data + 1, size - 1), o);
  const std::u16string wide = fuzz::wide(data + 1, size - 1);
  canonicalize(std::u16string_view(wide), o);
  return 0;
}
