#include "url_canonical.h"

#include <vector>

#include "url_escape.h"
#include "url_parts.h"

namespace hinternet {
namespace {

template <class C>
using View = std::basic_string_view<C>;
template <class C>
using String = std::basic_string<C>;

constexpr std::size_t npos = std::string_view::npos;

template <class C>
bool isAlpha(C c) {
  return (c >= C('a') && c <= C('z')) || (c >= C('A') && c <= C('Z'));
}

template <class C>
C lowered(C c) {
  return c >= C('A') && c <= C('Z') ? C(c - C('A') + C('a')) : c;
}

template <class C>
bool isSchemeChar(C c) {
  return isAlpha(c) || (c >= C('0') && c <= C('9')) || c == C('+') || c == C('-') || c == C('.');
}

template <class C>
std::size_t findAny(View<C> text, std::size_t from, const char* set) {
  for (std::size_t i = from; i < text.size(); ++i)
    for (const char* s = set; *s; ++s)
      if (text[i] == C(*s)) return i;
  return npos;
}

template <class C>
std::size_t findLastSlash(View<C> text) {
  for (std::size_t i = text.size(); i-- > 0;)
    if (text[i] == C('/') || text[i] == C('\\')) return i;
  return npos;
}

template <class C>
String<C> trimmed(View<C> url) {
  String<C> out;
  out.reserve(url.size());
  for (C c : url)
    if (c != C('\t') && c != C('\r') && c != C('\n')) out.push_back(c);
  std::size_t begin = 0, end = out.size();
  auto blank = [](C c) { return c >= C(0) && c <= C(' '); };
  while (begin < end && blank(out[begin])) ++begin;
  while (end > begin && blank(out[end - 1])) --end;
  return out.substr(begin, end - begin);
}

// Removes "." and ".." segments from a path that starts with '/'. A ".."
// that opens the path stays, as Windows leaves "http://host/..".
template <class C>
String<C> withoutDotSegments(View<C> path) {
  std::vector<View<C>> kept;
  bool first = true;
  std::size_t p = path.empty() || path[0] != C('/') ? 0 : 1;
  const bool absolute = p == 1;
  bool trailingSlash = false;
  while (p <= path.size()) {
    std::size_t slash = path.find(C('/'), p);
    if (slash == npos) slash = path.size();
    const View<C> segment = path.substr(p, slash - p);
    const bool last = slash == path.size();
    const bool dot = segment.size() == 1 && segment[0] == C('.');
    const bool dotDot = segment.size() == 2 && segment[0] == C('.') && segment[1] == C('.');
    if (dot) {
      trailingSlash = last;
    } else if (dotDot) {
      if (!kept.empty() && !(kept.back().size() == 2 && kept.back()[0] == C('.') && kept.back()[1] == C('.'))) {
        kept.pop_back();
        trailingSlash = last;
      } else if (first) {
        kept.push_back(segment);
        trailingSlash = false;
      } else {
        trailingSlash = last;
      }
    } else {
      kept.push_back(segment);
      trailingSlash = false;
    }
    first = false;
    p = slash + 1;
  }
  String<C> out;
  if (absolute) out.push_back(C('/'));
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i) out.push_back(C('/'));
    out.append(kept[i]);
  }
  if (trailingSlash && !kept.empty()) out.push_back(C('/'));
  return out;
}

template <class C>
void appendEscaped(String<C>& out, unsigned byte) {
  static const char kHex[] = "0123456789ABCDEF";
  out.push_back(C('%'));
  out.push_back(C(kHex[(byte >> 4) & 0xF]));
  out.push_back(C(kHex[byte & 0xF]));
}

// The bytes a code unit escapes as: itself for narrow text, UTF-8 for wide
// (a lone surrogate as U+FFFD).
void appendUnitEscaped(String<char>& out, char c) { appendEscaped(out, static_cast<unsigned char>(c)); }

void appendUnitEscaped(String<char16_t>& out, char16_t c) {
  const unsigned u = (c >= 0xD800 && c <= 0xDFFF) ? 0xFFFD : c;
  if (u < 0x80) {
    appendEscaped(out, u);
  } else if (u < 0x800) {
    appendEscaped(out, 0xC0 | (u >> 6));
    appendEscaped(out, 0x80 | (u & 0x3F));
  } else {
    appendEscaped(out, 0xE0 | (u >> 12));
    appendEscaped(out, 0x80 | ((u >> 6) & 0x3F));
    appendEscaped(out, 0x80 | (u & 0x3F));
  }
}

