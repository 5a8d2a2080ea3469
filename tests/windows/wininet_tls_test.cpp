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

namespace {

// A GET to one of the refusing servers with these request flags and
// SECURITY_FLAGS; the error of the send, or 0 once the body arrived.
DWORD sendWith(HINTERNET session, unsigned short port, DWORD flags, DWORD securityFlags) {
  std::string body;
  const DWORD error = secureGet(session, "localhost", port, "/hello.txt", flags, securityFlags, body);
  if (!error) REQUIRE(body == "hello from hinternet\n");
  return error;
}

}  // namespace

TEST_CASE("WinINet: each certificate failure is waived by its own flag, and only by it") {
  InetHandle session(InternetOpenA("tls", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  REQUIRE(sendWith(session, expiredCertPort(), INTERNET_FLAG_IGNORE_CERT_DATE_INVALID, 0) == 0);
  REQUIRE(sendWith(session, expiredCertPort(), 0, SECURITY_FLAG_IGNORE_CERT_DATE_INVALID) == 0);
  REQUIRE(sendWith(session, expiredCertPort(), INTERNET_FLAG_IGNORE_CERT_CN_INVALID, 0) ==
          ERROR_INTERNET_SEC_CERT_DATE_INVALID);
  REQUIRE(sendWith(session, wrongNameCertPort(), INTERNET_FLAG_IGNORE_CERT_CN_INVALID, 0) == 0);
  REQUIRE(sendWith(session, wrongNameCertPort(), 0, SECURITY_FLAG_IGNORE_CERT_CN_INVALID) == 0);
  REQUIRE(sendWith(session, wrongNameCertPort(), INTERNET_FLAG_IGNORE_CERT_DATE_INVALID, 0) ==
          ERROR_INTERNET_SEC_CERT_CN_INVALID);
  REQUIRE(sendWith(session, untrustedCertPort(), 0, SECURITY_FLAG_IGNORE_UNKNOWN_CA) == 0);
  REQUIRE(sendWith(session, untrustedCertPort(), 0, SECURITY_FLAG_IGNORE_REVOCATION) == ERROR_INTERNET_INVALID_CA);
  REQUIRE(sendWith(session, untrustedCertPort(),
                   INTERNET_FLAG_IGNORE_CERT_CN_INVALID | INTERNET_FLAG_IGNORE_CERT_DATE_INVALID, 0) ==
          ERROR_INTERNET_INVALID_CA);
  // A good certificate passes with or without waivers.
  REQUIRE(sendWith(session, httpsPort(), 0, SECURITY_FLAG_IGNORE_REVOCATION) == 0);
}

TEST_CASE("WinINet: after a certificate failure the program waives it on the same request and sends again") {
  InetHandle session(InternetOpenA("tls", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  requireWaivedOnSameRequest(session, "localhost", untrustedCertPort(), "/hello.txt", 0, ERROR_INTERNET_INVALID_CA,
                             SECURITY_FLAG_IGNORE_UNKNOWN_CA);

  // InternetOpenUrl takes the request flags too.
  const std::string url = "https://localhost:" + std::to_string(expiredCertPort()) + "/hello.txt";
  InetHandle file(InternetOpenUrlA(session, url.c_str(), nullptr, 0, INTERNET_FLAG_IGNORE_CERT_DATE_INVALID, 0));
  REQUIRE(file.h);
  REQUIRE(readAll(file) == "hello from hinternet\n");

  // SECURITY_FLAGS belongs to request handles.
  InetHandle connect(
      InternetConnectA(session, "localhost", untrustedCertPort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  DWORD flags = SECURITY_FLAG_IGNORE_UNKNOWN_CA;
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetSetOptionA(connect, INTERNET_OPTION_SECURITY_FLAGS, &flags, sizeof(flags)));
  REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
}
