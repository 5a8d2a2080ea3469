#include "url_text.h"

#include "text.h"
#include "url_escape.h"

namespace hinternet::win32 {
namespace {

// The text in the ANSI code page, or false if a character has no exact form
// there (best-fit substitutes would change what the URL names).
bool ansiBytes(std::u16string_view text, std::string& bytes) {
  bytes.clear();
  if (text.empty()) return true;
  const UINT codePage = GetACP();
  const bool utf8 = codePage == CP_UTF8;
  const DWORD flags = utf8 ? WC_ERR_INVALID_CHARS : WC_NO_BEST_FIT_CHARS;
  BOOL usedDefault = FALSE;
  BOOL* usedDefaultOut = utf8 ? nullptr : &usedDefault;  // CP_UTF8 rejects this argument
  const wchar_t* wide = asWide(text.data());
  const int units = static_cast<int>(text.size());
  const int n = WideCharToMultiByte(codePage, flags, wide, units, nullptr, 0, nullptr, usedDefaultOut);
  if (n <= 0 || usedDefault) return false;
  bytes.resize(static_cast<std::size_t>(n));
  WideCharToMultiByte(codePage, flags, wide, units, bytes.data(), n, nullptr, usedDefaultOut);
  return !usedDefault;
}

}  // namespace

bool escapeWideForUrl(std::u16string_view text, std::u16string& escaped) {
  std::string bytes;
  if (!ansiBytes(text, bytes)) return false;
  const std::string ascii = escapeUrlBytes(bytes);
  escaped.assign(ascii.begin(), ascii.end());
  return true;
}

std::u16string escapeWideForUrlOrUtf8(std::u16string_view text) {
  std::u16string escaped;
  if (escapeWideForUrl(text, escaped)) return escaped;
  const std::string ascii = escapeUrlBytes(utf8FromWide(asWide(text.data()), static_cast<int>(text.size())));
  return std::u16string(ascii.begin(), ascii.end());
}

}  // namespace hinternet::win32
