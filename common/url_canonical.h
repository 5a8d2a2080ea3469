#pragma once
#include <string>
#include <string_view>

// InternetCanonicalizeUrl and InternetCombineUrl. Windows hands both to the
// shell's URL functions (UrlCanonicalize, UrlCombine), whose rules these
// follow for the schemes programs pass: trimming, dot segments, escaping the
// path, file URLs as DOS paths.
namespace hinternet {

// The length of the scheme before a URL's ':' (two characters at least:
// "C:" is a drive letter, not a scheme), or 0 when it has none.
template <class C>
std::size_t urlSchemeLength(std::basic_string_view<C> url);

// The ICU_* flags, read positively.
struct CanonicalizeOptions {
  bool decode = false;            // ICU_DECODE: "%XX" becomes its character first
  bool encodeUnsafe = true;       // not ICU_NO_ENCODE
  bool encodeSpacesOnly = false;  // ICU_ENCODE_SPACES_ONLY
  bool encodePercent = false;     // ICU_ENCODE_PERCENT: '%' becomes "%25"
  bool keepDotSegments = false;   // ICU_NO_META: "/./" and "/../" stay
  bool browserMode = false;       // ICU_BROWSER_MODE: nothing after '?' or '#' is escaped
};

// Tabs, CR and LF anywhere and whitespace at either end go; "%XX" is
// decoded if asked; then, for URLs with "//" and for http, https, ftp and
// res: '\' becomes '/' in the path of http, https and ftp, an empty path
// after a host becomes "/", dot segments are removed (a leading "/.." is
// kept, as Windows does) and unsafe characters in the path are escaped
// (spaces-only mode also escapes spaces in the query and fragment unless
// in browser mode). File URLs become "file://" and a DOS path. Other
// opaque URLs ("mailto:", "about:") keep their text. Escapes use upper-case
// hex; wide characters above 0x7F escape as their UTF-8 bytes.
template <class C>
std::basic_string<C> canonicalizeUrl(std::basic_string_view<C> url, const CanonicalizeOptions& options);

// Resolves `relative` against `base`, whose dot segments go first: a full
// URL in `relative` wins, unless it has the base's scheme and no '/' after
// it ("http:c" is relative, and the scheme comes out in lower case); "//"
// keeps the base's scheme, "/" its host, "?" its path, "#" its query;
// anything else replaces the base's last path segment (an opaque base such
// as "xxx:text" keeps only its scheme). Then the result is canonicalized.
template <class C>
std::basic_string<C> combineUrl(std::basic_string_view<C> base, std::basic_string_view<C> relative,
                                const CanonicalizeOptions& options);

}  // namespace hinternet
