#include <catch.hpp>

#include "url_canonical.h"
#include "url_file_extension.h"
#include "wire_url.h"

using namespace hinternet;

namespace {

// Two code pages the tests can decode without Windows: 1252's Latin-1 part
// (each byte is its code point) and UTF-8 (two-byte forms only).
constexpr unsigned kLatin1 = 1252;
constexpr unsigned kUtf8 = 65001;

bool testDecode(std::string_view bytes, unsigned codePage, std::u16string& out) {
  out.clear();
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (codePage == kLatin1 || c < 0x80) {
      out += char16_t(c);
    } else if (codePage == kUtf8 && (c & 0xE0) == 0xC0 && i + 1 < bytes.size() &&
               (static_cast<unsigned char>(bytes[i + 1]) & 0xC0) == 0x80) {
      out += char16_t(((c & 0x1F) << 6) | (static_cast<unsigned char>(bytes[++i]) & 0x3F));
    } else {
      return false;
    }
  }
  return true;
}

std::u16string convert(std::string_view url, unsigned host, unsigned path, unsigned extra, bool encode = false) {
  WireUrlCodePages pages;
  pages.host = host;
  pages.path = path;
  pages.extra = extra;
  pages.encodePathExtra = encode;
  return wireUrlToUtf16(url, pages, testDecode);
}

}  // namespace

TEST_CASE("A wire URL's ASCII text comes through unchanged, escapes included") {
  CHECK(convert("http://host:81/a%20b/c?x=1#f", kUtf8, kUtf8, kUtf8) == u"http://host:81/a%20b/c?x=1#f");
  CHECK(convert("/relative/path?q", kUtf8, kUtf8, kUtf8) == u"/relative/path?q");
  CHECK(convert("", kUtf8, kUtf8, kUtf8).empty());
}

TEST_CASE("Each part of a wire URL is decoded in its own code page") {
  // "é" is C3 A9 in UTF-8 and E9 in 1252.
  CHECK(convert("http://h\xC3\xA9st/p\xE9?q=\xC3\xA9", kUtf8, kLatin1, kUtf8) == u"http://h\u00E9st/p\u00E9?q=\u00E9");
  CHECK(convert("http://h\xE9st/p\xC3\xA9#\xE9", kLatin1, kUtf8, kLatin1) == u"http://h\u00E9st/p\u00E9#\u00E9");
  // A relative reference has no authority: all before '?' is path.
  CHECK(convert("p\xC3\xA9/x?\xE9", kLatin1, kUtf8, kLatin1) == u"p\u00E9/x?\u00E9");
  // "//host" without a scheme has one.
  CHECK(convert("//h\xE9/p\xC3\xA9", kLatin1, kUtf8, kUtf8) == u"//h\u00E9/p\u00E9");
  // "scheme:" without "//" has none either.
  CHECK(convert("mailto:a\xE9//b", kUtf8, kLatin1, kUtf8) == u"mailto:a\u00E9//b");
}

TEST_CASE("Bytes a code page cannot decode, and the path and extra when asked, are escaped") {
  CHECK(convert("/p\xE9?q", kUtf8, kUtf8, kUtf8) == u"/p%E9?q");
  CHECK(convert("http://h/p\xC3\xA9 x?q=\xE9#f g", kUtf8, kUtf8, kUtf8, true) ==
        u"http://h/p%C3%A9%20x?q=%E9#f%20g");
  // The host is still decoded.
  CHECK(convert("http://h\xE9/p\xE9", kLatin1, kUtf8, kUtf8, true) == u"http://h\u00E9/p%E9");
}

TEST_CASE("An absolute URL starts with a scheme, a DOS drive does not") {
  const auto scheme = [](std::u16string_view url) { return urlSchemeLength(url); };
  CHECK(scheme(u"http://x") == 4);
  CHECK(scheme(u"view-source:x") == 11);
  CHECK(scheme(u"/a:b") == 0);
  CHECK(scheme(u"C:\\dir") == 0);
  CHECK(scheme(u"1http:x") == 0);
  CHECK(scheme(u"rel") == 0);
}

TEST_CASE("A URL's file extension is that of its path's last segment") {
  CHECK(urlFileExtension("http://host/dir/page.html") == "html");
  CHECK(urlFileExtension("http://host/archive.tar.gz?x=1.2#y.z") == "gz");
  CHECK(urlFileExtension("http://www.example.com") == "");
  CHECK(urlFileExtension("http://www.example.com/") == "");
  CHECK(urlFileExtension("http://www.example.com?a.b") == "");
  CHECK(urlFileExtension("http://host/dir.d/readme") == "");
  CHECK(urlFileExtension("http://host/name.") == "");
  CHECK(urlFileExtension("file://C:\\dir\\notes.TXT") == "TXT");
  CHECK(urlFileExtension("image.png") == "png");
  CHECK(urlFileExtension("") == "");
}