template <class C>
bool isUnsafe(C c) {
  const auto unit = static_cast<std::make_unsigned_t<C>>(c);
  if (unit <= 0x20 || unit >= 0x7F) return true;
  for (const char* s = "\"<>\\^`{|}[]"; *s; ++s)
    if (c == C(*s)) return true;
  return false;
}

// Escapes what the options ask for in `text` (a path, or with spacesOnly a
// query or fragment too).
template <class C>
void appendWithEscapes(String<C>& out, View<C> text, const CanonicalizeOptions& options, bool spacesOnly) {
  for (C c : text) {
    const bool escape = (c == C('%') && options.encodePercent) || (c == C(' ')) || (!spacesOnly && isUnsafe(c));
    if (escape && c != C('%')) appendUnitEscaped(out, c);
    else if (escape) appendEscaped(out, '%');
    else out.push_back(c);
  }
}

template <class C>
String<C> fileUrl(View<C> rest, const CanonicalizeOptions& options) {
  std::size_t slashes = 0;
  while (slashes < rest.size() && (rest[slashes] == C('/') || rest[slashes] == C('\\'))) ++slashes;
  String<C> path(rest.substr(slashes));
  for (C& c : path)
    if (c == C('\\')) c = C('/');
  if (!options.keepDotSegments) {
    String<C> rooted = String<C>(1, C('/')) + path;
    path = withoutDotSegments(View<C>(rooted)).substr(1);
  }
  for (C& c : path)
    if (c == C('/')) c = C('\\');
  String<C> out;
  for (const char* s = "file://"; *s; ++s) out.push_back(C(*s));
  const bool drive = path.size() >= 2 && isAlpha(path[0]) && (path[1] == C(':') || path[1] == C('|'));
  if (!drive && slashes == 3) out.push_back(C('\\'));
  if (!drive && slashes != 3 && slashes != 0) out.append(2, C('\\'));
  out += path;
  return out;
}

}  // namespace

template <class C>
String<C> canonicalizeUrl(View<C> url, const CanonicalizeOptions& options) {
  String<C> text = trimmed(url);
  if (options.decode) text = decodePercent(View<C>(text));
  const View<C> all(text);
  const std::size_t schemeEnd = urlSchemeLength(all);
  const UrlScheme scheme = schemeEnd ? schemeFromName(all.substr(0, schemeEnd)) : UrlScheme::Unknown;
  if (scheme == UrlScheme::File) return fileUrl(all.substr(schemeEnd + 1), options);

  const bool hasSlashes = schemeEnd && all.substr(schemeEnd + 1, 2) == View<C>(String<C>(2, C('/')));
  const bool hierarchicalScheme = scheme == UrlScheme::Http || scheme == UrlScheme::Https ||
                                  scheme == UrlScheme::Ftp || scheme == UrlScheme::Res;
  if (!schemeEnd || (!hasSlashes && !hierarchicalScheme)) return text;

  const bool backslashIsSlash = scheme == UrlScheme::Http || scheme == UrlScheme::Https || scheme == UrlScheme::Ftp;
  std::size_t pathStart = schemeEnd + 1;
  if (hasSlashes) {
    pathStart += 2;
    std::size_t authorityEnd = findAny(all, pathStart, backslashIsSlash ? "/\\?#" : "/?#");
    pathStart = authorityEnd == npos ? all.size() : authorityEnd;
  }
  std::size_t pathEnd = findAny(all, pathStart, "?#");
  if (pathEnd == npos) pathEnd = all.size();

  String<C> path(all.substr(pathStart, pathEnd - pathStart));
  if (backslashIsSlash)
    for (C& c : path)
      if (c == C('\\')) c = C('/');
  const bool hasHost = hasSlashes && pathStart > schemeEnd + 3;
  if (path.empty() && hasHost) path.push_back(C('/'));
  if (!options.keepDotSegments && !path.empty()) path = withoutDotSegments(View<C>(path));

  String<C> out(all.substr(0, hasSlashes ? pathStart : schemeEnd + 1));
  if (!options.encodeUnsafe) {
    out += path;
    out.append(all.substr(pathEnd));
    return out;
  }
  appendWithEscapes(out, View<C>(path), options, options.encodeSpacesOnly);
  if (options.encodeSpacesOnly && !options.browserMode) {
    CanonicalizeOptions spacesOnly = options;
    spacesOnly.encodePercent = false;
    appendWithEscapes(out, all.substr(pathEnd), spacesOnly, true);
  } else {
    out.append(all.substr(pathEnd));
  }
  return out;
}

