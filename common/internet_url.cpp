#include "internet_url.h"

#include "url_escape.h"

namespace hinternet {
namespace {

template <class C>
bool isSchemeChar(C c) {
  return (c >= C('a') && c <= C('z')) || (c >= C('A') && c <= C('Z')) || (c >= C('0') && c <= C('9')) ||
         c == C('+') || c == C('-') || c == C('.');
}

template <class C>
bool isAlpha(C c) {
  return (c >= C('a') && c <= C('z')) || (c >= C('A') && c <= C('Z'));
}

// "C:" or "C|" at the start of `text`.
template <class C>
bool startsWithDrive(std::basic_string_view<C> text) {
  return text.size() >= 2 && isAlpha(text[0]) && (text[1] == C(':') || text[1] == C('|'));
}

}  // namespace

template <class C>
Error crackInternetUrl(std::basic_string_view<C> url, InternetUrl& out) {
  out = InternetUrl{};
  const auto scheme = findScheme(url);
  if (!scheme || scheme->length == 0) return Error::UnrecognizedScheme;
  for (std::size_t i = 0; i < scheme->length; ++i)
    if (!isSchemeChar(url[i])) return Error::UnrecognizedScheme;
  out.scheme = schemeFromName(url.substr(0, scheme->length));
  Error error = splitUrl(url, *scheme, out.layout, UrlSyntax::WinInet);
  if (error != Error::None) return error;
  UrlLayout& layout = out.layout;

  if (out.scheme == UrlScheme::File && layout.hasHost) {
    const std::size_t afterSlashes = scheme->length + 3;  // "file://"
    const auto rest = url.substr(afterSlashes);
    if (!rest.empty() && (rest[0] == C('/') || startsWithDrive(rest))) {
      const UrlLayout split = layout;
      layout = UrlLayout{};
      layout.scheme = split.scheme;
      layout.hasHost = false;
      layout.host = UrlSpan{afterSlashes, 0};
      layout.path = UrlSpan{afterSlashes, split.path.offset + split.path.length - afterSlashes};
      layout.hasExtra = split.hasExtra;
      layout.extra = split.extra;
    }
  }

  const bool needsHost =
      out.scheme == UrlScheme::Http || out.scheme == UrlScheme::Https || out.scheme == UrlScheme::Ftp;
  if (needsHost && (!layout.hasHost || layout.host.length == 0)) return Error::InvalidUrl;
  out.port = defaultPort(out.scheme);
  if (layout.hasPort && layout.port.length) {
    error = parsePort(url.substr(layout.port.offset, layout.port.length), out.port);
    if (error != Error::None) return error;
  }
  return Error::None;
}

template <class C>
std::basic_string<C> dosPathFromFileUrl(std::basic_string_view<C> path) {
  const bool threeSlashes = !path.empty() && path[0] == C('/');
  std::size_t start = 0;
  while (start < path.size() && (path[start] == C('/') || path[start] == C('\\'))) ++start;
  const std::basic_string_view<C> rest = path.substr(start);
  std::basic_string<C> dos = threeSlashes ? decodePercent(rest) : std::basic_string<C>(rest);
  for (C& c : dos)
    if (c == C('/')) c = C('\\');
  const std::size_t lastSeparator = dos.rfind(C('\\'));
  const std::basic_string_view<C> last =
      std::basic_string_view<C>(dos).substr(lastSeparator == std::basic_string<C>::npos ? 0 : lastSeparator + 1);
  const bool dotSegment = (last.size() == 1 && last[0] == C('.')) ||
                          (last.size() == 2 && last[0] == C('.') && last[1] == C('.'));
  if (dotSegment && lastSeparator != std::basic_string<C>::npos) dos.push_back(C('\\'));
  return dos;
}

template Error crackInternetUrl<char>(std::string_view, InternetUrl&);
template Error crackInternetUrl<char16_t>(std::u16string_view, InternetUrl&);
template std::string dosPathFromFileUrl<char>(std::string_view);
template std::u16string dosPathFromFileUrl<char16_t>(std::u16string_view);

}  // namespace hinternet
