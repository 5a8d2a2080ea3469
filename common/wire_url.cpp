#include "wire_url.h"

#include <algorithm>

#include "url_canonical.h"
#include "url_escape.h"

namespace hinternet {
namespace {

bool isAscii(std::string_view bytes) {
  for (unsigned char c : bytes)
    if (c >= 0x80) return false;
  return true;
}

std::u16string escapeWireBytes(std::string_view bytes) {
  const std::string escaped = escapeNonAsciiBytes(bytes);
  return std::u16string(escaped.begin(), escaped.end());
}

std::u16string decoded(std::string_view bytes, unsigned codePage, const Decode& decode) {
  if (isAscii(bytes)) return std::u16string(bytes.begin(), bytes.end());
  std::u16string out;
  if (decode(bytes, codePage, out)) return out;
  return escapeWireBytes(bytes);
}

}  // namespace

std::u16string wireUrlToUtf16(std::string_view url, const WireUrlCodePages& pages, const Decode& decode) {
  // The authority follows "//" at the start or right after "scheme:", and
  // ends at the first '/', '?' or '#'. Without "//" there is none.
  std::size_t slashes = std::string_view::npos;
  if (url.substr(0, 2) == "//") {
    slashes = 0;
  } else {
    const std::size_t colon = urlSchemeLength(url);
    if (colon && url.substr(colon + 1, 2) == "//") slashes = colon + 1;
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

}  // namespace hinternet
