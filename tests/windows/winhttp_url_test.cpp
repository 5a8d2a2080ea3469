// WinHttpCrackUrl and WinHttpCreateUrl, with the cases Wine's tests verify
// against Windows (dlls/winhttp/tests/url.c) and the buffer rules.
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <cstring>
#include <string>

namespace {

constexpr DWORD kUnset = 0xdeadbeef;

// Every field asks for a pointer into the URL, except the host, which asks
// for 1 character as Wine's tests do (a length alone means "pointer").
URL_COMPONENTS pointerRequest() {
  URL_COMPONENTS uc{};
  uc.dwStructSize = sizeof(uc);
  uc.dwSchemeLength = ~0u;
  uc.dwHostNameLength = 1;
  uc.dwUserNameLength = ~0u;
  uc.dwPasswordLength = ~0u;
  uc.dwUrlPathLength = ~0u;
  uc.dwExtraInfoLength = ~0u;
  return uc;
}

struct Buffers {
  wchar_t scheme[20], user[20], pass[20], host[40], path[80], extra[40];
};

URL_COMPONENTS bufferRequest(Buffers& b) {
  URL_COMPONENTS uc{};
  uc.dwStructSize = sizeof(uc);
  uc.lpszScheme = b.scheme;
  uc.dwSchemeLength = 20;
  uc.lpszUserName = b.user;
  uc.dwUserNameLength = 20;
  uc.lpszPassword = b.pass;
  uc.dwPasswordLength = 20;
  uc.lpszHostName = b.host;
  uc.dwHostNameLength = 40;
  uc.lpszUrlPath = b.path;
  uc.dwUrlPathLength = 80;
  uc.lpszExtraInfo = b.extra;
  uc.dwExtraInfoLength = 40;
  return uc;
}

DWORD crackError(const wchar_t* url, DWORD flags = 0) {
  URL_COMPONENTS uc = pointerRequest();
  SetLastError(kUnset);
  REQUIRE_FALSE(WinHttpCrackUrl(url, 0, flags, &uc));
  return GetLastError();
}

// The components Wine's WinHttpCreateUrl tests start from.
struct CreateInput {
  wchar_t scheme[8] = L"http";
  wchar_t host[32] = L"www.winehq.org";
  wchar_t user[16] = L"username";
  wchar_t pass[16] = L"password";
  wchar_t path[16] = L"/site/about";
  wchar_t extra[16] = L"?query";
  URL_COMPONENTS uc{};
  CreateInput() {
    uc.dwStructSize = sizeof(uc);
    uc.lpszScheme = scheme;
    uc.dwSchemeLength = 4;
    uc.nScheme = INTERNET_SCHEME_HTTP;
    uc.lpszHostName = host;
    uc.dwHostNameLength = 14;
    uc.nPort = 80;
    uc.lpszUserName = user;
    uc.dwUserNameLength = 8;
    uc.lpszPassword = pass;
    uc.dwPasswordLength = 8;
    uc.lpszUrlPath = path;
    uc.dwUrlPathLength = 11;
    uc.lpszExtraInfo = extra;
    uc.dwExtraInfoLength = 6;
  }
};

URL_COMPONENTS onlyPart(LPWSTR URL_COMPONENTS::*field, DWORD URL_COMPONENTS::*length, wchar_t* text) {
  URL_COMPONENTS uc{};
  uc.dwStructSize = sizeof(uc);
  uc.*field = text;
  uc.*length = static_cast<DWORD>(std::wcslen(text));
  return uc;
}

// Creates a URL into a large buffer; "" with the error in `error` on failure.
std::wstring create(URL_COMPONENTS& uc, DWORD flags = 0, DWORD* error = nullptr) {
  wchar_t url[256];
  DWORD length = 256;
  SetLastError(kUnset);
  const BOOL ok = WinHttpCreateUrl(&uc, flags, url, &length);
  if (error) *error = GetLastError();
  if (!ok) return std::wstring();
  CHECK(GetLastError() == ERROR_SUCCESS);
  CHECK(length == std::wcslen(url));
  return url;
}

}  // namespace

