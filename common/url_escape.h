#pragma once
#include <string>
#include <string_view>

// Percent-encoding as WinHTTP's ICU_ESCAPE and ICU_DECODE apply it.
namespace hinternet {

// Whether Windows escapes this byte: controls, space, DEL and above, and
// " # % < > [ \ ] ^ ` { | } ~. It leaves '?', '&', '=' and '/' alone, since
// it escapes whole paths and queries.
bool urlByteNeedsEscape(unsigned char byte);

// Each byte that needs it becomes "%XX" (upper-case hex). The caller turns
// text into bytes first: Windows escapes the ANSI code page's bytes.
std::string escapeUrlBytes(std::string_view bytes);

// Spaces, controls and bytes beyond ASCII become "%XX"; everything else
// stays, '%' included, so escapes already in the text are not escaped twice
// (a URL as a server sent it).
std::string escapeNonAsciiBytes(std::string_view bytes);

// Each space becomes "%20", in path and query alike, and nothing else
// changes: how WinINet sends the object name of HttpOpenRequest and the
// path of InternetOpenUrl, which programs often escape themselves.
std::string escapeSpaces(std::string_view text);

// "%XX" with two hex digits becomes the code unit of that value; anything
// else, a lone '%' included, stays.
template <class C>
std::basic_string<C> decodePercent(std::basic_string_view<C> text);

}  // namespace hinternet
