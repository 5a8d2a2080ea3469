// InternetSetCookie(Ex)(A/W), InternetGetCookie(Ex)(A/W), the Windows 10
// INTERNET_COOKIE2 forms, InternalInternetGetCookie, IsDomainLegalCookieDomain.
#include <cstring>

#include "api_guard.h"
#include "cookie_decisions.h"
#include "cookie_jar.h"
#include "handles.h"
#include "text.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::guardedCall;
using win32::utf8FromAnsi;
using win32::utf8FromWide;

extern "C" {
DWORD WINAPI InternetGetCookieEx2(PCWSTR url, PCWSTR name, DWORD flags, INTERNET_COOKIE2** cookies, PDWORD count);
DWORD WINAPI InternetSetCookieEx2(PCWSTR url, const INTERNET_COOKIE2* cookie, PCWSTR p3pPolicy, DWORD flags,
                                  PDWORD state);
void WINAPI InternetFreeCookies(INTERNET_COOKIE2* cookies, DWORD count);
}

namespace {

constexpr std::int64_t kFileTimeUnixEpoch = 116444736000000000LL;  // 1970-01-01 in 100 ns since 1601

BOOL failWith(DWORD error) {
  SetLastError(error);
  return FALSE;
}

// The URL a cookie call names, with Windows' errors: no URL is an invalid
// parameter, text without a scheme an unrecognized one.
DWORD cookieUrl(const char* given, const std::string& url, CookieUrl& out) {
  if (!given || url.empty()) return ERROR_INVALID_PARAMETER;
  if (url.find(':') == std::string::npos) return ERROR_INTERNET_UNRECOGNIZED_SCHEME;
  auto parsed = cookieUrlFrom(url);
  if (!parsed) return ERROR_INVALID_PARAMETER;
  out = std::move(*parsed);
  return ERROR_SUCCESS;
}

// The outcome of a set, as InternetSetCookieEx returns it: a cookie state,
// with the last error of a refusal.
DWORD setCookie(const char* urlGiven, const std::string& url, const std::string* name, const char* dataGiven,
                const std::string& data, DWORD flags, DWORD_PTR p3pHeader) {
  // Missing data is reported before a bad URL, as on Windows.
  CookieUrl where;
  const DWORD error = !urlGiven || !dataGiven ? DWORD(ERROR_INVALID_PARAMETER) : cookieUrl(urlGiven, url, where);
  if (error != ERROR_SUCCESS) {
    SetLastError(error);
    return COOKIE_STATE_UNKNOWN;
  }
  // Restricted sites never get cookies, nor third parties without a
  // privacy policy (the default "medium" privacy setting), unless the user
  // decided for the site.
  const DWORD decision = siteCookieDecision(where.host);
  const bool thirdPartyRefused = (flags & INTERNET_COOKIE_THIRD_PARTY) && !p3pHeader && decision != COOKIE_STATE_ACCEPT;
  if ((flags & INTERNET_FLAG_RESTRICTED_ZONE) || thirdPartyRefused || decision == COOKIE_STATE_REJECT) {
    SetLastError(ERROR_SUCCESS);
    return COOKIE_STATE_REJECT;
  }
  const std::string text = name && !name->empty() ? *name + "=" + data : data;
  if (text.empty()) {
    SetLastError(ERROR_SUCCESS);
    return COOKIE_STATE_ACCEPT;
  }
  const bool mayTouchHttpOnly = flags & (INTERNET_COOKIE_HTTPONLY | INTERNET_COOKIE_NON_SCRIPT);
  switch (processCookies()->set(where, text, mayTouchHttpOnly, CookieStore::currentTime())) {
    case CookieVerdict::Stored:
      SetLastError(ERROR_SUCCESS);
      return COOKIE_STATE_ACCEPT;
    case CookieVerdict::HttpOnly:
      SetLastError(ERROR_INVALID_OPERATION);
      return COOKIE_STATE_REJECT;
    case CookieVerdict::Foreign:
    case CookieVerdict::Malformed:
      break;
  }
  SetLastError(ERROR_INVALID_PARAMETER);
  return COOKIE_STATE_UNKNOWN;
}

BOOL setCookieBool(const char* api, const char* urlGiven, const std::string& url, const char* nameGiven,
                   const std::string& name, const char* dataGiven, const std::string& data) {
  LOG_TRACE("%s(%s, %s, %s)", api, url.c_str(), name.c_str(), data.c_str());
  return guardedCall(api, FALSE, [&]() -> BOOL {
    const DWORD state = setCookie(urlGiven, url, nameGiven ? &name : nullptr, dataGiven, data, 0, 0);
    return state == COOKIE_STATE_ACCEPT ? TRUE : FALSE;
  });
}

DWORD setCookieEx(const char* api, const char* urlGiven, const std::string& url, const char* nameGiven,
                  const std::string& name, const char* dataGiven, const std::string& data, DWORD flags,
                  DWORD_PTR reserved) {
  LOG_TRACE("%s(%s, %s, %s, 0x%lx, %p)", api, url.c_str(), name.c_str(), data.c_str(), flags, (void*)reserved);
  return guardedCall(api, DWORD(COOKIE_STATE_UNKNOWN), [&]() -> DWORD {
    return setCookie(urlGiven, url, nameGiven ? &name : nullptr, dataGiven, data, flags, reserved);
  });
}

// Copies the cookie text the way InternetGetCookie(Ex) does: the size in
// characters, terminator included; without a buffer, or when it is too
// small, the size needed in bytes.
template <class Char>
BOOL writeCookies(const std::basic_string<Char>& text, Char* buffer, DWORD* size) {
  const DWORD needed = static_cast<DWORD>(text.size() + 1);
  if (!buffer) {
    *size = needed * sizeof(Char);
    SetLastError(ERROR_SUCCESS);
    return TRUE;
  }
  if (*size < needed) {
    *size = needed * sizeof(Char);
    return failWith(ERROR_INSUFFICIENT_BUFFER);
  }
  std::memcpy(buffer, text.c_str(), needed * sizeof(Char));
  *size = needed;
  SetLastError(ERROR_SUCCESS);
  return TRUE;
}

// The Cookie text for a URL, or a Windows error.
DWORD cookieText(const char* urlGiven, const std::string& url, const std::string& name, DWORD flags,
                 std::string& text) {
  CookieUrl where;
  const DWORD error = cookieUrl(urlGiven, url, where);
  if (error != ERROR_SUCCESS) return error;
  if (flags & INTERNET_FLAG_RESTRICTED_ZONE) return ERROR_NO_MORE_ITEMS;
  const bool includeHttpOnly = flags & INTERNET_COOKIE_HTTPONLY;
  text.clear();
  for (const Cookie& cookie : processCookies()->matching(where, includeHttpOnly, CookieStore::currentTime(), name)) {
    if (!text.empty()) text += "; ";
    text += cookie.pair();
  }
  return text.empty() ? ERROR_NO_MORE_ITEMS : ERROR_SUCCESS;
}

template <class Char, class Convert>
BOOL getCookie(const char* api, const char* urlGiven, const std::string& url, const std::string& name,
               Char* buffer, DWORD* size, DWORD flags, Convert convert) {
  LOG_TRACE("%s(%s, %s, %p, %p, 0x%lx)", api, url.c_str(), name.c_str(), static_cast<void*>(buffer),
            static_cast<void*>(size), flags);
  return guardedCall(api, FALSE, [&]() -> BOOL {
    if (!urlGiven || !size) return failWith(ERROR_INVALID_PARAMETER);
    std::string text;
    const DWORD error = cookieText(urlGiven, url, name, flags, text);
    if (error == ERROR_NO_MORE_ITEMS) *size = 0;
    if (error != ERROR_SUCCESS) return failWith(error);
    return writeCookies(convert(text), buffer, size);
  });
}

const char* given(const void* pointer) { return pointer ? "" : nullptr; }

std::string ansiText(const std::string& utf8) { return win32::ansiFromUtf8(utf8); }
std::wstring wideText(const std::string& utf8) { return win32::wideFromUtf8(utf8); }

std::int64_t unixFromFileTime(const FILETIME& time) {
  const std::int64_t ticks = (static_cast<std::int64_t>(time.dwHighDateTime) << 32) | time.dwLowDateTime;
  return (ticks - kFileTimeUnixEpoch) / 10000000;
}

FILETIME fileTimeFromUnix(std::int64_t seconds) {
  const auto ticks = static_cast<std::uint64_t>(seconds * 10000000 + kFileTimeUnixEpoch);
  FILETIME time;
  time.dwLowDateTime = static_cast<DWORD>(ticks);
  time.dwHighDateTime = static_cast<DWORD>(ticks >> 32);
  return time;
}

// Copies `text` into the block at `cursor` and returns where it went.
wchar_t* placeText(const std::wstring& text, wchar_t*& cursor) {
  wchar_t* start = cursor;
  std::memcpy(start, text.c_str(), (text.size() + 1) * sizeof(wchar_t));
  cursor += text.size() + 1;
  return start;
}

}  // namespace

