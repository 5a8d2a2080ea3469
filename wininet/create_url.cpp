// InternetCreateUrlA, InternetCreateUrlW.
#include <optional>

#include "api_guard.h"
#include "handles.h"
#include "url_chars.h"
#include "url_escape.h"
#include "url_components.h"
#include "url_parts.h"
#include "url_text.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::guardedCall;

namespace {

std::optional<UrlScheme> schemeFromNumber(INTERNET_SCHEME number) {
  switch (number) {
    case INTERNET_SCHEME_DEFAULT:
    case INTERNET_SCHEME_HTTP: return UrlScheme::Http;
    case INTERNET_SCHEME_HTTPS: return UrlScheme::Https;
    case INTERNET_SCHEME_FTP: return UrlScheme::Ftp;
    case INTERNET_SCHEME_GOPHER: return UrlScheme::Gopher;
    case INTERNET_SCHEME_FILE: return UrlScheme::File;
    case INTERNET_SCHEME_NEWS: return UrlScheme::News;
    case INTERNET_SCHEME_MAILTO: return UrlScheme::Mailto;
    case INTERNET_SCHEME_SOCKS: return UrlScheme::Socks;
    case INTERNET_SCHEME_JAVASCRIPT: return UrlScheme::JavaScript;
    case INTERNET_SCHEME_VBSCRIPT: return UrlScheme::VbScript;
    case INTERNET_SCHEME_RES: return UrlScheme::Res;
    default: return std::nullopt;
  }
}

// ICU_ESCAPE: the A form escapes its bytes; the W form those of the ANSI
// code page, or UTF-8 where that has no form for a character.
std::string escaped(std::string_view text) { return escapeUrlBytes(text); }
std::u16string escaped(std::u16string_view text) { return win32::escapeWideForUrlOrUtf8(text); }

template <class C, class Components>
DWORD build(const Components& uc, DWORD flags, std::basic_string<typename UrlChars<C>::Core>& url) {
  using Core = typename UrlChars<C>::Core;
  UrlPieces<Core> pieces;
  pieces.slashesOnlyWithHost = true;
  std::basic_string<Core> schemeText;
  if (uc.lpszScheme) {
    pieces.scheme = *win32::componentText(uc.lpszScheme, uc.dwSchemeLength);
    pieces.schemeId = schemeFromName(pieces.scheme);
  } else {
    const auto scheme = schemeFromNumber(uc.nScheme);
    if (!scheme) return ERROR_INVALID_PARAMETER;
    pieces.schemeId = *scheme;
    for (const char* name = schemeName(*scheme); *name; ++name) schemeText.push_back(Core(*name));
    pieces.scheme = schemeText;
  }
  win32::takeComponentParts(uc, pieces);

  std::basic_string<Core> escapedPath, escapedExtra;
  if (flags & ICU_ESCAPE) {
    if (pieces.path) pieces.path = escapedPath = escaped(*pieces.path);
    if (pieces.extra) pieces.extra = escapedExtra = escaped(*pieces.extra);
  }
  return errorCode(assembleUrl(pieces, url));
}

template <class C, class Components>
BOOL createExport(const char* api, Components* components, DWORD flags, C* url, DWORD* urlLength) {
  return guardedCall(api, FALSE, [&]() -> BOOL {
    if (!components || components->dwStructSize != sizeof(Components) || !urlLength)
      return resultOf(ERROR_INVALID_PARAMETER);
    std::basic_string<typename UrlChars<C>::Core> text;
    const DWORD error = build<C>(*components, flags, text);
    if (error != ERROR_SUCCESS) return resultOf(error);
    // The buffer's size is in characters, the length returned on success
    // too (without the terminator), but the size a short buffer needed is
    // in bytes, terminator included: twice the characters for the W form.
    if (!url || *urlLength < text.size() + 1) {
      *urlLength = static_cast<DWORD>((text.size() + 1) * sizeof(C));
      SetLastError(ERROR_INSUFFICIENT_BUFFER);
      return FALSE;
    }
    if (!text.empty()) std::memcpy(url, text.data(), text.size() * sizeof(C));
    url[text.size()] = C(0);
    *urlLength = static_cast<DWORD>(text.size());
    return TRUE;
  });
}

}  // namespace

extern "C" BOOL WINAPI InternetCreateUrlA(LPURL_COMPONENTSA components, DWORD flags, LPSTR url, LPDWORD urlLength) {
  LOG_TRACE("InternetCreateUrlA(%p, 0x%lx, %p, %p)", static_cast<void*>(components), flags, static_cast<void*>(url),
            static_cast<void*>(urlLength));
  return createExport("InternetCreateUrlA", components, flags, url, urlLength);
}

extern "C" BOOL WINAPI InternetCreateUrlW(LPURL_COMPONENTSW components, DWORD flags, LPWSTR url, LPDWORD urlLength) {
  LOG_TRACE("InternetCreateUrlW(%p, 0x%lx, %p, %p)", static_cast<void*>(components), flags, static_cast<void*>(url),
            static_cast<void*>(urlLength));
  return createExport("InternetCreateUrlW", components, flags, url, urlLength);
}
