#pragma once
#include <cstring>
#include <cwchar>
#include <string>
#include <string_view>

#include "url_text.h"

// The URL exports come in A and W forms that differ only in their character
// type; the core's URL functions take char (the ANSI code page's bytes, used
// as they are) and char16_t. These map one to the other without copying.
namespace hinternet::wininet {

template <class C>
struct UrlChars;

template <>
struct UrlChars<char> {
  using Core = char;
  static std::size_t length(const char* text) { return std::strlen(text); }
  static std::string_view core(const char* text, std::size_t n) { return {text, n}; }
  static const char* caller(const char* text) { return text; }
};

template <>
struct UrlChars<wchar_t> {
  using Core = char16_t;
  static std::size_t length(const wchar_t* text) { return std::wcslen(text); }
  static std::u16string_view core(const wchar_t* text, std::size_t n) { return win32::asUtf16(text, n); }
  static const wchar_t* caller(const char16_t* text) { return win32::asWide(text); }
};

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

}  // namespace hinternet::wininet
