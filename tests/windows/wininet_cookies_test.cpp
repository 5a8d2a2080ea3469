// WinINet cookies: the cookie API (A, W, Ex, Ex2), its buffer rules and
// errors, the rules a cookie is set and sent by, requests that send and
// store cookies, and persistent cookies surviving a restart (this program
// runs itself again with a hidden case).
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "run_unique_name.h"
#include "test_servers.h"
#include "wininet_helpers.h"

namespace {

// A made-up domain for API-only cases; nothing is sent to it.
std::string domain(const std::string& name) { return name + "-" + runTag() + ".test"; }

std::wstring wide(const std::string& text) { return std::wstring(text.begin(), text.end()); }

std::string escaped(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

// The edge server's cookie echo under a path of this run's own: the
// request cases scope their cookies to it, so no other test's request
// carries them and theirs do not get in the way.
std::string jarPath() { return "/cookies/" + runTag(); }

// An edge server URL (on `base`, 127.0.0.1 unless given) that sets these
// cookies, each with Path=jarPath() unless it names its own path, and
// redirects to `redirect` if given.
std::string setCookies(const std::vector<std::string>& cookies, const std::string& redirect = "",
                       const std::string& base = "") {
  std::string url = (base.empty() ? edgeUrl("") : base) + "/set-cookie?";
  for (const std::string& cookie : cookies) {
    const bool ownPath = cookie.find("Path=") != std::string::npos;
    url += "c=" + escaped(ownPath ? cookie : cookie + "; Path=" + jarPath()) + "&";
  }
  if (!redirect.empty()) url += "redirect=" + escaped(redirect);
  return url;
}

// The body of a GET through InternetOpenUrlA with these request flags.
std::string fetch(const std::string& url, DWORD flags = 0) {
  InetHandle session(InternetOpenA("hinternet-cookie-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  REQUIRE(session.h);
  InetHandle file(InternetOpenUrlA(session, url.c_str(), nullptr, 0, flags | INTERNET_FLAG_RELOAD, 0));
  REQUIRE(file.h);
  REQUIRE(statusOf(file) == 200);
  return readAll(file);
}

template <class Function>
Function wininetExport(const char* name) {
  auto function =
      reinterpret_cast<Function>(reinterpret_cast<void*>(GetProcAddress(GetModuleHandleA("wininet.dll"), name)));
  REQUIRE(function);
  return function;
}

using GetCookieEx2 = DWORD(WINAPI*)(PCWSTR, PCWSTR, DWORD, INTERNET_COOKIE2**, PDWORD);
using SetCookieEx2 = DWORD(WINAPI*)(PCWSTR, const INTERNET_COOKIE2*, PCWSTR, DWORD, PDWORD);
using FreeCookies = void(WINAPI*)(INTERNET_COOKIE2*, DWORD);
using LegalCookieDomainW = BOOL(WINAPI*)(LPCWSTR, LPCWSTR);

const char* const kFuture = "expires=Fri, 01-Jan-2038 00:00:00 GMT";
const char* const kPast = "expires=Thu, 01-Jan-1970 00:00:00 GMT";

}  // namespace

TEST_CASE("WinINet cookies: domain and path rules decide which cookies a URL gets") {
  const std::string d = domain("rules");
  const std::string www = "http://www." + d, testing = "http://testing." + d;
  REQUIRE(InternetSetCookieA((www + "/bar").c_str(), nullptr, ("A=B; domain=." + d).c_str()));
  REQUIRE(InternetSetCookieA((www + "/bar").c_str(), nullptr, ("C=D; domain=." + d + "; path=/").c_str()));
  REQUIRE(InternetSetCookieA(www.c_str(), nullptr, ("E=F; domain=" + d).c_str()));
  REQUIRE(InternetSetCookieA(www.c_str(), nullptr, ("G=H; domain=." + d + "; invalid=attr; path=/foo").c_str()));
  REQUIRE(InternetSetCookieA((www + "/bar.html").c_str(), nullptr, ("I=J; domain=." + d).c_str()));
  REQUIRE(InternetSetCookieA((www + "/bar/").c_str(), nullptr, ("K=L; domain=." + d).c_str()));
  REQUIRE(InternetSetCookieA((www + "/bar/").c_str(), nullptr, ("M=N; domain=." + d + "; path=/foo/").c_str()));
  REQUIRE(InternetSetCookieA((www + "/bar/").c_str(), nullptr, "O=P; secure; path=/bar"));
  REQUIRE(InternetSetCookieA(www.c_str(), nullptr, "host=only"));

  REQUIRE(cookiesFor(testing) == "A=B; C=D; E=F; I=J");
  REQUIRE(cookiesFor(testing + "/foobar") == "A=B; C=D; E=F; I=J");
  REQUIRE(cookiesFor(testing + "/foo/bar") == "M=N; G=H; A=B; C=D; E=F; I=J");
  REQUIRE(cookiesFor(testing + "/bar/foo") == "K=L; A=B; C=D; E=F; I=J");
  REQUIRE(cookiesFor(testing + "/barfoo/") == "A=B; C=D; E=F; I=J");
  REQUIRE(cookiesFor(www + "/") == "A=B; C=D; E=F; I=J; host=only");
  REQUIRE(cookiesFor("https://www." + d + "/bar/x") == "K=L; O=P; A=B; C=D; E=F; I=J; host=only");
  REQUIRE(cookiesFor("http://" + d + "/") == "A=B; C=D; E=F; I=J");
  REQUIRE(cookiesFor("http://other" + d + "/") == "<none>");
  // The port and the query play no part.
  REQUIRE(cookiesFor("http://www." + d + ":8080/?q=1") == "A=B; C=D; E=F; I=J; host=only");
}

TEST_CASE("WinINet cookies: a Domain the host is not inside of, or a public suffix, is refused") {
  const std::string d = domain("foreign");
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetSetCookieA(("http://www.aaa." + d + "/bar").c_str(), nullptr, "E=F; domain=different.com"));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(InternetSetCookieA(("http://www." + d + ".com.pl/bar").c_str(), nullptr, "E=F; domain=com.pl"));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(InternetSetCookieA(("http://www." + d + "/").c_str(), nullptr, "E=F; domain=test"));
  REQUIRE(InternetSetCookieA(("http://www.aaa." + d + ".com.pl/bar").c_str(), nullptr,
                             ("E=F; domain=" + d + ".com.pl").c_str()));
  REQUIRE(cookiesFor("http://x." + d + ".com.pl/") == "E=F");
}

TEST_CASE("WinINet cookies: buffer sizes of InternetGetCookie A and W") {
  const std::string url = "http://" + domain("sizes") + "/";
  const std::wstring wurl = wide(url);
  REQUIRE(InternetSetCookieA(url.c_str(), nullptr, "A=B"));
  REQUIRE(InternetSetCookieW(wurl.c_str(), L"C", L"D"));  // a name joins the data as name=data
  const std::string expected = "A=B; C=D";                // 8 characters
  const DWORD chars = static_cast<DWORD>(expected.size() + 1);

  // ANSI: sizes count bytes, the terminator included.
  DWORD size = 0;
  REQUIRE(InternetGetCookieA(url.c_str(), nullptr, nullptr, &size));
  REQUIRE(size == chars);
  char small[4];
  size = sizeof(small);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetGetCookieA(url.c_str(), nullptr, small, &size));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == chars);
  std::vector<char> exact(chars);
  size = chars;
  REQUIRE(InternetGetCookieA(url.c_str(), nullptr, exact.data(), &size));
  REQUIRE(size == chars);
  REQUIRE(std::string(exact.data()) == expected);

