// WINHTTP_OPTION_CONNECT_RETRIES: Microsoft documents it as the number of
// the server's addresses WinHTTP tries, one attempt each.
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include "ipv4_only_server.h"
#include "winhttp_helpers.h"

TEST_CASE("WinHTTP: CONNECT_RETRIES caps the addresses a connection tries, once each") {
  Ipv4OnlyServer server;
  for (DWORD retries : {1u, 2u}) {
    INFO("CONNECT_RETRIES " << retries);
    const int before = server.accepted();
    WinHttpHandle session(WinHttpOpen(L"retries", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
    WinHttpHandle connect(WinHttpConnect(session, L"localhost", server.port(), 0));
    WinHttpHandle request(openGet(connect, L"/"));
    REQUIRE(WinHttpSetOption(request, WINHTTP_OPTION_CONNECT_RETRIES, &retries, sizeof(retries)));
    SetLastError(0xdeadbeef);
    const BOOL sent = sendAndReceive(request);
    if (retries == 1) {
      // ::1 refuses; the IPv4 address is never tried.
      REQUIRE_FALSE(sent);
      REQUIRE(GetLastError() == ERROR_WINHTTP_CANNOT_CONNECT);
      REQUIRE(server.accepted() == before);
    } else {
      REQUIRE(sent);
      REQUIRE(readBody(request) == "v4\n");
      REQUIRE(server.accepted() == before + 1);
    }
  }
}
