// Every new TLS connection gives the server's certificate. A resumed TLS
// session brings none, so hinternet resumes none: here the first connection
// is closed by "Connection: close", and each later session's request, on a
// new connection, is queried as the first was.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>

#include "test_servers.h"
#include "wininet_helpers.h"

TEST_CASE("WinINet: each new TLS connection gives the server's certificate, after an earlier one closed too") {
  for (int round = 0; round < 3; ++round) {
    INFO("session " << round);
    InetHandle session(InternetOpenA("hinternet-tls", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
    InetHandle connect(
        InternetConnectA(session, "localhost", httpsPort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
    InetHandle request(HttpOpenRequestA(connect, "GET", "/hello.txt", nullptr, nullptr, nullptr,
                                        INTERNET_FLAG_SECURE | INTERNET_FLAG_RELOAD, 0));
    REQUIRE(HttpSendRequestA(request, "Connection: close\r\n", static_cast<DWORD>(-1), nullptr, 0));
    char text[4096];
    DWORD size = sizeof(text);
    REQUIRE(InternetQueryOptionA(request, INTERNET_OPTION_SECURITY_CERTIFICATE, text, &size));
    CHECK(std::string(text).find("localhost") != std::string::npos);
    REQUIRE(readAll(request) == "hello from hinternet\n");
  }
}