  // Wide: a size needed is in bytes, a size copied in characters.
  size = 0;
  REQUIRE(InternetGetCookieW(wurl.c_str(), nullptr, nullptr, &size));
  REQUIRE(size == chars * sizeof(wchar_t));
  wchar_t wsmall[4];
  size = 4;
  REQUIRE_FALSE(InternetGetCookieW(wurl.c_str(), nullptr, wsmall, &size));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == chars * sizeof(wchar_t));
  std::vector<wchar_t> wexact(chars);
  size = chars;
  REQUIRE(InternetGetCookieW(wurl.c_str(), nullptr, wexact.data(), &size));
  REQUIRE(size == chars);
  REQUIRE(std::wstring(wexact.data()) == wide(expected));
  size = 1024;
  std::vector<wchar_t> big(1024);
  REQUIRE(InternetGetCookieExW(wurl.c_str(), nullptr, big.data(), &size, 0, nullptr));
  REQUIRE(size == chars);

  // No cookie: ERROR_NO_MORE_ITEMS and a size of 0.
  const std::string none = "http://" + domain("nothing") + "/";
  size = 1024;
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetGetCookieA(none.c_str(), nullptr, nullptr, &size));
  REQUIRE(GetLastError() == ERROR_NO_MORE_ITEMS);
  REQUIRE(size == 0);
  size = 1024;
  REQUIRE_FALSE(InternetGetCookieW(wide(none).c_str(), nullptr, big.data(), &size));
  REQUIRE(GetLastError() == ERROR_NO_MORE_ITEMS);
  REQUIRE(size == 0);
  // InternetGetCookie ignores the name; InternetGetCookieEx selects by it.
  size = chars;
  REQUIRE(InternetGetCookieA(url.c_str(), "C", exact.data(), &size));
  REQUIRE(std::string(exact.data()) == expected);
  char one[16];
  size = sizeof(one);
  REQUIRE(InternetGetCookieExA(url.c_str(), "C", one, &size, 0, nullptr));
  REQUIRE(std::string(one) == "C=D");
}

