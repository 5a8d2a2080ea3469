#include "url_parts.h"

namespace hinternet {
namespace {

template <class C>
using View = std::basic_string_view<C>;

constexpr std::size_t npos = std::string_view::npos;

template <class C>
bool equalsAsciiIgnoreCase(View<C> text, const char* ascii) {
  std::size_t i = 0;
  for (; ascii[i]; ++i) {
    if (i >= text.size()) return false;
    C c = text[i];
    if (c >= 'A' && c <= 'Z') c = C(c - 'A' + 'a');
    if (c != C(ascii[i])) return false;
  }
  return i == text.size();
}

// First `c` in [from, to), or npos.
template <class C>
std::size_t findIn(View<C> text, C c, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to; ++i)
    if (text[i] == c) return i;
  return npos;
}

UrlSpan span(std::size_t begin, std::size_t end) { return UrlSpan{begin, end - begin}; }

template <class C>
void append(std::basic_string<C>& out, const char* ascii) {
  for (; *ascii; ++ascii) out.push_back(C(*ascii));
}

}  // namespace

template <class C>
UrlScheme schemeFromName(View<C> name) {
  for (UrlScheme scheme : {UrlScheme::Http, UrlScheme::Https, UrlScheme::Ftp, UrlScheme::Gopher, UrlScheme::File,
                           UrlScheme::News, UrlScheme::Mailto, UrlScheme::Socks, UrlScheme::JavaScript,
                           UrlScheme::VbScript, UrlScheme::Res})
    if (equalsAsciiIgnoreCase(name, schemeName(scheme))) return scheme;
  return UrlScheme::Unknown;
}

const char* schemeName(UrlScheme scheme) {
  switch (scheme) {
    case UrlScheme::Http: return "http";
    case UrlScheme::Https: return "https";
    case UrlScheme::Ftp: return "ftp";
    case UrlScheme::Gopher: return "gopher";
    case UrlScheme::File: return "file";
    case UrlScheme::News: return "news";
    case UrlScheme::Mailto: return "mailto";
    case UrlScheme::Socks: return "socks";
    case UrlScheme::JavaScript: return "javascript";
    case UrlScheme::VbScript: return "vbscript";
    case UrlScheme::Res: return "res";
    case UrlScheme::Unknown: break;
  }
  return nullptr;
}

unsigned defaultPort(UrlScheme scheme) {
  switch (scheme) {
    case UrlScheme::Http: return 80;
    case UrlScheme::Https: return 443;
    case UrlScheme::Ftp: return 21;
    default: break;
  }
  return 0;
}

template <class C>
std::optional<UrlSpan> findScheme(View<C> url) {
  const std::size_t colon = findIn(url, C(':'), 0, url.size());
  if (colon == npos) return std::nullopt;
  return span(0, colon);
}

// User information, host and port in [p, authorityEnd).
template <class C>
void splitAuthority(View<C> url, std::size_t p, std::size_t authorityEnd, UrlLayout& layout) {
  const std::size_t at = findIn(url, C('@'), p, authorityEnd);
  if (at != npos) {
    layout.hasUser = true;
    const std::size_t colon = findIn(url, C(':'), p, at);
    if (colon != npos) {
      layout.user = span(p, colon);
      layout.hasPassword = true;
      layout.password = span(colon + 1, at);
    } else {
      layout.user = span(p, at);
    }
    p = at + 1;
  }
  // The port's ':' is the first one after an IPv6 literal's closing bracket.
  std::size_t hostScan = p;
  if (p < authorityEnd && url[p] == C('[')) {
    const std::size_t close = findIn(url, C(']'), p, authorityEnd);
    if (close != npos) hostScan = close;
  }
  const std::size_t colon = findIn(url, C(':'), hostScan, authorityEnd);
  if (colon != npos) {
    layout.host = span(p, colon);
    layout.hasPort = true;
    layout.port = span(colon + 1, authorityEnd);
  } else {
    layout.host = span(p, authorityEnd);
  }
}

