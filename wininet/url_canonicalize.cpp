// InternetCanonicalizeUrlA/W, InternetCombineUrlA/W.
#include "api_guard.h"
#include "handles.h"
#include "url_canonical.h"
#include "text.h"
#include "url_chars.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::guardedCall;

namespace {

// ICU_ESCAPE and the flags of other functions are ignored, as on Windows.
CanonicalizeOptions optionsFromFlags(DWORD flags) {
  CanonicalizeOptions options;
  options.decode = flags & ICU_DECODE;
  options.encodeUnsafe = !(flags & ICU_NO_ENCODE);
  options.encodeSpacesOnly = flags & ICU_ENCODE_SPACES_ONLY;
  options.encodePercent = flags & ICU_ENCODE_PERCENT;
  options.keepDotSegments = flags & ICU_NO_META;
  options.browserMode = flags & ICU_BROWSER_MODE;
  return options;
}

template <class C>
BOOL canonicalizeExport(const char* api, const C* url, C* buffer, DWORD* length, DWORD flags) {
  return guardedCall(api, FALSE, [&]() -> BOOL {
    if (!url || !buffer || !length) return resultOf(ERROR_INVALID_PARAMETER);
    using Chars = UrlChars<C>;
    const auto text = canonicalizeUrl(Chars::core(url, Chars::length(url)), optionsFromFlags(flags));
    const DWORD error = copyUrlOut(text, buffer, length);
    return resultOf(error);
  });
}

template <class C>
BOOL combineExport(const char* api, const C* base, const C* relative, C* buffer, DWORD* length, DWORD flags) {
  return guardedCall(api, FALSE, [&]() -> BOOL {
    if (!base || !relative || !length) return resultOf(ERROR_INVALID_PARAMETER);
    using Chars = UrlChars<C>;
    const auto text = combineUrl(Chars::core(base, Chars::length(base)),
                                 Chars::core(relative, Chars::length(relative)), optionsFromFlags(flags));
    const DWORD error = copyUrlOut(text, buffer, length);
    return resultOf(error);
  });
}

}  // namespace

extern "C" BOOL WINAPI InternetCanonicalizeUrlA(LPCSTR url, LPSTR buffer, LPDWORD length, DWORD flags) {
  LOG_TRACE("InternetCanonicalizeUrlA(%s, %p, %p, 0x%lx)", win32::utf8FromAnsi(url).c_str(),
            static_cast<void*>(buffer), static_cast<void*>(length), flags);
  return canonicalizeExport("InternetCanonicalizeUrlA", url, buffer, length, flags);
}

extern "C" BOOL WINAPI InternetCanonicalizeUrlW(LPCWSTR url, LPWSTR buffer, LPDWORD length, DWORD flags) {
  LOG_TRACE("InternetCanonicalizeUrlW(%s, %p, %p, 0x%lx)", win32::utf8FromWide(url).c_str(),
            static_cast<void*>(buffer), static_cast<void*>(length), flags);
  return canonicalizeExport("InternetCanonicalizeUrlW", url, buffer, length, flags);
}

extern "C" BOOL WINAPI InternetCombineUrlA(LPCSTR base, LPCSTR relative, LPSTR buffer, LPDWORD length, DWORD flags) {
  LOG_TRACE("InternetCombineUrlA(%s, %s, %p, %p, 0x%lx)", win32::utf8FromAnsi(base).c_str(),
            win32::utf8FromAnsi(relative).c_str(), static_cast<void*>(buffer), static_cast<void*>(length), flags);
  return combineExport("InternetCombineUrlA", base, relative, buffer, length, flags);
}

extern "C" BOOL WINAPI InternetCombineUrlW(LPCWSTR base, LPCWSTR relative, LPWSTR buffer, LPDWORD length,
                                           DWORD flags) {
  LOG_TRACE("InternetCombineUrlW(%s, %s, %p, %p, 0x%lx)", win32::utf8FromWide(base).c_str(),
            win32::utf8FromWide(relative).c_str(), static_cast<void*>(buffer), static_cast<void*>(length), flags);
  return combineExport("InternetCombineUrlW", base, relative, buffer, length, flags);
}
