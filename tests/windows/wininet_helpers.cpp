#include "wininet_helpers.h"

#include <catch.hpp>

#include <cstring>

std::string readAll(HINTERNET file) {
  std::string body;
  char buffer[7];
  for (;;) {
    DWORD read = 0;
    REQUIRE(InternetReadFile(file, buffer, sizeof(buffer), &read));
    if (!read) break;
    body.append(buffer, read);
  }
  return body;
}

std::string bodyOf(HINTERNET file) {
  std::string body;
  char buffer[1024];
  for (DWORD read = 1; read;) {
    if (!InternetReadFile(file, buffer, sizeof(buffer), &read)) return "<failed>";
    body.append(buffer, read);
  }
  return body;
}

DWORD statusOf(HINTERNET request) {
  DWORD status = 0, size = sizeof(status);
  REQUIRE(HttpQueryInfoA(request, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &status, &size, nullptr));
  return status;
}

std::string customHeader(HINTERNET request, const char* name) {
  char buffer[256];
  lstrcpyA(buffer, name);
  DWORD size = sizeof(buffer);
  if (!HttpQueryInfoA(request, HTTP_QUERY_CUSTOM, buffer, &size, nullptr)) return "<missing>";
  return std::string(buffer, size);
}

std::string cookiesFor(const std::string& url, DWORD flags) {
  char buffer[4096];
  DWORD size = sizeof(buffer);
  if (!InternetGetCookieExA(url.c_str(), nullptr, buffer, &size, flags, nullptr)) {
    REQUIRE(GetLastError() == ERROR_NO_MORE_ITEMS);
    return "<none>";
  }
  REQUIRE(size == std::strlen(buffer) + 1);
  return buffer;
}

DWORD secureGet(HINTERNET session, const char* host, unsigned short port, const char* path, DWORD flags,
                DWORD securityFlags, std::string& body) {
  InetHandle connect(InternetConnectA(session, host, port, nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  InetHandle request(
      HttpOpenRequestA(connect, "GET", path, nullptr, nullptr, nullptr, INTERNET_FLAG_SECURE | flags, 0));
  REQUIRE(request.h);
  if (securityFlags)
    REQUIRE(InternetSetOptionA(request, INTERNET_OPTION_SECURITY_FLAGS, &securityFlags, sizeof(securityFlags)));
  if (!HttpSendRequestA(request, nullptr, 0, nullptr, 0)) return GetLastError();
  REQUIRE(statusOf(request) == 200);
  body = readAll(request);
  return 0;
}

void requireWaivedOnSameRequest(HINTERNET session, const char* host, unsigned short port, const char* path,
                                DWORD flags, DWORD error, DWORD waiver) {
  InetHandle connect(InternetConnectA(session, host, port, nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  InetHandle request(
      HttpOpenRequestA(connect, "GET", path, nullptr, nullptr, nullptr, INTERNET_FLAG_SECURE | flags, 0));
  REQUIRE_FALSE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(GetLastError() == error);
  REQUIRE(InternetSetOptionW(request, INTERNET_OPTION_SECURITY_FLAGS, &waiver, sizeof(waiver)));
  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(statusOf(request) == 200);
}