extern "C" BOOL WINAPI InternetSetCookieA(LPCSTR url, LPCSTR name, LPCSTR data) {
  return setCookieBool("InternetSetCookieA", given(url), utf8FromAnsi(url), given(name), utf8FromAnsi(name),
                       given(data), utf8FromAnsi(data));
}

extern "C" BOOL WINAPI InternetSetCookieW(LPCWSTR url, LPCWSTR name, LPCWSTR data) {
  return setCookieBool("InternetSetCookieW", given(url), utf8FromWide(url), given(name), utf8FromWide(name),
                       given(data), utf8FromWide(data));
}

extern "C" DWORD WINAPI InternetSetCookieExA(LPCSTR url, LPCSTR name, LPCSTR data, DWORD flags, DWORD_PTR reserved) {
  return setCookieEx("InternetSetCookieExA", given(url), utf8FromAnsi(url), given(name), utf8FromAnsi(name),
                     given(data), utf8FromAnsi(data), flags, reserved);
}

extern "C" DWORD WINAPI InternetSetCookieExW(LPCWSTR url, LPCWSTR name, LPCWSTR data, DWORD flags,
                                             DWORD_PTR reserved) {
  return setCookieEx("InternetSetCookieExW", given(url), utf8FromWide(url), given(name), utf8FromWide(name),
                     given(data), utf8FromWide(data), flags, reserved);
}