TEST_CASE("WinHttpCrackUrl: copies every part into buffers") {
  Buffers b;
  URL_COMPONENTS uc = bufferRequest(b);
  const wchar_t* url = L"http://username:password@www.winehq.org/site/about?query";
  SetLastError(kUnset);
  REQUIRE(WinHttpCrackUrl(url, 0, 0, &uc));
  REQUIRE(GetLastError() == ERROR_SUCCESS);
  REQUIRE(uc.nScheme == INTERNET_SCHEME_HTTP);
  REQUIRE(std::wstring(b.scheme) == L"http");
  REQUIRE(uc.dwSchemeLength == 4);
  REQUIRE(std::wstring(b.user) == L"username");
  REQUIRE(uc.dwUserNameLength == 8);
  REQUIRE(std::wstring(b.pass) == L"password");
  REQUIRE(uc.dwPasswordLength == 8);
  REQUIRE(std::wstring(b.host) == L"www.winehq.org");
  REQUIRE(uc.dwHostNameLength == 14);
  REQUIRE(uc.nPort == 80);
  REQUIRE(std::wstring(b.path) == L"/site/about");
  REQUIRE(uc.dwUrlPathLength == 11);
  REQUIRE(std::wstring(b.extra) == L"?query");
  REQUIRE(uc.dwExtraInfoLength == 6);
}

TEST_CASE("WinHttpCrackUrl: short buffers get the size needed and the rest is still filled") {
  Buffers b;
  URL_COMPONENTS uc = bufferRequest(b);
  uc.dwSchemeLength = 1;
  uc.dwHostNameLength = 1;
  SetLastError(kUnset);
  REQUIRE_FALSE(WinHttpCrackUrl(L"http://username:password@www.winehq.org/site/about?query", 0, 0, &uc));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(uc.dwSchemeLength == 5);
  REQUIRE(uc.dwHostNameLength == 15);
  REQUIRE(uc.dwUrlPathLength == 11);
  REQUIRE(std::wstring(b.path) == L"/site/about");
  REQUIRE(uc.nScheme == INTERNET_SCHEME_HTTP);

  SECTION("a buffer exactly the length of the part has no room for the terminator") {
    uc = bufferRequest(b);
    uc.dwHostNameLength = 14;
    REQUIRE_FALSE(WinHttpCrackUrl(L"http://www.winehq.org/", 0, 0, &uc));
    REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
    REQUIRE(uc.dwHostNameLength == 15);
  }
  SECTION("a one-character buffer holds an empty part") {
    uc = bufferRequest(b);
    uc.dwExtraInfoLength = 1;
    b.extra[0] = L'x';
    REQUIRE(WinHttpCrackUrl(L"http://www.winehq.org/", 0, 0, &uc));
    REQUIRE(uc.dwExtraInfoLength == 0);
    REQUIRE(b.extra[0] == L'\0');
  }
  SECTION("a buffer with length 0 is a bad parameter, and nothing is written") {
    uc = bufferRequest(b);
    uc.dwSchemeLength = 0;
    uc.nPort = 7;
    SetLastError(kUnset);
    REQUIRE_FALSE(WinHttpCrackUrl(L"http://www.winehq.org/test", 0, 0, &uc));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
    REQUIRE(uc.nScheme == 0);
    REQUIRE(uc.nPort == 7);
    REQUIRE(uc.dwHostNameLength == 40);
  }
}

