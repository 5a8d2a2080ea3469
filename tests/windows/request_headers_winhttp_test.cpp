// WinHttpAddRequestHeaders(Ex) and WINHTTP_QUERY_FLAG_REQUEST_HEADERS, with
// the merge results Windows 7 and later give in Wine's winhttp tests.
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <string>
#include <vector>

#include "raw_head.h"
#include "test_servers.h"
#include "winhttp_helpers.h"

// Not in MinGW's winhttp.h; as in the Windows SDK.
struct WINHTTP_EXTENDED_HEADER {
  union {
    LPCWSTR pwszName;
    LPCSTR pszName;
  };
  union {
    LPCWSTR pwszValue;
    LPCSTR pszValue;
  };
};
extern "C" DWORD WINAPI WinHttpAddRequestHeadersEx(HINTERNET, DWORD, ULONGLONG, ULONGLONG, DWORD,
                                                   WINHTTP_EXTENDED_HEADER*);

namespace {

constexpr DWORD kRequestFlag = WINHTTP_QUERY_FLAG_REQUEST_HEADERS;

// A session, connect and request to the test server, not yet sent.
struct Fixture {
  WinHttpHandle session{WinHttpOpen(L"hinternet-test", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0)};
  WinHttpHandle connect{WinHttpConnect(session, L"127.0.0.1", httpPort(), 0)};
  WinHttpHandle request;
  explicit Fixture(LPCWSTR verb = L"POST", LPCWSTR path = L"/headers", LPCWSTR referrer = nullptr,
                   LPCWSTR* accept = nullptr)
      : request(WinHttpOpenRequest(connect, verb, path, nullptr, referrer, accept, 0)) {
    REQUIRE(request.h);
  }
};

// Every value of a request header, walking the index until it runs out.
std::vector<std::wstring> values(HINTERNET request, LPCWSTR name) {
  std::vector<std::wstring> out;
  for (DWORD index = 0;;) {
    wchar_t buffer[256];
    DWORD bytes = sizeof(buffer);
    const DWORD before = index;
    if (!WinHttpQueryHeaders(request, WINHTTP_QUERY_CUSTOM | kRequestFlag, name, buffer, &bytes, &index)) {
      REQUIRE(GetLastError() == ERROR_WINHTTP_HEADER_NOT_FOUND);
      REQUIRE(index == before);
      return out;
    }
    REQUIRE(index == before + 1);
    REQUIRE(bytes == wcslen(buffer) * sizeof(wchar_t));
    out.emplace_back(buffer);
  }
}

BOOL add(HINTERNET request, LPCWSTR headers, DWORD flags) {
  SetLastError(0xdeadbeef);
  return WinHttpAddRequestHeaders(request, headers, DWORD(-1), flags);
}

using Values = std::vector<std::wstring>;

}  // namespace