TEST_CASE("WinINet cookies: bad input fails with Windows' errors") {
  const std::wstring url = wide("http://" + domain("bad") + "/");
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetSetCookieW(nullptr, nullptr, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(InternetSetCookieW(L"server", nullptr, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(InternetSetCookieW(url.c_str(), L"server", nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(InternetSetCookieW(L"server", nullptr, L"server"));
  REQUIRE(GetLastError() == ERROR_INTERNET_UNRECOGNIZED_SCHEME);
  REQUIRE_FALSE(InternetSetCookieW(L"http://", L"server", L"server"));
  REQUIRE(InternetSetCookieW(url.c_str(), L"server", L"server"));
  REQUIRE(InternetSetCookieW(url.c_str(), L"server", L""));  // replaces it with an empty value
  wchar_t buffer[32];
  DWORD size = 32;
  REQUIRE(InternetGetCookieW(url.c_str(), L"server", buffer, &size));
  REQUIRE(std::wstring(buffer) == L"server=");
  REQUIRE(size == 8);

  size = 32;
  REQUIRE_FALSE(InternetGetCookieW(nullptr, nullptr, buffer, &size));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(InternetGetCookieW(url.c_str(), nullptr, buffer, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(InternetGetCookieW(L"http://", nullptr, nullptr, &size));
  char text[64];
  size = sizeof(text);
  REQUIRE_FALSE(InternetGetCookieA("about:blank", nullptr, text, &size));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  size = sizeof(text);
  REQUIRE_FALSE(InternetGetCookieExA("about:blank", nullptr, text, &size, 0, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(InternetSetCookieExA(nullptr, nullptr, "a=b", 0, 0));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);

  // A URL with a very long path still works, and only for that path.
  std::string longUrl = "http://" + domain("long") + "/" + std::string(4900, 'x') + "/";
  REQUIRE(InternetSetCookieA(longUrl.c_str(), nullptr, "A=B"));
  REQUIRE(cookiesFor(longUrl) == "A=B");
  REQUIRE(cookiesFor("http://" + domain("long") + "/") == "<none>");
}

TEST_CASE("WinINet cookies: HttpOnly cookies need INTERNET_COOKIE_HTTPONLY to be set, replaced or read") {
  const std::string url = "http://" + domain("httponly") + "/bar";
  const std::string root = "http://" + domain("httponly") + "/";
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetSetCookieA(url.c_str(), nullptr, "A=data; httponly"));
  REQUIRE(GetLastError() == ERROR_INVALID_OPERATION);
  SetLastError(0xdeadbeef);
  REQUIRE(InternetSetCookieExA(url.c_str(), nullptr, "A=data; httponly", 0, 0) == COOKIE_STATE_REJECT);
  REQUIRE(GetLastError() == ERROR_INVALID_OPERATION);
  REQUIRE(cookiesFor(root, INTERNET_COOKIE_HTTPONLY) == "<none>");

  REQUIRE(InternetSetCookieExA(url.c_str(), nullptr, "A=data; httponly", INTERNET_COOKIE_HTTPONLY, 0) ==
          COOKIE_STATE_ACCEPT);
  char buffer[64];
  DWORD size = sizeof(buffer);
  REQUIRE_FALSE(InternetGetCookieA(root.c_str(), nullptr, buffer, &size));
  REQUIRE(GetLastError() == ERROR_NO_MORE_ITEMS);
  REQUIRE(cookiesFor(root) == "<none>");
  REQUIRE(cookiesFor(root, INTERNET_COOKIE_HTTPONLY) == "A=data");

  // Nor may a script-side caller replace it with a plain cookie.
  REQUIRE_FALSE(InternetSetCookieA(url.c_str(), nullptr, "A=test"));
  REQUIRE(GetLastError() == ERROR_INVALID_OPERATION);
  REQUIRE(InternetSetCookieExA(url.c_str(), nullptr, "A=data", 0, 0) == COOKIE_STATE_REJECT);
  REQUIRE(GetLastError() == ERROR_INVALID_OPERATION);
  REQUIRE(cookiesFor(root, INTERNET_COOKIE_HTTPONLY) == "A=data");
  REQUIRE(InternetSetCookieExA(url.c_str(), nullptr, "A=new", INTERNET_COOKIE_HTTPONLY, 0) == COOKIE_STATE_ACCEPT);
  REQUIRE(cookiesFor(root) == "A=new");
}

TEST_CASE("WinINet cookies: third-party and restricted-zone cookies are refused by the default policy") {
  const std::string url = "http://" + domain("policy") + "/";
  REQUIRE(InternetSetCookieExA(url.c_str(), nullptr, "tp=1", INTERNET_COOKIE_THIRD_PARTY, 0) == COOKIE_STATE_REJECT);
  REQUIRE(InternetSetCookieExA(url.c_str(), nullptr, "rz=1", INTERNET_FLAG_RESTRICTED_ZONE, 0) ==
          COOKIE_STATE_REJECT);
  REQUIRE(cookiesFor(url) == "<none>");
  // A third party with a privacy policy is accepted.
  const char* p3p = "CP=\"NOI DSP COR\"";
  REQUIRE(InternetSetCookieExA(url.c_str(), nullptr, "tp=2", INTERNET_COOKIE_THIRD_PARTY,
                               reinterpret_cast<DWORD_PTR>(p3p)) == COOKIE_STATE_ACCEPT);
  REQUIRE(InternetSetCookieExW(wide(url).c_str(), L"w", L"3", 0, 0) == COOKIE_STATE_ACCEPT);
  REQUIRE(cookiesFor(url) == "tp=2; w=3");
  // A restricted-zone read gets nothing.
  REQUIRE(cookiesFor(url, INTERNET_FLAG_RESTRICTED_ZONE) == "<none>");
}

TEST_CASE("WinINet cookies: expiry, Max-Age and deletion by a past date") {
  const std::string url = "http://" + domain("expiry") + "/";
  REQUIRE(InternetSetCookieA(url.c_str(), nullptr, (std::string("P=1; ") + kFuture).c_str()));
  REQUIRE(InternetSetCookieA(url.c_str(), nullptr, "Q=R; expires="));  // no date: a session cookie
  REQUIRE(InternetSetCookieA(url.c_str(), nullptr, "M=1; max-age=3600"));
  REQUIRE(cookiesFor(url) == "P=1; Q=R; M=1");
  REQUIRE(InternetSetCookieA(url.c_str(), nullptr, (std::string("P=; ") + kPast).c_str()));
  REQUIRE(InternetSetCookieA(url.c_str(), nullptr, "M=; max-age=0"));
  REQUIRE(cookiesFor(url) == "Q=R");
  // Already expired: nothing is stored.
  REQUIRE(InternetSetCookieA(url.c_str(), nullptr, (std::string("Old=1; ") + kPast).c_str()));
  REQUIRE(cookiesFor(url) == "Q=R");
}

TEST_CASE("WinINet cookies: INTERNET_OPTION_END_BROWSER_SESSION ends session cookies, not persistent ones") {
  const std::string url = "http://" + domain("browser-session") + "/";
  REQUIRE(InternetSetCookieA(url.c_str(), nullptr, "S=1"));
  REQUIRE(InternetSetCookieA(url.c_str(), nullptr, (std::string("P=1; ") + kFuture).c_str()));
  REQUIRE(cookiesFor(url) == "S=1; P=1");
  REQUIRE(InternetSetOptionA(nullptr, INTERNET_OPTION_END_BROWSER_SESSION, nullptr, 0));
  REQUIRE(cookiesFor(url) == "P=1");
  REQUIRE(InternetSetCookieA(url.c_str(), nullptr, (std::string("P=; ") + kPast).c_str()));
}

TEST_CASE("WinINet cookies: InternetSetCookieEx2 and InternetGetCookieEx2 with INTERNET_COOKIE2") {
  auto getEx2 = wininetExport<GetCookieEx2>("InternetGetCookieEx2");
  auto setEx2 = wininetExport<SetCookieEx2>("InternetSetCookieEx2");
  auto freeCookies = wininetExport<FreeCookies>("InternetFreeCookies");
  const std::wstring d = wide(domain("ex2"));
  const std::wstring url = L"https://www." + d + L"/app/page";

  INTERNET_COOKIE2 cookie = {};
  cookie.pwszName = const_cast<PWSTR>(L"sid");
  cookie.pwszValue = const_cast<PWSTR>(L"42");
  cookie.pwszDomain = const_cast<PWSTR>(d.c_str());
  cookie.pwszPath = const_cast<PWSTR>(L"/app");
  cookie.dwFlags = INTERNET_COOKIE_IS_SECURE;
  SYSTEMTIME st = {2037, 12, 5, 31, 0, 0, 0, 0};
  REQUIRE(SystemTimeToFileTime(&st, &cookie.ftExpires));
  cookie.fExpiresSet = TRUE;
  DWORD state = 0xdeadbeef;
  REQUIRE(setEx2(url.c_str(), &cookie, nullptr, 0, &state) == ERROR_SUCCESS);
  REQUIRE(state == COOKIE_STATE_ACCEPT);

  INTERNET_COOKIE2 httpOnly = {};
  httpOnly.pwszName = const_cast<PWSTR>(L"h");
  httpOnly.pwszValue = const_cast<PWSTR>(L"1");
  httpOnly.dwFlags = INTERNET_COOKIE_HTTPONLY;
  REQUIRE(setEx2(url.c_str(), &httpOnly, nullptr, 0, &state) == ERROR_INVALID_OPERATION);
  REQUIRE(state == COOKIE_STATE_REJECT);
  REQUIRE(setEx2(url.c_str(), &httpOnly, nullptr, INTERNET_COOKIE_NON_SCRIPT, &state) == ERROR_SUCCESS);
  REQUIRE(state == COOKIE_STATE_ACCEPT);
  REQUIRE(setEx2(nullptr, &cookie, nullptr, 0, &state) == ERROR_INVALID_PARAMETER);
  REQUIRE(setEx2(url.c_str(), nullptr, nullptr, 0, &state) == ERROR_INVALID_PARAMETER);

  INTERNET_COOKIE2* found = nullptr;
  DWORD count = 0;
  REQUIRE(getEx2(url.c_str(), nullptr, 0, &found, &count) == ERROR_SUCCESS);
  REQUIRE(count == 1);
  REQUIRE(std::wstring(found[0].pwszName) == L"sid");
  REQUIRE(std::wstring(found[0].pwszValue) == L"42");
  REQUIRE(std::wstring(found[0].pwszDomain) == d);
  REQUIRE(std::wstring(found[0].pwszPath) == L"/app");
  REQUIRE((found[0].dwFlags & INTERNET_COOKIE_IS_SECURE));
  REQUIRE_FALSE((found[0].dwFlags & INTERNET_COOKIE_IS_SESSION));
  REQUIRE(found[0].fExpiresSet);
  REQUIRE(CompareFileTime(&found[0].ftExpires, &cookie.ftExpires) == 0);
  freeCookies(found, count);

  REQUIRE(getEx2(url.c_str(), nullptr, INTERNET_COOKIE_NON_SCRIPT, &found, &count) == ERROR_SUCCESS);
  REQUIRE(count == 2);
  REQUIRE(std::wstring(found[1].pwszName) == L"h");
  REQUIRE((found[1].dwFlags & INTERNET_COOKIE_HTTPONLY));
  REQUIRE((found[1].dwFlags & INTERNET_COOKIE_IS_SESSION));
  REQUIRE((found[1].dwFlags & INTERNET_COOKIE_HOST_ONLY));
  freeCookies(found, count);

  REQUIRE(getEx2(url.c_str(), L"h", INTERNET_COOKIE_NON_SCRIPT, &found, &count) == ERROR_SUCCESS);
  REQUIRE(count == 1);
  freeCookies(found, count);
  REQUIRE(getEx2((L"http://none." + d + L"/").c_str(), nullptr, 0, &found, &count) == ERROR_SUCCESS);
  REQUIRE(count == 0);
  freeCookies(found, count);
  REQUIRE(getEx2(nullptr, nullptr, 0, &found, &count) == ERROR_INVALID_PARAMETER);
  REQUIRE(getEx2(url.c_str(), nullptr, 0, nullptr, &count) == ERROR_INVALID_PARAMETER);

  // Deleting through the structure: an expiry in the past.
  SYSTEMTIME past = {2000, 1, 6, 1, 0, 0, 0, 0};
  REQUIRE(SystemTimeToFileTime(&past, &cookie.ftExpires));
  REQUIRE(setEx2(url.c_str(), &cookie, nullptr, 0, &state) == ERROR_SUCCESS);
  REQUIRE(getEx2(url.c_str(), L"sid", 0, &found, &count) == ERROR_SUCCESS);
  REQUIRE(count == 0);
  freeCookies(found, count);
}

TEST_CASE("WinINet cookies: IsDomainLegalCookieDomainW") {
  // Exported by ordinal only.
  auto legal = reinterpret_cast<LegalCookieDomainW>(
      reinterpret_cast<void*>(GetProcAddress(GetModuleHandleA("wininet.dll"), MAKEINTRESOURCEA(117))));
  REQUIRE(legal);
  REQUIRE_FALSE(legal(nullptr, nullptr));
  REQUIRE_FALSE(legal(L"com", nullptr));
  REQUIRE_FALSE(legal(nullptr, L"gmail.com"));
  REQUIRE_FALSE(legal(L"", L"gmail.com"));
  REQUIRE_FALSE(legal(L"com", L""));
  REQUIRE_FALSE(legal(L"gmail.com", L"."));
  REQUIRE_FALSE(legal(L".", L"gmail.com"));
  REQUIRE_FALSE(legal(L"com", L"com"));
  REQUIRE_FALSE(legal(L"com", L".com"));
  REQUIRE_FALSE(legal(L".com", L"com"));
  REQUIRE_FALSE(legal(L"com", L"gmail.com"));
  REQUIRE(legal(L"gmail.com", L"gmail.com"));
  REQUIRE(legal(L"gmail.com", L"www.gmail.com"));
  REQUIRE(legal(L"gmail.com", L"www.mail.gmail.com"));
  REQUIRE_FALSE(legal(L"gmail.co.uk", L"co.uk"));
  REQUIRE_FALSE(legal(L"uk", L"co.uk"));
  REQUIRE_FALSE(legal(L"gmail.co.uk", L".co.uk"));
  REQUIRE_FALSE(legal(L"co.uk", L"gmail.co.uk"));
  REQUIRE(legal(L"gmail.co.uk", L"gmail.co.uk"));
  REQUIRE_FALSE(legal(L"gmail.com", L"com"));
  REQUIRE_FALSE(legal(L".gmail.com", L"mail.gmail.com"));
  REQUIRE(legal(L"gmail.com", L"mail.gmail.com"));
  REQUIRE_FALSE(legal(L"mail.gmail.com", L"gmail.com"));
  REQUIRE_FALSE(legal(L"mail.gmail.com", L".gmail.com"));
}

TEST_CASE("WinINet cookies: per-site cookie decisions") {
  const std::string site = domain("decided");
  unsigned long decision = 0;
  REQUIRE(InternetClearAllPerSiteCookieDecisions());
  REQUIRE_FALSE(InternetGetPerSiteCookieDecisionA(site.c_str(), &decision));
  REQUIRE(InternetSetPerSiteCookieDecisionA(site.c_str(), COOKIE_STATE_REJECT));
  REQUIRE(InternetSetPerSiteCookieDecisionW(L"Accepted.Example", COOKIE_STATE_ACCEPT));
  REQUIRE(InternetGetPerSiteCookieDecisionW(wide(site).c_str(), &decision));
  REQUIRE(decision == COOKIE_STATE_REJECT);
  REQUIRE(InternetGetPerSiteCookieDecisionA("accepted.example", &decision));
  REQUIRE(decision == COOKIE_STATE_ACCEPT);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetSetPerSiteCookieDecisionA(nullptr, COOKIE_STATE_ACCEPT));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(InternetSetPerSiteCookieDecisionA(site.c_str(), 77));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);

  // Enumeration: in site order; a short buffer gets the size needed.
  char name[128];
  unsigned long size = 3;
  REQUIRE_FALSE(InternetEnumPerSiteCookieDecisionA(name, &size, &decision, 0));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == std::strlen("accepted.example") + 1);
  size = sizeof(name);
  REQUIRE(InternetEnumPerSiteCookieDecisionA(name, &size, &decision, 0));
  REQUIRE(std::string(name) == "accepted.example");
  REQUIRE(decision == COOKIE_STATE_ACCEPT);
  wchar_t wname[128];
  size = 128;
  REQUIRE(InternetEnumPerSiteCookieDecisionW(wname, &size, &decision, 1));
  REQUIRE(std::wstring(wname) == wide(site));
  REQUIRE(decision == COOKIE_STATE_REJECT);
  size = 128;
  REQUIRE_FALSE(InternetEnumPerSiteCookieDecisionW(wname, &size, &decision, 2));
  REQUIRE(GetLastError() == ERROR_NO_MORE_ITEMS);

  // The decisions hold for the cookie API and for responses.
  const std::string siteUrl = "http://" + site + "/";
  REQUIRE(InternetSetCookieExA(siteUrl.c_str(), nullptr, "refused=1", 0, 0) == COOKIE_STATE_REJECT);
  REQUIRE_FALSE(InternetSetCookieA(siteUrl.c_str(), nullptr, "refused=1"));
  REQUIRE(InternetSetCookieExA("http://accepted.example/", nullptr, "third=1", INTERNET_COOKIE_THIRD_PARTY, 0) ==
          COOKIE_STATE_ACCEPT);
  REQUIRE(cookiesFor(siteUrl) == "<none>");
  REQUIRE(cookiesFor("http://accepted.example/") == "third=1");
  REQUIRE(InternetSetPerSiteCookieDecisionA("::1", COOKIE_STATE_REJECT));
  const std::string other = "http://[::1]:" + std::to_string(edgePort());
  fetch(setCookies({"refused" + runTag() + "=1"}, "", other));
  REQUIRE(cookiesFor(other + jarPath()) == "<none>");
  REQUIRE(InternetSetPerSiteCookieDecisionA("::1", COOKIE_STATE_UNKNOWN));

  REQUIRE(InternetSetPerSiteCookieDecisionA(site.c_str(), COOKIE_STATE_UNKNOWN));  // forgets it
  REQUIRE_FALSE(InternetGetPerSiteCookieDecisionA(site.c_str(), &decision));
  REQUIRE(InternetClearAllPerSiteCookieDecisions());
  size = sizeof(name);
  REQUIRE_FALSE(InternetEnumPerSiteCookieDecisionA(name, &size, &decision, 0));
}

TEST_CASE("WinINet cookies: requests store Set-Cookie and send the store's cookies") {
  const std::string tag = runTag();
  const std::string a = "ra" + tag, h = "rh" + tag, s = "rs" + tag, p = "rp" + tag;
  fetch(setCookies({a + "=1", h + "=2; HttpOnly", s + "=3; Secure", p + "=4; Path=" + jarPath() + "/deeper"}));
  // The cookie API sees them by the same rules: HttpOnly with the flag only,
  // Secure only over https.
  const std::string api = cookiesFor(edgeUrl(jarPath()));
  REQUIRE(api == a + "=1");
  REQUIRE(cookiesFor(edgeUrl(jarPath()), INTERNET_COOKIE_HTTPONLY) == a + "=1; " + h + "=2");
  REQUIRE(cookiesFor("https://127.0.0.1" + jarPath()) == a + "=1; " + s + "=3");

  // The next request sends them, the deeper one only under its path, longer
  // paths first, in one Cookie header.
  REQUIRE(fetch(edgeUrl(jarPath())) == a + "=1; " + h + "=2\n");
  REQUIRE(fetch(edgeUrl(jarPath() + "/deeper/x")) == p + "=4; " + a + "=1; " + h + "=2\n");
  REQUIRE(fetch(edgeUrl("/cookies")).find(tag) == std::string::npos);

  // A cookie set through the API goes out with requests too. Before each
  // send WinINet puts the stored cookies in the request's Cookie header,
  // replacing one the program added, and queries report what went out.
  const std::string mine = "api" + tag;
  REQUIRE(InternetSetCookieA(edgeUrl(jarPath()).c_str(), nullptr, (mine + "=5; path=" + jarPath()).c_str()));
  InetHandle session(InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle connect(InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  InetHandle request(
      HttpOpenRequestA(connect, "GET", jarPath().c_str(), nullptr, nullptr, nullptr, INTERNET_FLAG_RELOAD, 0));
  const std::string header = "Cookie: own=6\r\n";
  REQUIRE(HttpSendRequestA(request, header.c_str(), static_cast<DWORD>(header.size()), nullptr, 0));
  const std::string echoed = readAll(request);
  REQUIRE(echoed == a + "=1; " + h + "=2; " + mine + "=5\n");
  char reported[4096];
  DWORD size = sizeof(reported);
  REQUIRE(HttpQueryInfoA(request, HTTP_QUERY_COOKIE | HTTP_QUERY_FLAG_REQUEST_HEADERS, reported, &size, nullptr));
  REQUIRE(std::string(reported) + "\n" == echoed);

  // The server deletes them with a past expiry.
  fetch(setCookies({a + "=; Max-Age=0", h + "=; expires=Thu, 01 Jan 1970 00:00:00 GMT", mine + "=; Max-Age=0",
                    p + "=; Max-Age=0; Path=" + jarPath() + "/deeper"}));
  REQUIRE(fetch(edgeUrl(jarPath() + "/deeper/x")).empty());
}

TEST_CASE("WinINet cookies: INTERNET_FLAG_NO_COOKIES neither sends nor stores cookies") {
  const std::string tag = runTag();
  const std::string kept = "nk" + tag, ignored = "ni" + tag;
  fetch(setCookies({kept + "=1"}));
  fetch(setCookies({ignored + "=1"}), INTERNET_FLAG_NO_COOKIES);
  REQUIRE(cookiesFor(edgeUrl(jarPath())) == kept + "=1");
  REQUIRE(fetch(edgeUrl(jarPath()), INTERNET_FLAG_NO_COOKIES).empty());
  REQUIRE(fetch(edgeUrl(jarPath())) == kept + "=1\n");
  fetch(setCookies({kept + "=; Max-Age=0"}));
}

TEST_CASE("WinINet cookies: cookies set by a followed redirect are stored and sent to the next hop") {
  const std::string tag = runTag();
  const std::string first = "hop1" + tag, second = "hop2" + tag;
  // 127.0.0.1 sets one and redirects to [::1] (another cookie host), which
  // sets one and redirects back to 127.0.0.1's echo: each hop gets only its
  // own host's cookies.
  const std::string other = "http://[::1]:" + std::to_string(edgePort());
  const std::string hop2 = setCookies({second + "=2"}, edgeUrl(jarPath()), other);
  REQUIRE(fetch(setCookies({first + "=1"}, hop2)) == first + "=1\n");
  REQUIRE(cookiesFor(other + jarPath()) == second + "=2");
  REQUIRE(fetch(other + jarPath()) == second + "=2\n");
  // A deletion on a redirect holds for the next hop.
  REQUIRE(fetch(setCookies({first + "=; Max-Age=0"}, edgeUrl(jarPath()))).empty());
  fetch(setCookies({second + "=; Max-Age=0"}, "", other));
}

TEST_CASE("WinINet cookies: (child process) sees persistent cookies, not session ones", "[.cookie-child]") {
  // Run by the restart case below, which names its cookies in the
  // environment; selected by name alone it has nothing to check.
  char tag[64] = {};
  if (!GetEnvironmentVariableA("HINTERNET_TEST_COOKIE_TAG", tag, sizeof(tag))) return;
  const std::string jar = "/cookies/" + std::string(tag);
  REQUIRE(cookiesFor("http://persist-" + std::string(tag) + ".test/") == "kept=1");
  REQUIRE(cookiesFor(edgeUrl(jar)) == "fromserver=1");
  REQUIRE(fetch(edgeUrl(jar)) == "fromserver=1\n");
}

TEST_CASE("WinINet cookies: persistent cookies survive a restart; session cookies do not") {
  const std::string tag = runTag();
  const std::string url = "http://persist-" + tag + ".test/";
  REQUIRE(InternetSetCookieA(url.c_str(), nullptr, (std::string("kept=1; ") + kFuture).c_str()));
  REQUIRE(InternetSetCookieA(url.c_str(), nullptr, "session=1"));
  fetch(setCookies({"fromserver=1; Max-Age=3600", "sessionserver=1"}));
  REQUIRE(cookiesFor(url) == "kept=1; session=1");
  REQUIRE(cookiesFor(edgeUrl(jarPath())) == "fromserver=1; sessionserver=1");

  char exe[MAX_PATH];
  REQUIRE(GetModuleFileNameA(nullptr, exe, MAX_PATH));
  std::string command = std::string("\"") + exe + "\" \"[cookie-child]\"";
  REQUIRE(SetEnvironmentVariableA("HINTERNET_TEST_COOKIE_TAG", tag.c_str()));
  STARTUPINFOA startup = {};
  startup.cb = sizeof(startup);
  PROCESS_INFORMATION child = {};
  REQUIRE(CreateProcessA(nullptr, &command[0], nullptr, nullptr, TRUE, 0, nullptr, nullptr, &startup, &child));
  // A guard against a hung child, not a measure of speed.
  REQUIRE(WaitForSingleObject(child.hProcess, 300000) == WAIT_OBJECT_0);
  DWORD exitCode = 1;
  REQUIRE(GetExitCodeProcess(child.hProcess, &exitCode));
  CloseHandle(child.hThread);
  CloseHandle(child.hProcess);
  SetEnvironmentVariableA("HINTERNET_TEST_COOKIE_TAG", nullptr);
  REQUIRE(exitCode == 0);

  // Leave nothing behind in the user's jar file.
  REQUIRE(InternetSetCookieA(url.c_str(), nullptr, (std::string("kept=; ") + kPast).c_str()));
  fetch(setCookies({"fromserver=; Max-Age=0", "sessionserver=; Max-Age=0"}));
  REQUIRE(cookiesFor(url) == "session=1");
  REQUIRE(cookiesFor(edgeUrl(jarPath())) == "<none>");
}