TEST_CASE("WinHttpCrackUrl: lengths without buffers get pointers into the URL") {
  const wchar_t* url = L"http://username:password@www.winehq.org/site/about";
  URL_COMPONENTS uc = pointerRequest();
  SetLastError(kUnset);
  REQUIRE(WinHttpCrackUrl(url, 0, 0, &uc));
  REQUIRE(GetLastError() == ERROR_SUCCESS);
  REQUIRE(uc.lpszScheme == url);
  REQUIRE(uc.dwSchemeLength == 4);
  REQUIRE(uc.lpszUserName == url + 7);
  REQUIRE(uc.dwUserNameLength == 8);
  REQUIRE(uc.lpszPassword == url + 16);
  REQUIRE(uc.dwPasswordLength == 8);
  REQUIRE(uc.lpszHostName == url + 25);
  REQUIRE(uc.dwHostNameLength == 14);
  REQUIRE(uc.nPort == 80);
  REQUIRE(uc.lpszUrlPath == url + 39);
  REQUIRE(uc.dwUrlPathLength == 11);
  REQUIRE(uc.lpszExtraInfo == url + 50);
  REQUIRE(uc.dwExtraInfoLength == 0);

  const wchar_t* bare = L"http://www.winehq.org";
  uc = pointerRequest();
  REQUIRE(WinHttpCrackUrl(bare, 0, 0, &uc));
  REQUIRE(uc.lpszUserName == nullptr);
  REQUIRE(uc.dwUserNameLength == 0);
  REQUIRE(uc.lpszPassword == nullptr);
  REQUIRE(uc.dwPasswordLength == 0);
  REQUIRE(uc.lpszHostName == bare + 7);
  REQUIRE(uc.lpszUrlPath == bare + 21);
  REQUIRE(uc.dwUrlPathLength == 0);
  REQUIRE(uc.lpszExtraInfo == bare + 21);

  const wchar_t* secure = L"https://www.winehq.org/post?";
  uc = pointerRequest();
  REQUIRE(WinHttpCrackUrl(secure, 0, 0, &uc));
  REQUIRE(uc.nScheme == INTERNET_SCHEME_HTTPS);
  REQUIRE(uc.nPort == 443);
  REQUIRE(uc.lpszUrlPath == secure + 22);
  REQUIRE(uc.dwUrlPathLength == 5);
  REQUIRE(uc.lpszExtraInfo == secure + 27);
  REQUIRE(uc.dwExtraInfoLength == 1);
}

TEST_CASE("WinHttpCrackUrl: parts not asked for are left alone") {
  const wchar_t* url = L"http://www.winehq.org/test";
  URL_COMPONENTS uc{};
  uc.dwStructSize = sizeof(uc);
  uc.dwHostNameLength = ~0u;
  REQUIRE(WinHttpCrackUrl(url, 0, 0, &uc));
  REQUIRE(uc.lpszScheme == nullptr);
  REQUIRE(uc.dwSchemeLength == 0);
  REQUIRE(uc.nScheme == INTERNET_SCHEME_HTTP);
  REQUIRE(uc.lpszHostName == url + 7);
  REQUIRE(uc.lpszUrlPath == nullptr);
  REQUIRE(uc.dwUrlPathLength == 0);
}

TEST_CASE("WinHttpCrackUrl: without extra info wanted, the query stays in the path") {
  wchar_t path[80];
  URL_COMPONENTS uc{};
  uc.dwStructSize = sizeof(uc);
  uc.lpszUrlPath = path;
  uc.dwUrlPathLength = 80;
  const wchar_t* url = L"https://nba2k19-ws.2ksports.com:19133/nba/v4/Accounts/get_account?x=3789526775265663876";
  REQUIRE(WinHttpCrackUrl(url, 0, 0, &uc));
  REQUIRE(std::wstring(path) == url + 37);
  REQUIRE(uc.dwUrlPathLength == 50);
  REQUIRE(uc.nPort == 19133);
}

