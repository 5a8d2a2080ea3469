#pragma once
#include <windows.h>

#include <cstring>
#include <optional>
#include <string_view>

#include "url_parts.h"
#include "url_text.h"

namespace hinternet::win32 {

// Fills URL_COMPONENTS fields as WinHttpCrackUrl and InternetCrackUrl do. A
// field with a buffer and a length gets a copy; one with only a length gets
// a pointer into the URL; a zero length means "not wanted". When the URL was
// decoded or escaped there is no caller-owned text to point into, so asking
// for a pointer to a non-empty part is ERROR_INVALID_PARAMETER. C is the
// caller's character type (char for the A exports, wchar_t for the W ones).
template <class C>
class ComponentWriter {
 public:
  using View = std::basic_string_view<C>;

  // How a buffer given with a zero length counts: WinHTTP refuses it,
  // WinINet reports it too small.
  enum class ZeroLengthBuffer { Invalid, TooSmall };

  ComponentWriter(const C* callerEnd, bool transformed, ZeroLengthBuffer zeroLength)
      : callerEnd_(callerEnd), transformed_(transformed), zeroLength_(zeroLength) {}

  // `part` is the part's text inside the URL (absent: the pointer becomes
  // NULL); `copy` is what a buffer receives, which may differ from it
  // (WinINet turns file URLs into DOS paths).
  DWORD put(C*& field, DWORD& fieldLength, const std::optional<View>& part, View copy) {
    if (field && !fieldLength && zeroLength_ == ZeroLengthBuffer::Invalid) return ERROR_INVALID_PARAMETER;
    if (!field && !fieldLength) return ERROR_SUCCESS;
    if (!field) {
      const std::size_t length = part ? part->size() : 0;
      if (transformed_ && length) return ERROR_INVALID_PARAMETER;
      if (!part) field = nullptr;
      else field = const_cast<C*>(transformed_ ? callerEnd_ : part->data());
      fieldLength = static_cast<DWORD>(length);
      return ERROR_SUCCESS;
    }
    if (copy.size() >= fieldLength) {
      fieldLength = static_cast<DWORD>(copy.size() + 1);
      overflow_ = true;
      return ERROR_SUCCESS;
    }
    if (!copy.empty()) std::memcpy(field, copy.data(), copy.size() * sizeof(C));
    field[copy.size()] = C(0);
    fieldLength = static_cast<DWORD>(copy.size());
    return ERROR_SUCCESS;
  }

  DWORD put(C*& field, DWORD& fieldLength, const std::optional<View>& part) {
    return put(field, fieldLength, part, part ? *part : View());
  }

  bool overflowed() const { return overflow_; }

 private:
  const C* callerEnd_;
  bool transformed_;
  ZeroLengthBuffer zeroLength_;
  bool overflow_ = false;
};

// A URL_COMPONENTS string for WinHttpCreateUrl and InternetCreateUrl:
// absent when NULL, NUL-terminated when its length is 0, otherwise exactly
// that many characters (NULs included, as Windows copies them).
template <class C>
std::optional<std::basic_string_view<typename UrlChars<C>::Core>> componentText(const C* text, DWORD length) {
  if (!text) return std::nullopt;
  return UrlChars<C>::core(text, length ? length : UrlChars<C>::length(text));
}

// Every part of `uc` but the scheme, which the two DLLs name differently.
template <class Components, class K>
void takeComponentParts(const Components& uc, UrlPieces<K>& pieces) {
  pieces.user = componentText(uc.lpszUserName, uc.dwUserNameLength);
  pieces.password = componentText(uc.lpszPassword, uc.dwPasswordLength);
  pieces.host = componentText(uc.lpszHostName, uc.dwHostNameLength);
  pieces.port = uc.nPort;
  pieces.path = componentText(uc.lpszUrlPath, uc.dwUrlPathLength);
  pieces.extra = componentText(uc.lpszExtraInfo, uc.dwExtraInfoLength);
}

}  // namespace hinternet::win32
