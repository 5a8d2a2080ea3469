// combineUrl: the input is a base and a relative reference split at the
// first NUL, with the ICU flags in the first byte.
#include "fuzz_input.h"
#include "url_canonical.h"

using namespace hinternet;

namespace {

template <class C>
void combine(std::basic_string_view<C> text, std::uint8_t bits) {
  const CanonicalizeOptions o = fuzz::optionsFromBits(bits);
  const std::size_t nul = text.find(C(0));
  const auto base = text.substr(0, nul);
  const auto relative = nul == text.npos ? std::basic_string_view<C>() : text.substr(nul + 1);
  const std::basic_string<C> out = combineUrl(base, relative, o);
  FUZZ_CHECK(out.size() <= text.size() * 9 + 32);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (!size) return 0;
  combine(fuzz::narrow(data + 1, size - 1), data[0]);
  const std::u16string wide = fuzz::wide(data + 1, size - 1);
  combine(std::u16string_view(wide), data[0]);
  return 0;
}