TEST_CASE("WinHTTP request headers: every modifier merges as on Windows") {
  Fixture f;
  REQUIRE(values(f.request, L"Warning").empty());
  REQUIRE(add(f.request, L"Warning:test1", WINHTTP_ADDREQ_FLAG_ADD));
  REQUIRE(GetLastError() == ERROR_SUCCESS);
  REQUIRE(add(f.request, L"Warning:test2", WINHTTP_ADDREQ_FLAG_ADD));
  REQUIRE(values(f.request, L"warning") == Values{L"test1", L"test2"});

  SECTION("REPLACE changes the first one where it stands") {
    REQUIRE(add(f.request, L"Warning:test3", WINHTTP_ADDREQ_FLAG_REPLACE));
    REQUIRE(values(f.request, L"Warning") == Values{L"test3", L"test2"});
  }
  SECTION("ADD_IF_NEW refuses a present name") {
    REQUIRE_FALSE(add(f.request, L"Warning:test4", WINHTTP_ADDREQ_FLAG_ADD_IF_NEW));
    REQUIRE(GetLastError() == ERROR_WINHTTP_HEADER_ALREADY_EXISTS);
    REQUIRE(add(f.request, L"X-New: 1", WINHTTP_ADDREQ_FLAG_ADD_IF_NEW));
    REQUIRE(values(f.request, L"Warning") == Values{L"test1", L"test2"});
  }
  SECTION("COALESCE, COALESCE_WITH_COMMA and COALESCE_WITH_SEMICOLON merge into the first") {
    REQUIRE(add(f.request, L"Warning:test4", WINHTTP_ADDREQ_FLAG_COALESCE));
    REQUIRE(add(f.request, L"Warning:test5", WINHTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA));
    REQUIRE(add(f.request, L"Warning:test6", WINHTTP_ADDREQ_FLAG_COALESCE_WITH_SEMICOLON));
    REQUIRE(values(f.request, L"Warning") == Values{L"test1, test4, test5; test6", L"test2"});
  }
  SECTION("ADD|REPLACE replaces a present name and adds a missing one") {
    REQUIRE(add(f.request, L"Warning:test7", WINHTTP_ADDREQ_FLAG_ADD | WINHTTP_ADDREQ_FLAG_REPLACE));
    REQUIRE(add(f.request, L"name: value", WINHTTP_ADDREQ_FLAG_ADD | WINHTTP_ADDREQ_FLAG_REPLACE));
    REQUIRE(values(f.request, L"Warning") == Values{L"test7", L"test2"});
    REQUIRE(values(f.request, L"name") == Values{L"value"});
  }
  SECTION("REPLACE of a missing name fails without ADD; an empty value removes") {
    REQUIRE_FALSE(add(f.request, L"name: value", WINHTTP_ADDREQ_FLAG_REPLACE));
    REQUIRE(GetLastError() == ERROR_WINHTTP_HEADER_NOT_FOUND);
    REQUIRE(add(f.request, L"Warning:", WINHTTP_ADDREQ_FLAG_REPLACE));
    REQUIRE(values(f.request, L"Warning") == Values{L"test2"});
  }
  SECTION("no modifier adds another") {
    REQUIRE(add(f.request, L"Warning: test8", 0));
    REQUIRE(values(f.request, L"Warning") == Values{L"test1", L"test2", L"test8"});
  }
}

TEST_CASE("WinHTTP request headers: malformed lines and CR/LF injection are refused, nothing added") {
  Fixture f;
  for (LPCWSTR bad : {L":", L":b", L"cd", L" e :f", L"a b: c", L"X-A: 1\r\nGET /smuggled HTTP/1.1",
                      L"X-A: 1\r\n\r\n<html>", L"X-A: 1\r\n continued"}) {
    INFO(narrow(bad));
    REQUIRE_FALSE(add(f.request, bad, WINHTTP_ADDREQ_FLAG_ADD));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  }
  REQUIRE(values(f.request, L"X-A").empty());
  // Any CR or LF ends a header; what follows is a header of its own.
  REQUIRE(add(f.request, L"X-A: 1\rX-B: 2\nX-C: 3\n\r", WINHTTP_ADDREQ_FLAG_ADD));
  REQUIRE(values(f.request, L"X-A") == Values{L"1"});
  REQUIRE(values(f.request, L"X-B") == Values{L"2"});
  REQUIRE(values(f.request, L"X-C") == Values{L"3"});
  REQUIRE(add(f.request, L"a:", WINHTTP_ADDREQ_FLAG_ADD));
  REQUIRE(values(f.request, L"a") == Values{L""});
  REQUIRE(add(f.request, L"field: value ", WINHTTP_ADDREQ_FLAG_ADD));
  REQUIRE(values(f.request, L"field") == Values{L"value "});
}

