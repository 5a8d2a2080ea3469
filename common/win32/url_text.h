#pragma once
#include <windows.h>

#include <cstring>
#include <cwchar>
#include <string>
#include <string_view>

namespace hinternet::win32 {

// WCHAR and char16_t are the same 16-bit units on Windows; the core's URL
// functions take char16_t so they build on Linux too.
static_assert(sizeof(wchar_t) == sizeof(char16_t), "WCHAR is UTF-16");
inline std::u16string_view asUtf16(const wchar_t* text, std::size_t length) {
  return {reinterpret_cast<const char16_t*>(text), length};
}
inline const wchar_t* asWide(const char16_t* text) { return reinterpret_cast<const wchar_t*>(text); }

// URL exports come in A and W forms that differ only in their character
// type; the core's URL functions take char (the ANSI code page's bytes,
// used as they are) and char16_t. These map one to the other without
// copying.
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
  static std::u16string_view core(const wchar_t* text, std::size_t n) { return asUtf16(text, n); }
  static const wchar_t* caller(const char16_t* text) { return asWide(text); }
};

// ICU_ESCAPE for wide text. Windows escapes the bytes of the ANSI code page,
// so a character with no form there (U+FB00 under code page 1252) makes the
// call fail with ERROR_INVALID_PARAMETER: false here. The result is ASCII.
bool escapeWideForUrl(std::u16string_view text, std::u16string& escaped);

// InternetCreateUrlW's ICU_ESCAPE: the ANSI code page's bytes where every
// character has one, else UTF-8, so it never fails.
std::u16string escapeWideForUrlOrUtf8(std::u16string_view text);

}  // namespace hinternet::win32
