#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "error.h"

// Cutting URLs into the parts URL_COMPONENTS describes, and putting them back
// together, for WinHttpCrackUrl/WinHttpCreateUrl and InternetCrackUrl/
// InternetCreateUrl. Everything works on code units, instantiated for char
// (ANSI exports, whose pointers must land in the caller's bytes) and char16_t
// (wide exports), so offsets stay valid in the caller's own string.
namespace hinternet {

// The schemes the core knows by name. Each DLL numbers INTERNET_SCHEME
// differently, so the export layers map to their own values.
enum class UrlScheme { Unknown, Http, Https, Ftp, Gopher, File, News, Mailto, Socks, JavaScript, VbScript, Res };

// The scheme a name stands for, compared without regard to case.
template <class C>
UrlScheme schemeFromName(std::basic_string_view<C> name);
const char* schemeName(UrlScheme scheme);  // "http", ...; nullptr for Unknown
unsigned defaultPort(UrlScheme scheme);     // http, https and ftp; 0 for the rest

// Code units [offset, offset + length) of the text a layout was cut from.
struct UrlSpan {
  std::size_t offset = 0;
  std::size_t length = 0;
};

// Where the parts of "scheme://user:password@host:port/path?extra" lie. Parts
// that are absent are empty spans; the flags tell an absent part from an
// empty one where Windows makes that difference.
struct UrlLayout {
  UrlSpan scheme;
  bool hasUser = false;  // an '@' closes a user part, possibly empty
  UrlSpan user;
  bool hasPassword = false;  // a ':' inside the user part
  UrlSpan password;
  UrlSpan host;  // an IPv6 literal keeps its brackets
  bool hasPort = false;  // a ':' after the host, possibly with nothing after it
  UrlSpan port;
  UrlSpan path;   // from the first '/' after the host up to '?'; empty at the end if none
  UrlSpan extra;  // from that '?' to the end; empty at the end if none
  bool hasHost = true;    // WinINet: false for "scheme:text" without "//"
  bool hasExtra = false;  // a '?' (or WinINet's '#') starts extra information
};

// WinHTTP and WinINet cut a URL differently (see splitUrl).
enum class UrlSyntax { WinHttp, WinInet };

// The text before the first ':', or nothing if there is no ':'. Schemes are
// checked before the rest, because Windows reports an unknown scheme ahead
// of a malformed remainder.
template <class C>
std::optional<UrlSpan> findScheme(std::basic_string_view<C> url);

// Splits what follows "scheme:", which must be "//" and at least one more
// character (Error::InvalidUrl otherwise). Like Windows: user information is
// recognised only when an '@' comes before any '/', and a '?' only starts the
// extra information after the path's '/' ("http://host?q" has host "host?q").
// WinInet syntax: the host ends at '/', '?' or '#'; extra information starts
// at the first '?' after "scheme:", or else the first '#'; without "//" the
// whole rest is the path and there is no host (empty authorities are the
// caller's to refuse).
template <class C>
Error splitUrl(std::basic_string_view<C> url, const UrlSpan& scheme, UrlLayout& layout,
               UrlSyntax syntax = UrlSyntax::WinHttp);

// The port number of a port part: its leading digits (Windows ignores what
// follows them). Error::InvalidUrl above 65535; an empty part is the caller's
// to default.
template <class C>
Error parsePort(std::basic_string_view<C> digits, unsigned& port);

// Parts to assemble into a URL; absent optionals are left out.
template <class C>
struct UrlPieces {
  std::basic_string_view<C> scheme;
  UrlScheme schemeId = UrlScheme::Unknown;  // decides which port is the default
  std::optional<std::basic_string_view<C>> user;
  std::optional<std::basic_string_view<C>> password;
  std::optional<std::basic_string_view<C>> host;
  unsigned port = 0;
  std::optional<std::basic_string_view<C>> path;  // already escaped if wanted
  std::optional<std::basic_string_view<C>> extra;
  // WinINet: "scheme:" without "//" when there is no host, and no port 0.
  bool slashesOnlyWithHost = false;
};

// "scheme://user:password@host:port/path extra": the port only with a host
// and when it is not the scheme's default, a '/' between host and a path
// that lacks one. Error::InvalidParameter for a password without a user.
template <class C>
Error assembleUrl(const UrlPieces<C>& pieces, std::basic_string<C>& url);

}  // namespace hinternet
