#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>

#include "test_servers.h"
#include "wininet_helpers.h"

TEST_CASE("WinINet: refused certificates fail with the error code that names the reason") {
  InetHandle session(InternetOpenA("tls", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  struct Case {
    unsigned short port;
    DWORD error;
  };
  for (const Case& c : {Case{expiredCertPort(), ERROR_INTERNET_SEC_CERT_DATE_INVALID},
                        Case{wrongNameCertPort(), ERROR_INTERNET_SEC_CERT_CN_INVALID},
                        Case{untrustedCertPort(), ERROR_INTERNET_INVALID_CA}}) {
    const std::string url = "https://localhost:" + std::to_string(c.port) + "/hello.txt";
    INFO(url);
    SetLastError(0);
    REQUIRE(InternetOpenUrlA(session, url.c_str(), nullptr, 0, INTERNET_FLAG_RELOAD, 0) == nullptr);
    REQUIRE(GetLastError() == c.error);
  }
}