TEST_CASE("WinHttpCrackUrl: the Windows quirks of '@', '?' and ';'") {
  const wchar_t* url = L"http://example.net/path?var1=example@example.com&var2=x&var3=y";
  URL_COMPONENTS uc = pointerRequest();
  REQUIRE(WinHttpCrackUrl(url, 0, 0, &uc));
  REQUIRE(uc.lpszUserName == nullptr);
  REQUIRE(uc.lpszHostName == url + 7);
  REQUIRE(uc.dwHostNameLength == 11);
  REQUIRE(uc.dwUrlPathLength == 5);
  REQUIRE(uc.lpszExtraInfo == url + 23);
  REQUIRE(uc.dwExtraInfoLength == 39);

  const wchar_t* query = L"http://winehq?";
  uc = pointerRequest();
  REQUIRE(WinHttpCrackUrl(query, 0, 0, &uc));
  REQUIRE(uc.dwHostNameLength == 7);
  REQUIRE(uc.lpszUrlPath == query + 14);
  REQUIRE(uc.dwUrlPathLength == 0);
  REQUIRE(uc.lpszExtraInfo == query + 14);
  REQUIRE(uc.dwExtraInfoLength == 0);

  const wchar_t* semicolon = L"http://winehq/post;a";
  uc = pointerRequest();
  REQUIRE(WinHttpCrackUrl(semicolon, 0, 0, &uc));
  REQUIRE(uc.lpszUrlPath == semicolon + 13);
  REQUIRE(uc.dwUrlPathLength == 7);
  REQUIRE(uc.dwExtraInfoLength == 0);
}

TEST_CASE("WinHttpCrackUrl: ports") {
  struct Case {
    const wchar_t* url;
    INTERNET_PORT port;
  };
  for (const Case& c : {Case{L"http://username:password@www.winehq.org:42/site/about?query", 42},
                        Case{L"http://winehq.org:0", 0}, Case{L"http://winehq.org:", 80},
                        Case{L"http://winehq.org:/", 80}, Case{L"http://winehq.org:80/", 80},
                        Case{L"https://winehq.org:443/", 443}, Case{L"https://winehq.org:80", 80},
                        Case{L"http://winehq.org:65535/", 65535}, Case{L"https://[::1]:8443/x", 8443}}) {
    INFO(std::string(c.url, c.url + std::wcslen(c.url)));
    URL_COMPONENTS uc = pointerRequest();
    uc.nPort = 1;
    REQUIRE(WinHttpCrackUrl(c.url, 0, 0, &uc));
    REQUIRE(uc.nPort == c.port);
  }
  REQUIRE(crackError(L"http://winehq.org:65536") == ERROR_WINHTTP_INVALID_URL);
  REQUIRE(crackError(L"http://winehq.org:99999999999/") == ERROR_WINHTTP_INVALID_URL);

  URL_COMPONENTS uc = pointerRequest();
  const wchar_t* ipv6 = L"http://[::1]:8080/";
  uc.dwHostNameLength = ~0u;
  REQUIRE(WinHttpCrackUrl(ipv6, 0, 0, &uc));
  REQUIRE(uc.lpszHostName == ipv6 + 7);
  REQUIRE(uc.dwHostNameLength == 5);
}