// InternetGetCookie ignores the cookie name, as Windows does.
extern "C" BOOL WINAPI InternetGetCookieA(LPCSTR url, LPCSTR, LPSTR data, LPDWORD size) {
  return getCookie("InternetGetCookieA", given(url), utf8FromAnsi(url), std::string(), data, size, 0, ansiText);
}

extern "C" BOOL WINAPI InternetGetCookieW(LPCWSTR url, LPCWSTR, LPWSTR data, LPDWORD size) {
  return getCookie("InternetGetCookieW", given(url), utf8FromWide(url), std::string(), data, size, 0, wideText);
}

extern "C" BOOL WINAPI InternetGetCookieExA(LPCSTR url, LPCSTR name, LPSTR data, LPDWORD size, DWORD flags,
                                            LPVOID) {
  return getCookie("InternetGetCookieExA", given(url), utf8FromAnsi(url), utf8FromAnsi(name), data, size, flags,
                   ansiText);
}

extern "C" BOOL WINAPI InternetGetCookieExW(LPCWSTR url, LPCWSTR name, LPWSTR data, LPDWORD size, DWORD flags,
                                            LPVOID) {
  return getCookie("InternetGetCookieExW", given(url), utf8FromWide(url), utf8FromWide(name), data, size, flags,
                   wideText);
}

