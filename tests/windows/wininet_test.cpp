#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "test_servers.h"
#include "wininet_helpers.h"

TEST_CASE("WinINet: InternetOpenUrlA fetches over HTTP and HTTPS") {
  InetHandle session(InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  REQUIRE(session.h);
  for (const std::string& url :
       {"http://127.0.0.1:" + std::to_string(httpPort()) + "/hello.txt",
        "https://localhost:" + std::to_string(httpsPort()) + "/hello.txt"}) {
    INFO(url);
    InetHandle file(InternetOpenUrlA(session, url.c_str(), nullptr, 0, INTERNET_FLAG_RELOAD, 0));
    REQUIRE(file.h);
    REQUIRE(statusOf(file) == 200);
    REQUIRE(readAll(file) == "hello from hinternet\n");
  }
}

TEST_CASE("WinINet: InternetConnectW + HttpOpenRequestW + HttpSendRequestW + HttpQueryInfoW") {
  InetHandle session(InternetOpenW(L"hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle connect(
      InternetConnectW(session, L"localhost", httpsPort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 1));
  REQUIRE(connect.h);
  InetHandle request(
      HttpOpenRequestW(connect, L"GET", L"/hello.txt", nullptr, nullptr, nullptr, INTERNET_FLAG_SECURE, 1));
  REQUIRE(request.h);
  REQUIRE(HttpSendRequestW(request, nullptr, 0, nullptr, 0));
  REQUIRE(statusOf(request) == 200);

  DWORD bytes = 0;
  REQUIRE_FALSE(HttpQueryInfoW(request, HTTP_QUERY_RAW_HEADERS_CRLF, nullptr, &bytes, nullptr));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  std::vector<wchar_t> raw(bytes / sizeof(wchar_t));
  REQUIRE(HttpQueryInfoW(request, HTTP_QUERY_RAW_HEADERS_CRLF, raw.data(), &bytes, nullptr));
  REQUIRE(std::wstring(raw.data()).rfind(L"HTTP/1.1 200 OK\r\n", 0) == 0);

  wchar_t name[64] = L"Content-Length";
  bytes = sizeof(name);
  REQUIRE(HttpQueryInfoW(request, HTTP_QUERY_CUSTOM, name, &bytes, nullptr));
  REQUIRE(std::wstring(name) == L"21");
  REQUIRE(bytes == 2 * sizeof(wchar_t));
  REQUIRE(readAll(request) == "hello from hinternet\n");
}

TEST_CASE("WinINet: HttpQueryInfoA walks repeated headers with the index and reports missing ones") {
  InetHandle session(InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle connect(
      InternetConnectA(session, "127.0.0.1", httpPort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  InetHandle request(HttpOpenRequestA(connect, nullptr, "/missing", nullptr, nullptr, nullptr, 0, 0));
  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(statusOf(request) == 404);
  char text[64];
  DWORD size = sizeof(text), index = 0;
  REQUIRE(HttpQueryInfoA(request, HTTP_QUERY_SERVER, text, &size, &index));
  REQUIRE(index == 1);
  REQUIRE(size == std::string(text).size());
  size = sizeof(text);
  REQUIRE_FALSE(HttpQueryInfoA(request, HTTP_QUERY_SERVER, text, &size, &index));
  REQUIRE(GetLastError() == ERROR_HTTP_HEADER_NOT_FOUND);
  size = 1;
  REQUIRE_FALSE(HttpQueryInfoA(request, HTTP_QUERY_STATUS_TEXT, text, &size, nullptr));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == std::string("Not Found").size() + 1);
}

TEST_CASE("WinINet: bad handles get clean errors and closing a parent closes the children") {
  REQUIRE_FALSE(InternetCloseHandle(reinterpret_cast<HINTERNET>(0x4321)));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
  HINTERNET session = InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0);
  REQUIRE(session);
  REQUIRE_FALSE(HttpOpenRequestA(session, nullptr, nullptr, nullptr, nullptr, nullptr, 0, 0));
  REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  HINTERNET connect = InternetConnectA(session, "127.0.0.1", httpPort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0);
  HINTERNET request = HttpOpenRequestA(connect, nullptr, nullptr, nullptr, nullptr, nullptr, 0, 0);
  REQUIRE(request);
  DWORD read = 0;
  char c;
  REQUIRE_FALSE(InternetReadFile(request, &c, 1, &read));
  REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_STATE);
  REQUIRE(InternetCloseHandle(session));
  REQUIRE_FALSE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
}

TEST_CASE("WinINet: a closed port fails with CANNOT_CONNECT") {
  InetHandle session(InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  REQUIRE_FALSE(InternetOpenUrlA(session, "http://127.0.0.1:1/", nullptr, 0, 0, 0));
  REQUIRE(GetLastError() == ERROR_INTERNET_CANNOT_CONNECT);
}

TEST_CASE("WinINet and WinHTTP handle values never alias") {
  InetHandle session(InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  REQUIRE((reinterpret_cast<UINT_PTR>(session.h) & 0xFFFF0000) == 0x00CC0000);
}

TEST_CASE("WinINet: HTTP_QUERY_FLAG_SYSTEMTIME reads the Date header as a SYSTEMTIME") {
  InetHandle session(InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  const std::string url = "http://127.0.0.1:" + std::to_string(httpPort()) + "/hello.txt";
  InetHandle file(InternetOpenUrlA(session, url.c_str(), nullptr, 0, INTERNET_FLAG_RELOAD, 0));
  REQUIRE(file.h);
  const DWORD level = HTTP_QUERY_DATE | HTTP_QUERY_FLAG_SYSTEMTIME;

  DWORD size = 0;
  REQUIRE_FALSE(HttpQueryInfoA(file, level, nullptr, &size, nullptr));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == sizeof(SYSTEMTIME));

  SYSTEMTIME time{};
  size = sizeof(time);
  REQUIRE(HttpQueryInfoW(file, level, &time, &size, nullptr));
  REQUIRE(size == sizeof(SYSTEMTIME));
  SYSTEMTIME viaA{};
  size = sizeof(viaA);
  REQUIRE(HttpQueryInfoA(file, level, &viaA, &size, nullptr));
  REQUIRE(std::memcmp(&time, &viaA, sizeof(time)) == 0);

  char text[64];
  size = sizeof(text);
  REQUIRE(HttpQueryInfoA(file, HTTP_QUERY_DATE, text, &size, nullptr));
  unsigned day = 0, year = 0, hour = 0, minute = 0, second = 0;
  REQUIRE(std::sscanf(text, "%*3s, %u %*3s %u %u:%u:%u GMT", &day, &year, &hour, &minute, &second) == 5);
  REQUIRE(time.wDay == day);
  REQUIRE(time.wYear == year);
  REQUIRE(time.wHour == hour);
  REQUIRE(time.wMinute == minute);
  REQUIRE(time.wSecond == second);
  FILETIME dated;
  REQUIRE(SystemTimeToFileTime(&time, &dated));
  SYSTEMTIME normalized;
  REQUIRE(FileTimeToSystemTime(&dated, &normalized));
  REQUIRE(normalized.wYear == time.wYear);
  REQUIRE(normalized.wDayOfWeek == time.wDayOfWeek);
  REQUIRE(time.wMilliseconds == 0);
}
