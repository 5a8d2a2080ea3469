#include "url_escape.h"

#include <cstring>

namespace hinternet {
namespace {

template <class C>
int hexValue(C c) {
  if (c >= C('0') && c <= C('9')) return int(c - C('0'));
  if (c >= C('a') && c <= C('f')) return int(c - C('a')) + 10;
  if (c >= C('A') && c <= C('F')) return int(c - C('A')) + 10;
  return -1;
}

// Each byte `needsEscape` picks becomes "%XX" (upper-case hex).
template <class NeedsEscape>
std::string escapeWhere(std::string_view bytes, NeedsEscape needsEscape) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (needsEscape(byte)) {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xF]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

bool urlByteNeedsEscape(unsigned char byte) {
  if (byte <= 0x20 || byte >= 0x7F) return true;
  return std::strchr("\"#%<>[\\]^`{|}~", byte) != nullptr;
}

std::string escapeUrlBytes(std::string_view bytes) { return escapeWhere(bytes, urlByteNeedsEscape); }

std::string escapeNonAsciiBytes(std::string_view bytes) {
  return escapeWhere(bytes, [](unsigned char byte) { return byte <= 0x20 || byte >= 0x7F; });
}

std::string escapeSpaces(std::string_view text) {
  return escapeWhere(text, [](unsigned char byte) { return byte == ' '; });
}

template <class C>
std::basic_string<C> decodePercent(std::basic_string_view<C> text) {
  std::basic_string<C> out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == C('%') && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 && hexValue(text[i + 2]) >= 0) {
      out.push_back(C(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

template std::string decodePercent<char>(std::string_view);
template std::u16string decodePercent<char16_t>(std::u16string_view);

}  // namespace hinternet