TEST_CASE("WinHTTP request headers: NULL and zero-length input, explicit lengths") {
  Fixture f;
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(WinHttpAddRequestHeaders(f.request, nullptr, DWORD(-1), WINHTTP_ADDREQ_FLAG_ADD));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(WinHttpAddRequestHeaders(f.request, L"Range: bytes=0-773\r\n", 0, WINHTTP_ADDREQ_FLAG_ADD));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpAddRequestHeaders(f.request, L"", DWORD(-1), WINHTTP_ADDREQ_FLAG_ADD));
  // Only the first 18 characters count.
  REQUIRE(WinHttpAddRequestHeaders(f.request, L"Range: bytes=0-773\r\nX-Cut: 1", 18, WINHTTP_ADDREQ_FLAG_ADD));
  REQUIRE(values(f.request, L"Range") == Values{L"bytes=0-773"});
  REQUIRE(values(f.request, L"X-Cut").empty());
}

TEST_CASE("WinHTTP request headers: wrong and closed handles") {
  REQUIRE_FALSE(add(nullptr, L"X: 1", WINHTTP_ADDREQ_FLAG_ADD));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
  Fixture f;
  REQUIRE_FALSE(add(f.connect, L"X: 1", WINHTTP_ADDREQ_FLAG_ADD));
  REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
  WINHTTP_EXTENDED_HEADER header{};
  header.pwszName = L"X";
  header.pwszValue = L"1";
  REQUIRE(WinHttpAddRequestHeadersEx(f.connect, WINHTTP_ADDREQ_FLAG_ADD, 1, 0, 1, &header) ==
          ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
  HINTERNET request = f.request.h;
  REQUIRE(WinHttpCloseHandle(request));
  f.request.h = nullptr;
  REQUIRE_FALSE(add(request, L"X: 1", WINHTTP_ADDREQ_FLAG_ADD));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
  REQUIRE(WinHttpAddRequestHeadersEx(request, WINHTTP_ADDREQ_FLAG_ADD, 1, 0, 1, &header) == ERROR_INVALID_HANDLE);
  DWORD size = 0;
  REQUIRE_FALSE(WinHttpQueryHeaders(request, WINHTTP_QUERY_RAW_HEADERS_CRLF | kRequestFlag, nullptr, nullptr,
                                    &size, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
}

TEST_CASE("WinHttpAddRequestHeadersEx takes separate names and values, wide or narrow") {
  Fixture f;
  WINHTTP_EXTENDED_HEADER wide[2] = {};
  wide[0].pwszName = L"X-Wide";
  wide[0].pwszValue = L"one";
  wide[1].pwszName = L"X-Wide";
  wide[1].pwszValue = L"two";
  REQUIRE(WinHttpAddRequestHeadersEx(f.request, WINHTTP_ADDREQ_FLAG_ADD, 1, 0, 2, wide) == ERROR_SUCCESS);
  REQUIRE(values(f.request, L"X-Wide") == Values{L"one", L"two"});
  WINHTTP_EXTENDED_HEADER narrowHeader{};
  narrowHeader.pszName = "X-Wide";
  narrowHeader.pszValue = "three";
  REQUIRE(WinHttpAddRequestHeadersEx(f.request, WINHTTP_ADDREQ_FLAG_REPLACE, 0, 0, 1, &narrowHeader) ==
          ERROR_SUCCESS);
  REQUIRE(values(f.request, L"X-Wide") == Values{L"three", L"two"});
  REQUIRE(WinHttpAddRequestHeadersEx(f.request, WINHTTP_ADDREQ_FLAG_ADD_IF_NEW, 1, 0, 1, wide) ==
          ERROR_WINHTTP_HEADER_ALREADY_EXISTS);

  SECTION("a value or name holding CR or LF is injection: refused, none of the set added") {
    WINHTTP_EXTENDED_HEADER evil[2] = {};
    evil[0].pwszName = L"X-Good";
    evil[0].pwszValue = L"1";
    evil[1].pwszName = L"X-Evil";
    evil[1].pwszValue = L"1\r\nInjected: yes";
    REQUIRE(WinHttpAddRequestHeadersEx(f.request, WINHTTP_ADDREQ_FLAG_ADD, 1, 0, 2, evil) ==
            ERROR_INVALID_PARAMETER);
    evil[1].pwszName = L"X-Evil\nInjected";
    evil[1].pwszValue = L"1";
    REQUIRE(WinHttpAddRequestHeadersEx(f.request, WINHTTP_ADDREQ_FLAG_ADD, 1, 0, 2, evil) ==
            ERROR_INVALID_PARAMETER);
    REQUIRE(values(f.request, L"X-Good").empty());
    REQUIRE(values(f.request, L"Injected").empty());
  }
  SECTION("bad arguments") {
    REQUIRE(WinHttpAddRequestHeadersEx(f.request, WINHTTP_ADDREQ_FLAG_ADD, 1, 0, 1, nullptr) ==
            ERROR_INVALID_PARAMETER);
    REQUIRE(WinHttpAddRequestHeadersEx(f.request, WINHTTP_ADDREQ_FLAG_ADD, 0x10, 0, 1, wide) ==
            ERROR_INVALID_PARAMETER);
    WINHTTP_EXTENDED_HEADER unnamed{};
    REQUIRE(WinHttpAddRequestHeadersEx(f.request, WINHTTP_ADDREQ_FLAG_ADD, 1, 0, 1, &unnamed) ==
            ERROR_INVALID_PARAMETER);
    REQUIRE(WinHttpAddRequestHeadersEx(f.request, WINHTTP_ADDREQ_FLAG_ADD, 1, 0, 0, nullptr) == ERROR_SUCCESS);
  }
}

TEST_CASE("WinHTTP request headers are queryable before the send") {
  LPCWSTR accept[] = {L"text/plain", L"", L"application/json", nullptr};
  Fixture f(L"POST", L"posttest.php", L"http://referrer.example/", accept);
  REQUIRE(add(f.request, L"Warning: test1", WINHTTP_ADDREQ_FLAG_ADD));
  REQUIRE(narrow(queryString(f.request, WINHTTP_QUERY_REQUEST_METHOD)) == "POST");
  REQUIRE(narrow(queryString(f.request, WINHTTP_QUERY_REQUEST_METHOD | kRequestFlag)) == "POST");
  REQUIRE(narrow(queryString(f.request, WINHTTP_QUERY_RAW_HEADERS_CRLF | kRequestFlag)) ==
          "POST /posttest.php HTTP/1.1\r\nReferer: http://referrer.example/\r\n"
          "Accept: text/plain, application/json\r\nWarning: test1\r\n\r\n");
  REQUIRE(values(f.request, L"Accept") == Values{L"text/plain, application/json"});

  SECTION("RAW_HEADERS is NUL-separated and ends in two NULs") {
    DWORD size = 0, index = 0;
    REQUIRE_FALSE(WinHttpQueryHeaders(f.request, WINHTTP_QUERY_RAW_HEADERS | kRequestFlag, nullptr, nullptr, &size,
                                      &index));
    REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
    std::vector<wchar_t> buffer(size / sizeof(wchar_t) + 8, L'x');
    const DWORD needed = size;
    size = DWORD(buffer.size() * sizeof(wchar_t));
    REQUIRE(WinHttpQueryHeaders(f.request, WINHTTP_QUERY_RAW_HEADERS | kRequestFlag, nullptr, buffer.data(), &size,
                                &index));
    REQUIRE(size + sizeof(wchar_t) == needed);
    REQUIRE(buffer[size / sizeof(wchar_t)] == 0);
    REQUIRE(buffer[size / sizeof(wchar_t) - 1] == 0);
    REQUIRE(std::wstring(buffer.data()) == L"POST /posttest.php HTTP/1.1");
    REQUIRE(index == 0);
  }
  SECTION("short buffers get the size needed and are left alone") {
    wchar_t buffer[8];
    std::fill(std::begin(buffer), std::end(buffer), L'#');
    DWORD index = 0, size = 5 * sizeof(wchar_t);
    REQUIRE_FALSE(WinHttpQueryHeaders(f.request, WINHTTP_QUERY_CUSTOM | kRequestFlag, L"Warning", buffer, &size,
                                      &index));
    REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
    REQUIRE(size == 6 * sizeof(wchar_t));
    REQUIRE(buffer[0] == L'#');
    REQUIRE(index == 0);
  }
  SECTION("a response query still needs the response") {
    DWORD size = 0;
    REQUIRE_FALSE(
        WinHttpQueryHeaders(f.request, WINHTTP_QUERY_RAW_HEADERS_CRLF, nullptr, nullptr, &size, nullptr));
    REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
  }
}

TEST_CASE("WinHTTP sends exactly the request headers it reports, send headers merged with ADD|REPLACE") {
  Fixture f;
  REQUIRE(add(f.request, L"X-Replaced: old\r\nX-Kept: yes\r\nX-Empty:", WINHTTP_ADDREQ_FLAG_ADD));
  char body[] = "abc";
  REQUIRE(WinHttpSendRequest(f.request, L"X-Replaced: new\r\nX-Sent: 1", DWORD(-1), body, 3, 3, 0));
  REQUIRE(WinHttpReceiveResponse(f.request, nullptr));
  const std::string reported = narrow(queryString(f.request, WINHTTP_QUERY_RAW_HEADERS_CRLF | kRequestFlag));
  const std::string port = std::to_string(httpPort());
  REQUIRE(headLines(reported) == std::vector<std::string>{
                                     "POST /headers HTTP/1.1", "Connection: Keep-Alive", "Content-Length: 3",
                                     "Host: 127.0.0.1:" + port, "User-Agent: hinternet-test", "X-Empty:",
                                     "X-Kept: yes", "X-Replaced: new", "X-Sent: 1"});
  REQUIRE(headLines(readBody(f.request)) == headLines(reported));
  REQUIRE(values(f.request, L"X-Replaced") == Values{L"new"});
}

TEST_CASE("WinHTTP send headers that are no header fail the send; nothing goes out") {
  Fixture f(L"GET");
  REQUIRE_FALSE(WinHttpSendRequest(f.request, L"X-A: 1\r\nGET /smuggled HTTP/1.1", DWORD(-1), nullptr, 0, 0, 0));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE(values(f.request, L"X-A").empty());
  DWORD size = 0;
  REQUIRE_FALSE(WinHttpQueryHeaders(f.request, WINHTTP_QUERY_STATUS_CODE, nullptr, nullptr, &size, nullptr));
  REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
  // A zero length means a NUL-terminated string in WinHttpSendRequest.
  REQUIRE(WinHttpSendRequest(f.request, L"X-Zero: 0", 0, nullptr, 0, 0, 0));
  REQUIRE(WinHttpReceiveResponse(f.request, nullptr));
  REQUIRE(values(f.request, L"X-Zero") == Values{L"0"});
  REQUIRE(readBody(f.request).find("\r\nX-Zero: 0\r\n") != std::string::npos);
}

TEST_CASE("WinHTTP sends optional data with a GET too, and its Content-Length") {
  Fixture f(L"GET");
  char body[] = "xyz";
  REQUIRE(WinHttpSendRequest(f.request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, body, 3, 3, 0));
  REQUIRE(WinHttpReceiveResponse(f.request, nullptr));
  REQUIRE(values(f.request, L"Content-Length") == Values{L"3"});
  const std::string reported = narrow(queryString(f.request, WINHTTP_QUERY_RAW_HEADERS_CRLF | kRequestFlag));
  REQUIRE(headLines(readBody(f.request)) == headLines(reported));
}
