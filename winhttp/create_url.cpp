// WinHttpCreateUrl.
#include <windows.h>
#include <winhttp.h>

#include <cwchar>

#include "api_guard.h"
#include "url_components.h"
#include "url_parts.h"
#include "url_text.h"

using namespace hinternet;
using win32::guardedCall;

namespace {

// WinHTTP knows the default ports of http and https only; any other scheme
// keeps its port in the URL.
UrlScheme portScheme(UrlScheme scheme) {
  return scheme == UrlScheme::Http || scheme == UrlScheme::Https ? scheme : UrlScheme::Unknown;
}

DWORD build(const URL_COMPONENTS& uc, DWORD flags, std::u16string& url) {
  if ((flags & ICU_REJECT_USERPWD) && (uc.lpszUserName || uc.lpszPassword)) return ERROR_WINHTTP_INVALID_URL;
  UrlPieces<char16_t> pieces;
  if (uc.lpszScheme) {
    pieces.scheme = *win32::componentText(uc.lpszScheme, uc.dwSchemeLength);
    pieces.schemeId = portScheme(schemeFromName(pieces.scheme));
  } else {
    // nScheme 0 means http, as on Windows.
    switch (uc.nScheme) {
      case 0:
      case INTERNET_SCHEME_HTTP: pieces.schemeId = UrlScheme::Http; break;
      case INTERNET_SCHEME_HTTPS: pieces.schemeId = UrlScheme::Https; break;
      default: return ERROR_INVALID_PARAMETER;
    }
    pieces.scheme = pieces.schemeId == UrlScheme::Https ? u"https" : u"http";
  }
  win32::takeComponentParts(uc, pieces);

  std::u16string escapedPath, escapedExtra;
  if (flags & ICU_ESCAPE) {
    if (pieces.path) {
      if (!win32::escapeWideForUrl(*pieces.path, escapedPath)) return ERROR_INVALID_PARAMETER;
      pieces.path = escapedPath;
    }
    if (pieces.extra) {
      if (!win32::escapeWideForUrl(*pieces.extra, escapedExtra)) return ERROR_INVALID_PARAMETER;
      pieces.extra = escapedExtra;
    }
  }
  return assembleUrl(pieces, url) == Error::None ? ERROR_SUCCESS : ERROR_INVALID_PARAMETER;
}

}  // namespace

extern "C" BOOL WINAPI WinHttpCreateUrl(LPURL_COMPONENTS components, DWORD flags, LPWSTR url, LPDWORD urlLength) {
  LOG_TRACE("WinHttpCreateUrl(%p, 0x%lx, %p, %p)", static_cast<void*>(components), flags, static_cast<void*>(url),
            static_cast<void*>(urlLength));
  return guardedCall("WinHttpCreateUrl", FALSE, [&]() -> BOOL {
    if (!components || components->dwStructSize != sizeof(URL_COMPONENTS) || !urlLength) {
      SetLastError(ERROR_INVALID_PARAMETER);
      return FALSE;
    }
    std::u16string text;
    const DWORD error = build(*components, flags, text);
    if (error != ERROR_SUCCESS) {
      SetLastError(error);
      return FALSE;
    }
    // Lengths are in characters: on a short buffer the size needed with the
    // terminator, on success the length without it.
    const DWORD needed = static_cast<DWORD>(text.size());
    if (*urlLength < needed + 1) {
      *urlLength = needed + 1;
      SetLastError(ERROR_INSUFFICIENT_BUFFER);
      return FALSE;
    }
    if (!url) {
      SetLastError(ERROR_INVALID_PARAMETER);
      return FALSE;
    }
    std::wmemcpy(url, win32::asWide(text.data()), needed);
    url[needed] = L'\0';
    *urlLength = needed;
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  });
}
