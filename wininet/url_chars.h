#pragma once
#include <cstring>
#include <cwchar>
#include <string>
#include <string_view>

#include "url_text.h"

// Buffer and error rules the WinINet URL exports share.
namespace hinternet::wininet {

using win32::UrlChars;

// The length of a string the caller passed with a maximum: up to its first
// NUL within `maximum`, or all of it when `maximum` is 0.
template <class C>
std::size_t boundedLength(const C* text, std::size_t maximum) {
  if (!maximum) return UrlChars<C>::length(text);
  std::size_t n = 0;
  while (n < maximum && text[n]) ++n;
  return n;
}

// Copies `text` and its terminator into the caller's buffer of `*length`
// characters, as InternetCanonicalizeUrl and InternetCombineUrl do: on
// success `*length` is the text's length; when it does not fit, it becomes
// the size needed with the terminator and the call fails with
// ERROR_INSUFFICIENT_BUFFER.
template <class C, class K>
DWORD copyUrlOut(const std::basic_string<K>& text, C* buffer, DWORD* length) {
  if (!buffer || *length < text.size() + 1) {
    *length = static_cast<DWORD>(text.size() + 1);
    return ERROR_INSUFFICIENT_BUFFER;
  }
  if (!text.empty()) std::memcpy(buffer, text.data(), text.size() * sizeof(C));
  buffer[text.size()] = C(0);
  *length = static_cast<DWORD>(text.size());
  return ERROR_SUCCESS;
}

// An export's result from its error: FALSE with the error as the last
// error, or TRUE leaving the last error alone, as Windows does.
inline BOOL resultOf(DWORD error) {
  if (error == ERROR_SUCCESS) return TRUE;
  SetLastError(error);
  return FALSE;
}

}  // namespace hinternet::wininet