// The form WinINet exports for its own components (winineti.h): the cookies
// InternetGetCookieA gives, with the same buffer rules, and its error as the
// return value.
extern "C" DWORD WINAPI InternalInternetGetCookie(LPCSTR url, LPSTR data, DWORD* size) {
  const BOOL found = getCookie("InternalInternetGetCookie", given(url), utf8FromAnsi(url), std::string(), data, size,
                               0, ansiText);
  return found ? DWORD(ERROR_SUCCESS) : GetLastError();
}

extern "C" DWORD WINAPI InternetGetCookieEx2(PCWSTR url, PCWSTR name, DWORD flags, INTERNET_COOKIE2** cookies,
                                             PDWORD count) {
  const std::string urlText = utf8FromWide(url), nameText = utf8FromWide(name);
  LOG_TRACE("InternetGetCookieEx2(%s, %s, 0x%lx, %p, %p)", urlText.c_str(), nameText.c_str(), flags,
            static_cast<void*>(cookies), static_cast<void*>(count));
  return guardedCall("InternetGetCookieEx2", DWORD(ERROR_NOT_ENOUGH_MEMORY), [&]() -> DWORD {
    if (!url || !cookies || !count) return ERROR_INVALID_PARAMETER;
    *cookies = nullptr;
    *count = 0;
    CookieUrl where;
    const DWORD error = cookieUrl(given(url), urlText, where);
    if (error != ERROR_SUCCESS) return error;
    if (flags & INTERNET_FLAG_RESTRICTED_ZONE) return ERROR_SUCCESS;
    const bool includeHttpOnly = flags & (INTERNET_COOKIE_HTTPONLY | INTERNET_COOKIE_NON_SCRIPT);
    const auto found = processCookies()->matching(where, includeHttpOnly, CookieStore::currentTime(), nameText);
    if (found.empty()) return ERROR_SUCCESS;
    // One block holds the structures and their strings, so one free
    // releases it all.
    struct Texts {
      std::wstring name, value, domain, path;
    };
    std::vector<Texts> texts;
    std::size_t chars = 0;
    for (const Cookie& cookie : found) {
      texts.push_back({wideText(cookie.name), wideText(cookie.value), wideText(cookie.domain), wideText(cookie.path)});
      const Texts& t = texts.back();
      chars += t.name.size() + t.value.size() + t.domain.size() + t.path.size() + 4;
    }
    const std::size_t bytes = found.size() * sizeof(INTERNET_COOKIE2) + chars * sizeof(wchar_t);
    auto* block = static_cast<INTERNET_COOKIE2*>(HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, bytes));
    if (!block) return ERROR_NOT_ENOUGH_MEMORY;
    auto* cursor = reinterpret_cast<wchar_t*>(block + found.size());
    for (std::size_t i = 0; i < found.size(); ++i) {
      const Cookie& cookie = found[i];
      INTERNET_COOKIE2& out = block[i];
      out.pwszName = placeText(texts[i].name, cursor);
      out.pwszValue = placeText(texts[i].value, cursor);
      out.pwszDomain = placeText(texts[i].domain, cursor);
      out.pwszPath = placeText(texts[i].path, cursor);
      out.dwFlags = (cookie.secure ? INTERNET_COOKIE_IS_SECURE : 0) |
                    (cookie.persistent ? 0 : INTERNET_COOKIE_IS_SESSION) |
                    (cookie.httpOnly ? INTERNET_COOKIE_HTTPONLY : 0) | (cookie.hostOnly ? INTERNET_COOKIE_HOST_ONLY : 0);
      out.fExpiresSet = cookie.persistent;
      if (cookie.persistent) out.ftExpires = fileTimeFromUnix(cookie.expires);
    }
    *cookies = block;
    *count = static_cast<DWORD>(found.size());
    return ERROR_SUCCESS;
  });
}