TEST_CASE("WinHttpCrackUrl: bad URLs and parameters") {
  REQUIRE(crackError(L"HTTP:www.winehq.org") == ERROR_WINHTTP_INVALID_URL);
  REQUIRE(crackError(L"http:/www.winehq.org") == ERROR_WINHTTP_INVALID_URL);
  REQUIRE(crackError(L"http://") == ERROR_WINHTTP_INVALID_URL);
  REQUIRE(crackError(L"www.winehq.org") == ERROR_WINHTTP_UNRECOGNIZED_SCHEME);
  REQUIRE(crackError(L"www") == ERROR_WINHTTP_UNRECOGNIZED_SCHEME);
  REQUIRE(crackError(L"http") == ERROR_WINHTTP_UNRECOGNIZED_SCHEME);
  REQUIRE(crackError(L"") == ERROR_WINHTTP_UNRECOGNIZED_SCHEME);
  REQUIRE(crackError(L"ftp://username:password@www.winehq.org:80/site/about?query") ==
          ERROR_WINHTTP_UNRECOGNIZED_SCHEME);

  URL_COMPONENTS uc = pointerRequest();
  SetLastError(kUnset);
  REQUIRE_FALSE(WinHttpCrackUrl(L"http://winehq.org/", 0, 0, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  SetLastError(kUnset);
  REQUIRE_FALSE(WinHttpCrackUrl(nullptr, 0, 0, &uc));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  uc.dwStructSize = sizeof(uc) - 1;
  SetLastError(kUnset);
  REQUIRE_FALSE(WinHttpCrackUrl(L"http://winehq.org/", 0, 0, &uc));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
}

TEST_CASE("WinHttpCrackUrl: dwUrlLength limits what is read") {
  const wchar_t* url = L"http://www.winehq.org/site/about?query";
  URL_COMPONENTS uc = pointerRequest();
  REQUIRE(WinHttpCrackUrl(url, 26, 0, &uc));
  REQUIRE(uc.dwHostNameLength == 14);
  REQUIRE(uc.lpszUrlPath == url + 21);
  REQUIRE(uc.dwUrlPathLength == 5);
  REQUIRE(uc.lpszExtraInfo == url + 26);
  REQUIRE(uc.dwExtraInfoLength == 0);
}

TEST_CASE("WinHttpCrackUrl: ICU_DECODE and ICU_ESCAPE need buffers") {
  const wchar_t* url =
      L"http://username:password@www.winehq.org/site/about%20!%22%23$%25&'()*+,-./:;%3C=%3E?@%5B%5C%5D%5E_%60%7B%7C%7D%7E";
  REQUIRE(crackError(url, ICU_DECODE) == ERROR_INVALID_PARAMETER);
  REQUIRE(crackError(url, ICU_ESCAPE) == ERROR_INVALID_PARAMETER);

  Buffers b;
  URL_COMPONENTS uc = bufferRequest(b);
  REQUIRE(WinHttpCrackUrl(url, 0, ICU_DECODE, &uc));
  REQUIRE(std::wstring(b.path) == L"/site/about !\"#$%&'()*+,-./:;<=>");
  REQUIRE(uc.dwUrlPathLength == 32);
  REQUIRE(std::wstring(b.extra) == L"?@[\\]^_`{|}~");
  REQUIRE(uc.dwExtraInfoLength == 12);

  SECTION("escaping starts at the last '/', so the host keeps its space") {
    uc = bufferRequest(b);
    uc.lpszUserName = nullptr;
    uc.dwUserNameLength = 0;
    uc.lpszPassword = nullptr;
    uc.dwPasswordLength = 0;
    uc.lpszExtraInfo = nullptr;
    uc.dwExtraInfoLength = 0;
    REQUIRE(WinHttpCrackUrl(L"http://winehq.o g/path with spaces", 0, ICU_ESCAPE | ICU_DECODE, &uc));
    REQUIRE(std::wstring(b.host) == L"winehq.o g");
    REQUIRE(std::wstring(b.path) == L"/path%20with%20spaces");
    REQUIRE(uc.dwUrlPathLength == 21);
  }
  SECTION("a pointer may still be asked for a part that is empty") {
    uc = bufferRequest(b);
    uc.lpszUserName = nullptr;
    uc.dwUserNameLength = ~0u;
    REQUIRE(WinHttpCrackUrl(L"http://www.winehq.org/a%20b", 0, ICU_DECODE, &uc));
    REQUIRE(uc.lpszUserName == nullptr);
    REQUIRE(uc.dwUserNameLength == 0);
    REQUIRE(std::wstring(b.path) == L"/a b");
  }
}

TEST_CASE("WinHttpCrackUrl: ICU_REJECT_USERPWD refuses embedded credentials") {
  REQUIRE(crackError(L"http://user:pass@www.winehq.org/", ICU_REJECT_USERPWD) == ERROR_WINHTTP_INVALID_URL);
  REQUIRE(crackError(L"http://user@www.winehq.org/", ICU_REJECT_USERPWD) == ERROR_WINHTTP_INVALID_URL);
  URL_COMPONENTS uc = pointerRequest();
  REQUIRE(WinHttpCrackUrl(L"http://www.winehq.org/a@b", 0, ICU_REJECT_USERPWD, &uc));
}

TEST_CASE("WinHttpCreateUrl: parameters and buffer sizes") {
  DWORD length = ~0u;
  SetLastError(kUnset);
  REQUIRE_FALSE(WinHttpCreateUrl(nullptr, 0, nullptr, &length));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE(length == ~0u);

  URL_COMPONENTS zeroed{};
  SetLastError(kUnset);
  REQUIRE_FALSE(WinHttpCreateUrl(&zeroed, 0, nullptr, &length));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE(length == ~0u);

  CreateInput in;
  SetLastError(kUnset);
  REQUIRE_FALSE(WinHttpCreateUrl(&in.uc, 0, nullptr, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);

  length = 0;
  SetLastError(kUnset);
  REQUIRE_FALSE(WinHttpCreateUrl(&in.uc, 0, nullptr, &length));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(length == 57);

  length = 256;
  SetLastError(kUnset);
  REQUIRE_FALSE(WinHttpCreateUrl(&in.uc, 0, nullptr, &length));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE(length == 256);

  wchar_t url[64];
  for (DWORD small : {1u, 2u, 56u}) {
    INFO(small);
    url[0] = L'x';
    length = small;
    SetLastError(kUnset);
    REQUIRE_FALSE(WinHttpCreateUrl(&in.uc, 0, url, &length));
    REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
    REQUIRE(length == 57);
    REQUIRE(url[0] == L'x');
  }
  length = 57;
  SetLastError(kUnset);
  REQUIRE(WinHttpCreateUrl(&in.uc, 0, url, &length));
  REQUIRE(GetLastError() == ERROR_SUCCESS);
  REQUIRE(length == 56);
  REQUIRE(std::wstring(url) == L"http://username:password@www.winehq.org/site/about?query");
}

TEST_CASE("WinHttpCreateUrl: scheme, credentials and port") {
  const std::wstring full = L"http://username:password@www.winehq.org/site/about?query";
  {
    CreateInput in;
    in.uc.lpszScheme = nullptr;
    REQUIRE(create(in.uc) == full);
  }
  {
    CreateInput in;
    in.uc.nScheme = 0;
    REQUIRE(create(in.uc) == full);
  }
  {
    CreateInput in;
    in.uc.lpszPassword = nullptr;
    REQUIRE(create(in.uc) == L"http://username@www.winehq.org/site/about?query");
  }
  {
    CreateInput in;
    in.pass[0] = L'\0';
    in.uc.dwPasswordLength = 0;
    REQUIRE(create(in.uc) == L"http://username:@www.winehq.org/site/about?query");
  }
  {
    CreateInput in;
    in.uc.lpszUserName = nullptr;
    DWORD error = 0;
    REQUIRE(create(in.uc, 0, &error).empty());
    REQUIRE(error == ERROR_INVALID_PARAMETER);
  }
  {
    CreateInput in;
    in.user[0] = L'\0';
    in.uc.dwUserNameLength = 0;
    REQUIRE(create(in.uc) == L"http://:password@www.winehq.org/site/about?query");
  }
  {
    CreateInput in;
    in.uc.lpszUserName = nullptr;
    in.uc.lpszPassword = nullptr;
    REQUIRE(create(in.uc) == L"http://www.winehq.org/site/about?query");
  }
  {
    CreateInput in;
    in.user[0] = in.pass[0] = L'\0';
    in.uc.dwUserNameLength = in.uc.dwPasswordLength = 0;
    REQUIRE(create(in.uc) == L"http://:@www.winehq.org/site/about?query");
  }
  {
    CreateInput in;  // lpszScheme wins over nScheme; only http(s) ports are defaults
    std::wcscpy(in.scheme, L"ftp");
    in.uc.dwSchemeLength = 3;
    REQUIRE(create(in.uc) == L"ftp://username:password@www.winehq.org:80/site/about?query");
  }
  {
    CreateInput in;
    in.uc.nPort = 42;
    REQUIRE(create(in.uc) == L"http://username:password@www.winehq.org:42/site/about?query");
  }
  {
    CreateInput in;
    in.uc.lpszScheme = nullptr;
    in.uc.nScheme = 0;
    in.uc.nPort = 0;
    REQUIRE(create(in.uc) == L"http://username:password@www.winehq.org:0/site/about?query");
  }
  {
    CreateInput in;
    in.uc.lpszScheme = nullptr;
    in.uc.nScheme = INTERNET_SCHEME_HTTPS;
    in.uc.nPort = 443;
    in.uc.lpszUserName = in.uc.lpszPassword = nullptr;
    std::wcscpy(in.path, L"relative");
    in.uc.dwUrlPathLength = 0;  // NUL-terminated
    REQUIRE(create(in.uc) == L"https://www.winehq.org/relative?query");
  }
  {
    CreateInput in;
    DWORD error = 0;
    REQUIRE(create(in.uc, ICU_REJECT_USERPWD, &error).empty());
    REQUIRE(error == ERROR_WINHTTP_INVALID_URL);
    in.uc.lpszUserName = in.uc.lpszPassword = nullptr;
    REQUIRE(create(in.uc, ICU_REJECT_USERPWD) == L"http://www.winehq.org/site/about?query");
  }
}

TEST_CASE("WinHttpCreateUrl: ICU_ESCAPE escapes path and extra info") {
  wchar_t escape[] = L" !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  CreateInput in;
  in.uc.lpszExtraInfo = escape;
  in.uc.dwExtraInfoLength = static_cast<DWORD>(std::wcslen(escape));
  const std::wstring url = create(in.uc, ICU_ESCAPE);
  REQUIRE(url ==
          L"http://username:password@www.winehq.org/site/about%20!%22%23$%25&'()*+,-./:;%3C=%3E?@%5B%5C%5D%5E_%60%7B%7C%7D%7E");
  REQUIRE(url.size() == 113);

  wchar_t controls[] = L"\r\x1f \n\x7f\r\n";
  URL_COMPONENTS extraOnly = onlyPart(&URL_COMPONENTS::lpszExtraInfo, &URL_COMPONENTS::dwExtraInfoLength, controls);
  REQUIRE(create(extraOnly, ICU_ESCAPE) == L"http://%0D%1F%20%0A%7F%0D%0A");
  URL_COMPONENTS pathOnly = onlyPart(&URL_COMPONENTS::lpszUrlPath, &URL_COMPONENTS::dwUrlPathLength, controls);
  REQUIRE(create(pathOnly, ICU_ESCAPE) == L"http://%0D%1F%20%0A%7F%0D%0A");

  // Windows escapes bytes of the ANSI code page: a character outside it fails.
  wchar_t ligature[] = L"?text=\xfb00";
  extraOnly = onlyPart(&URL_COMPONENTS::lpszExtraInfo, &URL_COMPONENTS::dwExtraInfoLength, ligature);
  DWORD error = 0;
  const std::wstring escaped = create(extraOnly, ICU_ESCAPE, &error);
  if (GetACP() == CP_UTF8) {
    REQUIRE(escaped == L"http://?text=%EF%AC%80");
  } else {
    REQUIRE(escaped.empty());
    REQUIRE(error == ERROR_INVALID_PARAMETER);
  }
  REQUIRE(create(extraOnly) == L"http://?text=\xfb00");
  wchar_t ligaturePath[] = L"/text=\xfb00";
  pathOnly = onlyPart(&URL_COMPONENTS::lpszUrlPath, &URL_COMPONENTS::dwUrlPathLength, ligaturePath);
  REQUIRE(create(pathOnly) == L"http:///text=\xfb00");
}

TEST_CASE("WinHttpCreateUrl and WinHttpCrackUrl round-trip") {
  const wchar_t* original = L"https://user:pw@example.com:8443/a/b?c=d";
  Buffers b;
  URL_COMPONENTS uc = bufferRequest(b);
  REQUIRE(WinHttpCrackUrl(original, 0, 0, &uc));
  REQUIRE(create(uc) == original);
}
