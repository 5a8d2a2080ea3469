// _GetFileExtensionFromUrl: the file extension of a URL's path, which
// Internet Explorer gave the cache file of a download. Its prototype is in
// no SDK; API monitors (Deviare's database) record it as
// DWORD _GetFileExtensionFromUrl(LPSTR lpszUrl, DWORD dwFlags, LPSTR lpszExt, DWORD* pcchExt).
#include "api_guard.h"
#include "handles.h"
#include "text.h"
#include "url_chars.h"
#include "url_file_extension.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::guardedCall;

extern "C" DWORD WINAPI _GetFileExtensionFromUrl(LPSTR url, DWORD flags, LPSTR extension, DWORD* length);

// The result is an error code, the size rules InternetCanonicalizeUrl's:
// ERROR_INSUFFICIENT_BUFFER with the size needed (terminator included), or
// the length copied. A URL without an extension gives an empty one. The
// flags have no known meaning and are ignored.
extern "C" DWORD WINAPI _GetFileExtensionFromUrl(LPSTR url, DWORD flags, LPSTR extension, DWORD* length) {
  LOG_TRACE("_GetFileExtensionFromUrl(%s, 0x%lx, %p, %p)", win32::utf8FromAnsi(url).c_str(), flags,
            static_cast<void*>(extension), static_cast<void*>(length));
  return guardedCall("_GetFileExtensionFromUrl", DWORD(ERROR_NOT_ENOUGH_MEMORY), [&]() -> DWORD {
    if (!url || !length) return ERROR_INVALID_PARAMETER;
    const std::string found(urlFileExtension(url));
    return copyUrlOut(found, extension, length);
  });
}