extern "C" void WINAPI InternetFreeCookies(INTERNET_COOKIE2* cookies, DWORD count) {
  LOG_TRACE("InternetFreeCookies(%p, %lu)", static_cast<void*>(cookies), count);
  guardedCall("InternetFreeCookies", 0, [&]() -> int {
    if (cookies) HeapFree(GetProcessHeap(), 0, cookies);
    return 0;
  });
}

extern "C" DWORD WINAPI InternetSetCookieEx2(PCWSTR url, const INTERNET_COOKIE2* cookie, PCWSTR p3pPolicy,
                                             DWORD flags, PDWORD state) {
  const std::string urlText = utf8FromWide(url);
  LOG_TRACE("InternetSetCookieEx2(%s, %p, %p, 0x%lx, %p)", urlText.c_str(), static_cast<const void*>(cookie),
            static_cast<const void*>(p3pPolicy), flags, static_cast<void*>(state));
  return guardedCall("InternetSetCookieEx2", DWORD(ERROR_NOT_ENOUGH_MEMORY), [&]() -> DWORD {
    if (!url || !cookie || !state) return ERROR_INVALID_PARAMETER;
    *state = COOKIE_STATE_UNKNOWN;
    if (!cookie->pwszName && !cookie->pwszValue) return ERROR_INVALID_PARAMETER;
    // The structure as the Set-Cookie text it stands for.
    std::string text = utf8FromWide(cookie->pwszName) + "=" + utf8FromWide(cookie->pwszValue);
    if (cookie->pwszDomain && *cookie->pwszDomain) text += "; Domain=" + utf8FromWide(cookie->pwszDomain);
    if (cookie->pwszPath && *cookie->pwszPath) text += "; Path=" + utf8FromWide(cookie->pwszPath);
    if (cookie->dwFlags & INTERNET_COOKIE_IS_SECURE) text += "; Secure";
    if (cookie->dwFlags & INTERNET_COOKIE_HTTPONLY) text += "; HttpOnly";
    if (cookie->fExpiresSet) {
      const std::int64_t left = unixFromFileTime(cookie->ftExpires) - CookieStore::currentTime();
      text += "; Max-Age=" + std::to_string(left > 0 ? left : 0);
    }
    const std::string name;
    const DWORD result = setCookie("", urlText, &name, "", text, flags, reinterpret_cast<DWORD_PTR>(p3pPolicy));
    const DWORD error = GetLastError();
    *state = result;
    if (result == COOKIE_STATE_UNKNOWN) return error ? error : DWORD(ERROR_INVALID_PARAMETER);
    return result == COOKIE_STATE_REJECT ? error : DWORD(ERROR_SUCCESS);
  });
}

namespace {

BOOL legalCookieDomain(const char* api, const char* domainGiven, const std::string& domain, const char* hostGiven,
                       const std::string& host) {
  LOG_TRACE("%s(%s, %s)", api, domain.c_str(), host.c_str());
  return guardedCall(api, FALSE, [&]() -> BOOL {
    if (!domainGiven || !hostGiven) return failWith(ERROR_INVALID_PARAMETER);
    if (domain.empty() || domain[0] == '.') return failWith(ERROR_INVALID_PARAMETER);
    SetLastError(ERROR_SUCCESS);
    return isLegalCookieDomain(domain, host) ? TRUE : FALSE;
  });
}

}  // namespace

extern "C" BOOL WINAPI IsDomainLegalCookieDomainA(LPCSTR domain, LPCSTR host) {
  return legalCookieDomain("IsDomainLegalCookieDomainA", given(domain), utf8FromAnsi(domain), given(host),
                           utf8FromAnsi(host));
}

extern "C" BOOL WINAPI IsDomainLegalCookieDomainW(LPCWSTR domain, LPCWSTR host) {
  return legalCookieDomain("IsDomainLegalCookieDomainW", given(domain), utf8FromWide(domain), given(host),
                           utf8FromWide(host));
}