template <class C>
Error splitWinHttpUrl(View<C> url, std::size_t p, UrlLayout& layout) {
  const std::size_t end = url.size();
  if (p + 2 > end || url[p] != C('/') || url[p + 1] != C('/')) return Error::InvalidUrl;
  p += 2;
  if (p >= end) return Error::InvalidUrl;
  // User information only when its '@' comes before any '/'.
  const std::size_t slash = findIn(url, C('/'), p, end);
  splitAuthority(url, p, slash == npos ? end : slash, layout);
  if (slash == npos) {
    layout.path = span(end, end);
    layout.extra = span(end, end);
    return Error::None;
  }
  const std::size_t query = findIn(url, C('?'), slash, end);
  layout.path = span(slash, query == npos ? end : query);
  layout.extra = query == npos ? span(end, end) : span(query, end);
  layout.hasExtra = query != npos;
  return Error::None;
}

template <class C>
Error splitWinInetUrl(View<C> url, std::size_t p, UrlLayout& layout) {
  const std::size_t end = url.size();
  std::size_t extraStart = findIn(url, C('?'), p, end);
  if (extraStart == npos) extraStart = findIn(url, C('#'), p, end);
  const std::size_t beforeExtra = extraStart == npos ? end : extraStart;
  std::size_t rest = p;
  if (p + 2 <= end && url[p] == C('/') && url[p + 1] == C('/')) {
    p += 2;
    std::size_t authorityEnd = findIn(url, C('/'), p, beforeExtra);
    if (authorityEnd == npos) authorityEnd = beforeExtra;
    splitAuthority(url, p, authorityEnd, layout);
    rest = authorityEnd;
  } else {
    layout.hasHost = false;
    layout.host = span(p, p);
  }
  layout.path = span(rest, beforeExtra);
  layout.hasExtra = extraStart != npos;
  layout.extra = layout.hasExtra ? span(extraStart, end) : span(end, end);
  return Error::None;
}

template <class C>
Error splitUrl(View<C> url, const UrlSpan& scheme, UrlLayout& layout, UrlSyntax syntax) {
  layout = UrlLayout{};
  layout.scheme = scheme;
  const std::size_t p = scheme.offset + scheme.length + 1;  // past ':'
  return syntax == UrlSyntax::WinInet ? splitWinInetUrl(url, p, layout) : splitWinHttpUrl(url, p, layout);
}

template <class C>
Error parsePort(View<C> digits, unsigned& port) {
  unsigned value = 0;
  for (C c : digits) {
    if (c < C('0') || c > C('9')) break;
    value = value * 10 + unsigned(c - C('0'));
    if (value > 65535) return Error::InvalidUrl;
  }
  port = value;
  return Error::None;
}

template <class C>
Error assembleUrl(const UrlPieces<C>& pieces, std::basic_string<C>& url) {
  if (pieces.password && !pieces.user) return Error::InvalidParameter;
  url.assign(pieces.scheme.begin(), pieces.scheme.end());
  append(url, pieces.slashesOnlyWithHost && !pieces.host ? ":" : "://");
  if (pieces.user) {
    url.append(pieces.user->begin(), pieces.user->end());
    if (pieces.password) {
      url.push_back(C(':'));
      url.append(pieces.password->begin(), pieces.password->end());
    }
    url.push_back(C('@'));
  }
  if (pieces.host) {
    url.append(pieces.host->begin(), pieces.host->end());
    const bool portNamed = pieces.slashesOnlyWithHost ? pieces.port != 0 : true;
    if (portNamed && (pieces.schemeId == UrlScheme::Unknown || pieces.port != defaultPort(pieces.schemeId))) {
      url.push_back(C(':'));
      append(url, std::to_string(pieces.port).c_str());
    }
    if (pieces.path && (pieces.path->empty() || pieces.path->front() != C('/'))) url.push_back(C('/'));
  }
  if (pieces.path) url.append(pieces.path->begin(), pieces.path->end());
  if (pieces.extra) url.append(pieces.extra->begin(), pieces.extra->end());
  return Error::None;
}

#define HINTERNET_URL_PARTS_FOR(C)                                                  \
  template UrlScheme schemeFromName<C>(View<C>);                                   \
  template std::optional<UrlSpan> findScheme<C>(View<C>);                          \
  template Error splitUrl<C>(View<C>, const UrlSpan&, UrlLayout&, UrlSyntax);      \
  template Error parsePort<C>(View<C>, unsigned&);                                 \
  template Error assembleUrl<C>(const UrlPieces<C>&, std::basic_string<C>&);
HINTERNET_URL_PARTS_FOR(char)
HINTERNET_URL_PARTS_FOR(char16_t)
#undef HINTERNET_URL_PARTS_FOR

}  // namespace hinternet