template <class C>
bool sameScheme(View<C> a, View<C> b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lowered(a[i]) != lowered(b[i])) return false;
  return true;
}

template <class C>
String<C> combineUrl(View<C> base, View<C> relative, const CanonicalizeOptions& options) {
  // The base loses its dot segments first ("/a/../b/.." + "c" is "/c"); it
  // is escaped or decoded only once, with the result.
  CanonicalizeOptions simplifyOnly;
  simplifyOnly.encodeUnsafe = false;
  simplifyOnly.keepDotSegments = options.keepDotSegments;
  String<C> baseText = canonicalizeUrl(base, simplifyOnly);
  const String<C> relativeText = trimmed(relative);
  View<C> r(relativeText);
  const std::size_t baseScheme = urlSchemeLength(View<C>(baseText));
  auto rooted = [](View<C> text, std::size_t at) {
    return at < text.size() && (text[at] == C('/') || text[at] == C('\\'));
  };
  const bool hierarchicalBase = baseScheme && rooted(View<C>(baseText), baseScheme + 1);
  // A reference in the base's own scheme without a '/' after it is still
  // relative ("http:c" against "http://h/a/b"), and the scheme comes out in
  // lower case, as Windows writes it.
  if (const std::size_t relativeScheme = urlSchemeLength(r)) {
    if (!hierarchicalBase || rooted(r, relativeScheme + 1) ||
        !sameScheme(View<C>(baseText).substr(0, baseScheme), r.substr(0, relativeScheme)))
      return canonicalizeUrl(r, options);
    for (std::size_t i = 0; i < baseScheme; ++i) baseText[i] = lowered(baseText[i]);
    r = r.substr(relativeScheme + 1);
  }
  const View<C> b(baseText);
  if (r.empty() || !baseScheme) return canonicalizeUrl(r.empty() ? b : r, options);

  const bool baseSlashes = b.substr(baseScheme + 1, 2) == View<C>(String<C>(2, C('/')));
  std::size_t authorityEnd = baseScheme + 1;
  if (baseSlashes) {
    authorityEnd = findAny(b, baseScheme + 3, "/\\?#");
    if (authorityEnd == npos) authorityEnd = b.size();
  }
  std::size_t queryStart = findAny(b, authorityEnd, "?#");
  if (queryStart == npos) queryStart = b.size();
  std::size_t fragmentStart = findAny(b, authorityEnd, "#");
  if (fragmentStart == npos) fragmentStart = b.size();

  String<C> joined;
  if (r[0] == C('?')) {
    joined = String<C>(b.substr(0, queryStart));
  } else if (r[0] == C('#')) {
    joined = String<C>(b.substr(0, fragmentStart));
  } else if (!hierarchicalBase) {
    // An opaque base ("xxx:text") keeps only its scheme.
    joined = String<C>(b.substr(0, baseScheme + 1));
  } else if (r.size() >= 2 && r[0] == C('/') && r[1] == C('/')) {
    joined = String<C>(b.substr(0, baseScheme + 1));
  } else if (rooted(r, 0)) {
    joined = String<C>(b.substr(0, authorityEnd));
  } else {
    const View<C> path = b.substr(authorityEnd, queryStart - authorityEnd);
    const std::size_t lastSlash = findLastSlash(path);
    joined = String<C>(b.substr(0, authorityEnd));
    if (lastSlash == npos) {
      if (baseSlashes) joined.push_back(C('/'));
    } else {
      joined.append(path.substr(0, lastSlash + 1));
    }
  }
  joined.append(r);
  return canonicalizeUrl(View<C>(joined), options);
}

template <class C>
std::size_t urlSchemeLength(std::basic_string_view<C> url) {
  std::size_t i = 0;
  while (i < url.size() && isSchemeChar(url[i])) ++i;
  return i >= 2 && i < url.size() && url[i] == C(':') && isAlpha(url[0]) ? i : 0;
}

template std::size_t urlSchemeLength<char>(std::string_view);
template std::size_t urlSchemeLength<char16_t>(std::u16string_view);
template std::string canonicalizeUrl<char>(std::string_view, const CanonicalizeOptions&);
template std::u16string canonicalizeUrl<char16_t>(std::u16string_view, const CanonicalizeOptions&);
template std::string combineUrl<char>(std::string_view, std::string_view, const CanonicalizeOptions&);
template std::u16string combineUrl<char16_t>(std::u16string_view, std::u16string_view, const CanonicalizeOptions&);

}  // namespace hinternet
