#pragma once
#include <string>
#include <string_view>

#include "error.h"
#include "url_parts.h"

// How InternetCrackUrl reads a URL: any scheme, with or without "//"; the
// host ends at '/', '?' or '#'; file URLs name a DOS path.
namespace hinternet {

struct InternetUrl {
  UrlScheme scheme = UrlScheme::Unknown;
  UrlLayout layout;
  unsigned port = 0;  // the URL's, else the scheme's default (0 if none)
};

// Error::UnrecognizedScheme without a "scheme:" (letters, digits, '+', '-'
// or '.'); Error::InvalidUrl for http, https and ftp URLs without a host
// and for ports above 65535. A file URL whose "//" is followed by another
// '/' or a drive ("file:///C:/x", "file://C:/x") has no host; its path is
// everything after "//".
template <class C>
Error crackInternetUrl(std::basic_string_view<C> url, InternetUrl& out);

// The DOS path a file URL's path stands for, as InternetCrackUrl copies it:
// leading slashes dropped, '/' turned into '\', "%XX" decoded when the URL
// had three slashes ("file:///C:/a%20b" -> "C:\a b"), and a final "." or
// ".." segment closed with '\'.
template <class C>
std::basic_string<C> dosPathFromFileUrl(std::basic_string_view<C> path);

}  // namespace hinternet
