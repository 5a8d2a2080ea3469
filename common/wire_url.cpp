#include "wire_url.h"

#include <algorithm>

namespace hinternet {
namespace {

bool isAscii(std::string_view bytes) {
  for (unsigned char c : bytes)
    if (c >= 0x80) return false;
  return true;
}

// Spaces, controls and bytes beyond ASCII as "%XX"; '%' and everything else
// stay, so escapes the server already made are not escaped twice.
std::u16string escapeWireBytes(std::string_view bytes) {
  static const char hex[] = "0123456789ABCDEF";
  std::u16string out;
  for (unsigned char c : bytes) {
    if (c <= 0x20 || c >= 0x7F) {
      out += u'%';
      out += char16_t(hex[c >> 4]);
      out += char16_t(hex[c & 15]);
    } else {
      out += char16_t(c);
    }
  }
  return out;
}

std::u16string decoded(std::string_view bytes, unsigned codePage, const Decode& decode) {
  if (isAscii(bytes)) return std::u16string(bytes.begin(), bytes.end());
  std::u16string out;
  if (decode(bytes, codePage, out)) return out;
  return escapeWireBytes(bytes);
}

bool isSchemeStart(char16_t c) { return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z'); }

bool isSchemeChar(char16_t c) {
  return isSchemeStart(c) || (c >= u'0' && c <= u'9') || c == u'+' || c == u'-' || c == u'.';
}

}  // namespace

std::u16string wireUrlToUtf16(std::string_view url, const WireUrlCodePages& pages, const Decode& decode) {
  // The authority follows "//" at the start or right after "scheme:", and
  // ends at the first '/', '?' or '#'. Without "//" there is none.
  std::size_t slashes = std::string_view::npos;
  if (url.substr(0, 2) == "//") {
    slashes = 0;
  } else {
    const std::size_t colon = url.find(':');
    const std::u16string head(url.begin(), url.begin() + std::min(url.size(), colon == url.npos ? 0 : colon + 1));
    if (colon != url.npos && hasUrlScheme(head) && url.substr(colon + 1, 2) == "//") slashes = colon + 1;
  }
  std::size_t pathStart = 0;
  if (slashes != std::string_view::npos) pathStart = std::min(url.size(), url.find_first_of("/?#", slashes + 2));
  const std::size_t extraStart = std::min(url.size(), url.find_first_of("?#", pathStart));
  const std::string_view authority = url.substr(0, pathStart);
  const std::string_view path = url.substr(pathStart, extraStart - pathStart);
  const std::string_view extra = url.substr(extraStart);

  std::u16string out = decoded(authority, pages.host, decode);
  if (pages.encodePathExtra) {
    out += escapeWireBytes(path);
    out += escapeWireBytes(extra);
  } else {
    out += decoded(path, pages.path, decode);
    out += decoded(extra, pages.extra, decode);
  }
  return out;
}

bool hasUrlScheme(std::u16string_view url) {
  const std::size_t colon = url.find(u':');
  if (colon == std::u16string_view::npos || colon == 0 || !isSchemeStart(url[0])) return false;
  for (std::size_t i = 1; i < colon; ++i)
    if (!isSchemeChar(url[i])) return false;
  // A drive letter ("C:\dir") is a path, not a scheme.
  return colon > 1;
}

}  // namespace hinternet
