// WinHttpCrackUrl.
#include <cwchar>

#include "api_guard.h"
#include "handles.h"
#include "text.h"
#include "url_escape.h"
#include "url_parts.h"
#include "url_components.h"
#include "url_text.h"

using namespace hinternet;
using namespace hinternet::winhttp;
using win32::guardedCall;

namespace {

// ICU_ESCAPE escapes from the URL's last '/' on, which is how Windows treats
// "http://host name/path with spaces": the host keeps its space.
bool escapeTail(std::u16string_view url, std::u16string& out) {
  const std::size_t slash = url.rfind(u'/');
  if (slash == std::u16string_view::npos) {
    out.assign(url);
    return true;
  }
  std::u16string tail;
  if (!win32::escapeWideForUrl(url.substr(slash), tail)) return false;
  out.assign(url.substr(0, slash));
  out += tail;
  return true;
}

DWORD crack(std::u16string_view url, const wchar_t* callerEnd, DWORD flags, URL_COMPONENTS& uc) {
  std::u16string transformed;
  const bool isTransformed = flags & (ICU_ESCAPE | ICU_DECODE);
  if (flags & ICU_ESCAPE) {
    if (!escapeTail(url, transformed)) return ERROR_INVALID_PARAMETER;
  } else if (flags & ICU_DECODE) {
    transformed = decodePercent(url);
  }
  const std::u16string_view text = isTransformed ? std::u16string_view(transformed) : url;

  const auto schemeSpan = findScheme(text);
  if (!schemeSpan) return ERROR_WINHTTP_UNRECOGNIZED_SCHEME;
  const UrlScheme scheme = schemeFromName(text.substr(schemeSpan->offset, schemeSpan->length));
  if (scheme != UrlScheme::Http && scheme != UrlScheme::Https) return ERROR_WINHTTP_UNRECOGNIZED_SCHEME;
  UrlLayout layout;
  Error error = splitUrl(text, *schemeSpan, layout);
  if (error != Error::None) return errorCode(error);
  if ((flags & ICU_REJECT_USERPWD) && layout.hasUser) return ERROR_WINHTTP_INVALID_URL;
  unsigned port = defaultPort(scheme);
  if (layout.hasPort && layout.port.length) {
    error = parsePort(text.substr(layout.port.offset, layout.port.length), port);
    if (error != Error::None) return errorCode(error);
  }

  // Windows folds the query into the path for a caller who does not want it
  // separately.
  UrlSpan path = layout.path;
  if (!uc.dwExtraInfoLength) path.length += layout.extra.length;

  using Writer = win32::ComponentWriter<wchar_t>;
  Writer out(callerEnd, isTransformed, Writer::ZeroLengthBuffer::Invalid);
  const std::wstring_view wide(win32::asWide(text.data()), text.size());
  auto at = [&](const UrlSpan& span, bool present = true) -> std::optional<std::wstring_view> {
    if (!present) return std::nullopt;
    return wide.substr(span.offset, span.length);
  };
  DWORD result = out.put(uc.lpszScheme, uc.dwSchemeLength, at(layout.scheme));
  if (!result) result = out.put(uc.lpszUserName, uc.dwUserNameLength, at(layout.user, layout.hasUser));
  if (!result) result = out.put(uc.lpszPassword, uc.dwPasswordLength, at(layout.password, layout.hasPassword));
  if (!result) result = out.put(uc.lpszHostName, uc.dwHostNameLength, at(layout.host));
  if (result) return result;
  uc.nPort = static_cast<INTERNET_PORT>(port);
  result = out.put(uc.lpszUrlPath, uc.dwUrlPathLength, at(path));
  if (!result) result = out.put(uc.lpszExtraInfo, uc.dwExtraInfoLength, at(layout.extra));
  if (result) return result;
  uc.nScheme = scheme == UrlScheme::Https ? INTERNET_SCHEME_HTTPS : INTERNET_SCHEME_HTTP;
  return out.overflowed() ? ERROR_INSUFFICIENT_BUFFER : ERROR_SUCCESS;
}

}  // namespace

extern "C" BOOL WINAPI WinHttpCrackUrl(LPCWSTR url, DWORD urlLength, DWORD flags, LPURL_COMPONENTS components) {
  LOG_TRACE("WinHttpCrackUrl(%s, %lu, 0x%lx, %p)", win32::utf8FromWide(url, urlLength ? int(urlLength) : -1).c_str(),
            urlLength, flags, static_cast<void*>(components));
  return guardedCall("WinHttpCrackUrl", FALSE, [&]() -> BOOL {
    if (!url || !components || components->dwStructSize != sizeof(URL_COMPONENTS)) {
      SetLastError(ERROR_INVALID_PARAMETER);
      return FALSE;
    }
    // A length of 0 means the URL is NUL-terminated.
    const std::size_t length = urlLength ? urlLength : std::wcslen(url);
    const DWORD error = crack(win32::asUtf16(url, length), url + length, flags, *components);
    SetLastError(error);
    return error == ERROR_SUCCESS;
  });
}
