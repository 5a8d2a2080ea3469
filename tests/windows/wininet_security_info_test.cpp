// InternetGetSecurityInfoByURL(A/W) and InternetShowSecurityInfoByURL(A/W):
// the chain and certificate problems of a server this process reached over
// TLS. What Windows answers comes from Wine's wininet tests, which record
// it: no item for a server never reached, for one whose certificate was
// refused, and for other schemes; the problems the request waived as flags.
#include <catch.hpp>
#include <windows.h>
#include <wincrypt.h>
#include <wininet.h>

#include <string>

#include "../../wininet/security_sdk.h"
#include "test_servers.h"
#include "wininet_helpers.h"

namespace {

std::string httpsUrl(const std::string& host, unsigned short port, const std::string& path = "/hello.txt") {
  return "https://" + host + ":" + std::to_string(port) + path;
}

std::wstring wide(const std::string& text) { return std::wstring(text.begin(), text.end()); }

// A GET with these request flags and SECURITY_FLAGS; the send's error, 0 once
// the body arrived.
DWORD fetchOver(const std::string& host, unsigned short port, DWORD flags = 0, DWORD securityFlags = 0) {
  InetHandle session(InternetOpenA("security-info", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle connect(
      InternetConnectA(session, host.c_str(), port, nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  InetHandle request(HttpOpenRequestA(connect, "GET", "/hello.txt", nullptr, nullptr, nullptr,
                                      INTERNET_FLAG_SECURE | INTERNET_FLAG_RELOAD | flags, 0));
  REQUIRE(request.h);
  if (securityFlags)
    REQUIRE(InternetSetOptionA(request, INTERNET_OPTION_SECURITY_FLAGS, &securityFlags, sizeof(securityFlags)));
  if (!HttpSendRequestA(request, nullptr, 0, nullptr, 0)) return GetLastError();
  REQUIRE(readAll(request) == "hello from hinternet\n");
  return 0;
}

// The error of InternetGetSecurityInfoByURLA for a URL, 0 if it succeeds.
DWORD securityInfoError(const std::string& url) {
  std::string copy = url;
  PCCERT_CHAIN_CONTEXT chain = reinterpret_cast<PCCERT_CHAIN_CONTEXT>(0x1);
  DWORD flags = 0xdeadbeef;
  SetLastError(0xdeadbeef);
  if (InternetGetSecurityInfoByURLA(&copy[0], &chain, &flags)) {
    CertFreeCertificateChain(chain);
    return 0;
  }
  return GetLastError();
}

// The flags InternetGetSecurityInfoByURLA reports for a URL.
DWORD securityFlagsOf(const std::string& url) {
  std::string copy = url;
  PCCERT_CHAIN_CONTEXT chain = nullptr;
  DWORD flags = 0xdeadbeef;
  REQUIRE(InternetGetSecurityInfoByURLA(&copy[0], &chain, &flags));
  REQUIRE(chain != nullptr);
  CertFreeCertificateChain(chain);
  return flags;
}

std::wstring subjectOf(PCCERT_CHAIN_CONTEXT chain) {
  REQUIRE(chain->cChain >= 1);
  REQUIRE(chain->rgpChain[0]->cElement >= 1);
  wchar_t name[256] = {};
  CertGetNameStringW(chain->rgpChain[0]->rgpElement[0]->pCertContext, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, nullptr, name,
                     256);
  return name;
}

}  // namespace

TEST_CASE("WinINet security info: no item for servers never reached over TLS and for other schemes") {
  // Nothing listens on port 1; nothing ever reached it.
  REQUIRE(securityInfoError(httpsUrl("localhost", 1)) == ERROR_INTERNET_ITEM_NOT_FOUND);
  REQUIRE(securityInfoError("http://localhost:" + std::to_string(httpPort()) + "/") == ERROR_INTERNET_ITEM_NOT_FOUND);
  REQUIRE(securityInfoError("file:///c:/dir/file.txt") == ERROR_INTERNET_ITEM_NOT_FOUND);
  REQUIRE(securityInfoError("xxx:///c:/dir/file.txt") == ERROR_INTERNET_ITEM_NOT_FOUND);
  REQUIRE(securityInfoError("no url at all") == ERROR_INTERNET_ITEM_NOT_FOUND);
  REQUIRE(securityInfoError("") == ERROR_INTERNET_ITEM_NOT_FOUND);

  PCCERT_CHAIN_CONTEXT chain = nullptr;
  DWORD flags = 0;
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetGetSecurityInfoByURLW(L"https://localhost:1/", &chain, &flags));
  REQUIRE(GetLastError() == ERROR_INTERNET_ITEM_NOT_FOUND);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetGetSecurityInfoByURLA(nullptr, &chain, &flags));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetGetSecurityInfoByURLW(nullptr, &chain, &flags));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
}

TEST_CASE("WinINet security info: a server reached over TLS gives its chain, by any URL of it, A and W") {
  REQUIRE(fetchOver("localhost", httpsPort()) == 0);
  const std::string url = httpsUrl("localhost", httpsPort(), "/some/other/page.html?q=1#frag");
  std::string copy = url;
  PCCERT_CHAIN_CONTEXT chain = nullptr;
  DWORD flags = 0xdeadbeef;
  REQUIRE(InternetGetSecurityInfoByURLA(&copy[0], &chain, &flags));
  REQUIRE(chain != nullptr);
  REQUIRE(flags == 0);  // a certificate without problems
  REQUIRE(subjectOf(chain) == L"localhost");
  CertFreeCertificateChain(chain);

  // The host's case does not matter; either out parameter may be left out,
  // not both.
  chain = nullptr;
  flags = 0xdeadbeef;
  REQUIRE(InternetGetSecurityInfoByURLW(wide(httpsUrl("LocalHost", httpsPort(), "/")).c_str(), &chain, nullptr));
  REQUIRE(subjectOf(chain) == L"localhost");
  CertFreeCertificateChain(chain);
  REQUIRE(InternetGetSecurityInfoByURLW(wide(url).c_str(), nullptr, &flags));
  REQUIRE(flags == 0);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetGetSecurityInfoByURLA(&copy[0], nullptr, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);

  // The same server by plain HTTP has no security info.
  REQUIRE(securityInfoError("http://localhost:" + std::to_string(httpsPort()) + "/") == ERROR_INTERNET_ITEM_NOT_FOUND);

  // InternetGetSecurityInfoByURL is the A form under its old name.
  using Function = BOOL(WINAPI*)(LPSTR, PCCERT_CHAIN_CONTEXT*, DWORD*);
  auto plain = reinterpret_cast<Function>(
      reinterpret_cast<void*>(GetProcAddress(GetModuleHandleA("wininet.dll"), "InternetGetSecurityInfoByURL")));
  REQUIRE(plain);
  chain = nullptr;
  REQUIRE(plain(&copy[0], &chain, &flags));
  REQUIRE(subjectOf(chain) == L"localhost");
  CertFreeCertificateChain(chain);
}

TEST_CASE("WinINet security info: a refused certificate leaves no record; a waived one reports its problem") {
  // 127.0.0.1 names this server for this test alone.
  const std::string url = httpsUrl("127.0.0.1", untrustedCertPort());
  REQUIRE(fetchOver("127.0.0.1", untrustedCertPort()) == ERROR_INTERNET_INVALID_CA);
  REQUIRE(securityInfoError(url) == ERROR_INTERNET_ITEM_NOT_FOUND);
  REQUIRE(fetchOver("127.0.0.1", untrustedCertPort(), 0, SECURITY_FLAG_IGNORE_UNKNOWN_CA) == 0);
  REQUIRE(securityFlagsOf(url) == kCertInvalidCa);

  REQUIRE(fetchOver("localhost", expiredCertPort(), INTERNET_FLAG_IGNORE_CERT_DATE_INVALID) == 0);
  REQUIRE(securityFlagsOf(httpsUrl("localhost", expiredCertPort())) == kCertInvalidDate);
  REQUIRE(fetchOver("localhost", wrongNameCertPort(), 0, SECURITY_FLAG_IGNORE_CERT_CN_INVALID) == 0);
  REQUIRE(securityFlagsOf(httpsUrl("localhost", wrongNameCertPort())) == kCertInvalidCn);
}

TEST_CASE("WinINet security info: InternetShowSecurityInfoByURL fails like the query without a record") {
  std::string url = httpsUrl("localhost", 1);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetShowSecurityInfoByURLA(&url[0], nullptr));
  REQUIRE(GetLastError() == ERROR_INTERNET_ITEM_NOT_FOUND);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetShowSecurityInfoByURLW(L"http://localhost/", nullptr));
  REQUIRE(GetLastError() == ERROR_INTERNET_ITEM_NOT_FOUND);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetShowSecurityInfoByURLA(nullptr, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetShowSecurityInfoByURLW(nullptr, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
}
