#include "text.h"

#include <new>

namespace hinternet::win32 {

LPWSTR globalString(const std::wstring& text) {
  if (text.empty()) return nullptr;
  auto* copy = static_cast<LPWSTR>(GlobalAlloc(GMEM_FIXED, (text.size() + 1) * sizeof(wchar_t)));
  if (!copy) throw std::bad_alloc();
  text.copy(copy, text.size());
  copy[text.size()] = L'\0';
  return copy;
}

namespace {

template <class Char>
Char* localCopy(const std::basic_string<Char>& text) {
  auto* copy = static_cast<Char*>(LocalAlloc(LMEM_FIXED, (text.size() + 1) * sizeof(Char)));
  if (copy) {
    text.copy(copy, text.size());
    copy[text.size()] = Char();
  }
  return copy;
}

}  // namespace

LPWSTR localString(const std::wstring& text) { return localCopy(text); }
LPSTR localString(const std::string& text) { return localCopy(text); }

std::string utf8FromWide(const wchar_t* text, int length) {
  if (!text || length == 0) return {};
  const int n = WideCharToMultiByte(CP_UTF8, 0, text, length, nullptr, 0, nullptr, nullptr);
  if (n <= 0) return {};
  std::string out(static_cast<std::size_t>(n), '\0');
  WideCharToMultiByte(CP_UTF8, 0, text, length, out.data(), n, nullptr, nullptr);
  if (length < 0) out.pop_back();  // the converted terminator
  return out;
}

std::wstring wideFromUtf8(const std::string& text) {
  if (text.empty()) return {};
  const int n = MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0);
  std::wstring out(static_cast<std::size_t>(n), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), out.data(), n);
  return out;
}

std::string utf8FromAnsi(const char* text, int length) {
  if (!text || length == 0) return {};
  const int n = MultiByteToWideChar(CP_ACP, 0, text, length, nullptr, 0);
  if (n <= 0) return {};
  std::wstring wide(static_cast<std::size_t>(n), L'\0');
  MultiByteToWideChar(CP_ACP, 0, text, length, wide.data(), n);
  return utf8FromWide(wide.data(), length < 0 ? n - 1 : n);
}

std::string ansiFromUtf8(const std::string& text) {
  const std::wstring wide = wideFromUtf8(text);
  if (wide.empty()) return {};
  const int n = WideCharToMultiByte(CP_ACP, 0, wide.data(), static_cast<int>(wide.size()), nullptr, 0,
                                    nullptr, nullptr);
  std::string out(static_cast<std::size_t>(n), '\0');
  WideCharToMultiByte(CP_ACP, 0, wide.data(), static_cast<int>(wide.size()), out.data(), n, nullptr,
                      nullptr);
  return out;
}

std::string utf8FromCounted(const wchar_t* text, DWORD length) {
  return utf8FromWide(text, length == DWORD(-1) ? -1 : static_cast<int>(length));
}

std::string utf8FromCounted(const char* text, DWORD length) {
  return utf8FromAnsi(text, length == DWORD(-1) ? -1 : static_cast<int>(length));
}

}  // namespace hinternet::win32
