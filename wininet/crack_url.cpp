// InternetCrackUrlA, InternetCrackUrlW.
#include "api_guard.h"
#include "handles.h"
#include "internet_url.h"
#include "text.h"
#include "url_chars.h"
#include "url_components.h"
#include "url_escape.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::guardedCall;

namespace {

INTERNET_SCHEME schemeNumber(UrlScheme scheme) {
  switch (scheme) {
    case UrlScheme::Http: return INTERNET_SCHEME_HTTP;
    case UrlScheme::Https: return INTERNET_SCHEME_HTTPS;
    case UrlScheme::Ftp: return INTERNET_SCHEME_FTP;
    case UrlScheme::Gopher: return INTERNET_SCHEME_GOPHER;
    case UrlScheme::File: return INTERNET_SCHEME_FILE;
    case UrlScheme::News: return INTERNET_SCHEME_NEWS;
    case UrlScheme::Mailto: return INTERNET_SCHEME_MAILTO;
    case UrlScheme::Socks: return INTERNET_SCHEME_SOCKS;
    case UrlScheme::JavaScript: return INTERNET_SCHEME_JAVASCRIPT;
    case UrlScheme::VbScript: return INTERNET_SCHEME_VBSCRIPT;
    case UrlScheme::Res: return INTERNET_SCHEME_RES;
    case UrlScheme::Unknown: break;
  }
  return INTERNET_SCHEME_UNKNOWN;
}

template <class C, class Components>
DWORD crack(const C* url, std::size_t length, DWORD flags, Components& uc) {
  using Chars = UrlChars<C>;
  using Core = typename Chars::Core;
  const bool transformed = flags & (ICU_DECODE | ICU_ESCAPE);
  // Decoding needs buffers to copy into; Windows refuses a call that wants
  // none at all.
  if (transformed && !uc.dwSchemeLength && !uc.dwHostNameLength && !uc.dwUserNameLength &&
      !uc.dwPasswordLength && !uc.dwUrlPathLength && !uc.dwExtraInfoLength)
    return ERROR_INVALID_PARAMETER;

  const std::basic_string_view<Core> given = Chars::core(url, length);
  std::basic_string<Core> decoded;
  if (transformed) decoded = decodePercent(given);
  const std::basic_string_view<Core> text = transformed ? std::basic_string_view<Core>(decoded) : given;

  InternetUrl cracked;
  const Error error = crackInternetUrl(text, cracked);
  if (error != Error::None) return errorCode(error);
  const UrlLayout& layout = cracked.layout;

  using View = std::basic_string_view<C>;
  const View caller(Chars::caller(text.data()), text.size());
  auto at = [&](const UrlSpan& span, bool present = true) -> std::optional<View> {
    if (!present) return std::nullopt;
    return caller.substr(span.offset, span.length);
  };
  // Without a place for the extra information, the path keeps it.
  UrlSpan path = layout.path;
  if (!uc.dwExtraInfoLength) path.length += layout.extra.length;
  std::basic_string<Core> dosPath;
  if (cracked.scheme == UrlScheme::File) dosPath = dosPathFromFileUrl(text.substr(path.offset, path.length));

  using Writer = win32::ComponentWriter<C>;
  Writer out(url + length, transformed, Writer::ZeroLengthBuffer::TooSmall);
  DWORD result = out.put(uc.lpszScheme, uc.dwSchemeLength, at(layout.scheme));
  if (!result) result = out.put(uc.lpszHostName, uc.dwHostNameLength, at(layout.host, layout.hasHost));
  if (!result) result = out.put(uc.lpszUserName, uc.dwUserNameLength, at(layout.user, layout.hasUser));
  if (!result) result = out.put(uc.lpszPassword, uc.dwPasswordLength, at(layout.password, layout.hasPassword));
  if (!result) {
    const auto pathText = at(path);
    const View copy = cracked.scheme == UrlScheme::File ? View(Chars::caller(dosPath.data()), dosPath.size())
                                                        : *pathText;
    result = out.put(uc.lpszUrlPath, uc.dwUrlPathLength, pathText, copy);
  }
  if (!result) result = out.put(uc.lpszExtraInfo, uc.dwExtraInfoLength, at(layout.extra, layout.hasExtra));
  if (result) return result;
  uc.nScheme = schemeNumber(cracked.scheme);
  uc.nPort = static_cast<INTERNET_PORT>(cracked.port);
  return out.overflowed() ? ERROR_INSUFFICIENT_BUFFER : ERROR_SUCCESS;
}

template <class C, class Components>
BOOL crackExport(const char* api, const C* url, DWORD urlLength, DWORD flags, Components* components,
                 bool checkSize) {
  return guardedCall(api, FALSE, [&]() -> BOOL {
    // Only the A form checks the structure's size, as on Windows.
    if (!url || !components || (checkSize && components->dwStructSize != sizeof(Components)))
      return resultOf(ERROR_INVALID_PARAMETER);
    // A length of 0 means NUL-terminated; any other is a maximum that a
    // NUL inside it cuts short.
    const DWORD error = crack(url, boundedLength(url, urlLength), flags, *components);
    return resultOf(error);
  });
}

}  // namespace

extern "C" BOOL WINAPI InternetCrackUrlA(LPCSTR url, DWORD urlLength, DWORD flags, LPURL_COMPONENTSA components) {
  LOG_TRACE("InternetCrackUrlA(%s, %lu, 0x%lx, %p)",
            url ? win32::utf8FromAnsi(url, int(boundedLength(url, urlLength))).c_str() : "(null)", urlLength, flags,
            static_cast<void*>(components));
  return crackExport("InternetCrackUrlA", url, urlLength, flags, components, true);
}

extern "C" BOOL WINAPI InternetCrackUrlW(LPCWSTR url, DWORD urlLength, DWORD flags, LPURL_COMPONENTSW components) {
  LOG_TRACE("InternetCrackUrlW(%s, %lu, 0x%lx, %p)",
            url ? win32::utf8FromWide(url, int(boundedLength(url, urlLength))).c_str() : "(null)", urlLength, flags,
            static_cast<void*>(components));
  return crackExport("InternetCrackUrlW", url, urlLength, flags, components, false);
}
