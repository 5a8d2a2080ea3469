// wireUrlToUtf16 and urlFileExtension: the input is a URL as a server could
// send it, with the code-page choices in the first byte.
#include "fuzz_input.h"
#include "url_canonical.h"
#include "url_file_extension.h"
#include "wire_url.h"

using namespace hinternet;

namespace {

// Code page 1 decodes every byte as its code point; any other refuses
// bytes beyond ASCII, so the escaping fallback runs too.
bool decode(std::string_view bytes, unsigned codePage, std::u16string& out) {
  if (codePage != 1) return false;
  out.clear();
  for (unsigned char c : bytes) out += char16_t(c);
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (!size) return 0;
  const std::string_view url = fuzz::narrow(data + 1, size - 1);
  WireUrlCodePages pages;
  pages.host = data[0] & 1;
  pages.path = (data[0] >> 1) & 1;
  pages.extra = (data[0] >> 2) & 1;
  pages.encodePathExtra = data[0] & 8;
  const std::u16string out = wireUrlToUtf16(url, pages, decode);
  // Each byte becomes one character or one "%XX".
  FUZZ_CHECK(out.size() >= url.size() && out.size() <= url.size() * 3);
  for (char16_t c : out) FUZZ_CHECK(c != 0 || url.find('\0') != std::string_view::npos);
  urlSchemeLength(std::u16string_view(out));

  const std::string_view extension = urlFileExtension(url);
  FUZZ_CHECK(extension.empty() || (extension.data() >= url.data() &&
                                   extension.data() + extension.size() <= url.data() + url.size()));
  FUZZ_CHECK(extension.find_first_of("/\\?#") == std::string_view::npos);
  return 0;
}
