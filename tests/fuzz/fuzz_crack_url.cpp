// crackInternetUrl, splitUrl (both syntaxes) and dosPathFromFileUrl: every
// span a successful crack reports lies inside the URL, in order.
#include "fuzz_input.h"
#include "internet_url.h"

using namespace hinternet;

namespace {

bool inside(const UrlSpan& span, std::size_t size) { return span.offset <= size && span.length <= size - span.offset; }

template <class C>
void crack(std::basic_string_view<C> url) {
  InternetUrl out;
  if (crackInternetUrl(url, out) == Error::None) {
    const UrlLayout& l = out.layout;
    for (const UrlSpan* span : {&l.scheme, &l.user, &l.password, &l.host, &l.port, &l.path, &l.extra})
      FUZZ_CHECK(inside(*span, url.size()));
    FUZZ_CHECK(l.path.offset + l.path.length <= l.extra.offset || !l.hasExtra);
    FUZZ_CHECK(out.port <= 65535);
    if (out.scheme == UrlScheme::File) dosPathFromFileUrl(url.substr(l.path.offset, l.path.length));
  }
  if (const auto scheme = findScheme(url)) {
    UrlLayout layout;
    if (splitUrl(url, *scheme, layout) == Error::None) {
      for (const UrlSpan* span : {&layout.user, &layout.password, &layout.host, &layout.port, &layout.path,
                                  &layout.extra})
        FUZZ_CHECK(inside(*span, url.size()));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  crack(fuzz::narrow(data, size));
  const std::u16string wide = fuzz::wide(data, size);
  crack(std::u16string_view(wide));
  return 0;
}
