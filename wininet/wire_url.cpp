// InternetConvertUrlFromWireToWideChar: a URL as a server sent it (a
// Location header's bytes) as the Unicode URL a program navigates to.
#include "api_guard.h"
#include "handles.h"
#include "text.h"
#include "url_canonical.h"
#include "url_chars.h"
#include "wire_url.h"


using namespace hinternet;
using namespace hinternet::wininet;
using win32::guardedCall;

extern "C" DWORD WINAPI InternetConvertUrlFromWireToWideChar(const char* url, DWORD length, PCWSTR baseUrl,
                                                             DWORD codePageHost, DWORD codePagePath,
                                                             BOOL encodePathExtra, DWORD codePageExtra,
                                                             PWSTR* converted);

namespace {

// The pseudo code pages MultiByteToWideChar takes besides installed ones.
bool knownCodePage(DWORD codePage) {
  return codePage == CP_ACP || codePage == CP_OEMCP || codePage == CP_MACCP || codePage == CP_THREAD_ACP ||
         IsValidCodePage(codePage);
}

bool decodeBytes(std::string_view bytes, unsigned codePage, std::u16string& out) {
  const int size = static_cast<int>(bytes.size());
  // Some code pages (ISO-2022 ones, UTF-7) take no MB_ERR_INVALID_CHARS:
  // they decode without the check.
  DWORD flags = MB_ERR_INVALID_CHARS;
  int chars = MultiByteToWideChar(codePage, flags, bytes.data(), size, nullptr, 0);
  if (!chars && GetLastError() == ERROR_INVALID_FLAGS) {
    flags = 0;
    chars = MultiByteToWideChar(codePage, flags, bytes.data(), size, nullptr, 0);
  }
  if (chars <= 0) return false;
  std::wstring wide(static_cast<std::size_t>(chars), L'\0');
  if (MultiByteToWideChar(codePage, flags, bytes.data(), size, &wide[0], chars) != chars) return false;
  out.assign(wide.begin(), wide.end());
  return true;
}

}  // namespace

extern "C" DWORD WINAPI InternetConvertUrlFromWireToWideChar(const char* url, DWORD length, PCWSTR baseUrl,
                                                             DWORD codePageHost, DWORD codePagePath,
                                                             BOOL encodePathExtra, DWORD codePageExtra,
                                                             PWSTR* converted) {
  LOG_TRACE("InternetConvertUrlFromWireToWideChar(%p, %lu, %s, %lu, %lu, %d, %lu, %p)",
            static_cast<const void*>(url), length, win32::utf8FromWide(baseUrl).c_str(), codePageHost, codePagePath,
            encodePathExtra, codePageExtra, static_cast<void*>(converted));
  return guardedCall("InternetConvertUrlFromWireToWideChar", DWORD(ERROR_NOT_ENOUGH_MEMORY), [&]() -> DWORD {
    if (!url || !converted) return ERROR_INVALID_PARAMETER;
    *converted = nullptr;
    if (!knownCodePage(codePageHost) || !knownCodePage(codePagePath) || !knownCodePage(codePageExtra))
      return ERROR_INVALID_PARAMETER;
    // A header value is counted; 0 or -1 (as the other counted strings) means
    // up to the NUL.
    const std::string_view wire(url, boundedLength(url, length == DWORD(-1) ? 0 : length));
    WireUrlCodePages pages;
    pages.host = codePageHost;
    pages.path = codePagePath;
    pages.extra = codePageExtra;
    pages.encodePathExtra = encodePathExtra != FALSE;
    std::u16string text = wireUrlToUtf16(wire, pages, decodeBytes);
    // A relative reference resolves against the base as InternetCombineUrl
    // does, with nothing escaped: the decoded characters stay.
    CanonicalizeOptions options;
    options.encodeUnsafe = false;
    if (baseUrl) {
      using Chars = UrlChars<wchar_t>;
      text = combineUrl(Chars::core(baseUrl, Chars::length(baseUrl)), std::u16string_view(text), options);
    } else {
      text = canonicalizeUrl(std::u16string_view(text), options);
    }
    // Without a base, only an absolute URL names anything.
    if (!urlSchemeLength(std::u16string_view(text))) return ERROR_INTERNET_INVALID_URL;
    // The caller frees it with GlobalFree (or LocalFree), as the strings of
    // the per-connection options and WinHTTP's proxy structures.
    *converted = win32::globalString(std::wstring(text.begin(), text.end()));
    return ERROR_SUCCESS;
  });
}
