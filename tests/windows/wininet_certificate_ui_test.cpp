// IE's certificate exports: InternetGetCertByURL, the list-box name of a
// certificate, and the certificate windows, of which only the paths that
// fail before a window opens are tested (a window would wait for a user).
// No public record shows Windows' answers; they follow the documented
// relatives: InternetGetSecurityInfoByURL's errors, INTERNET_OPTION_
// SECURITY_CERTIFICATE's text, CertGetNameString's simple display name,
// crypt32's errors for bad DER.
#include <catch.hpp>
#include <windows.h>
#define SECURITY_WIN32
#include <wincrypt.h>
#include <schannel.h>
#include <security.h>
#include <wininet.h>

#include <string>
#include <vector>

#include "../../wininet/security_sdk.h"
#include "test_servers.h"
#include "wininet_helpers.h"

namespace {

// INTERNET_SECURITY_INFO as the SDK's winineti.h has it.
struct InternetSecurityInfo {
  DWORD dwSize;
  PCCERT_CONTEXT pCertificate;
  PCCERT_CHAIN_CONTEXT pcCertChain;
  SecPkgContext_ConnectionInfo connectionInfo;
  SecPkgContext_CipherInfo cipherInfo;
  PCCERT_CHAIN_CONTEXT pcUnverifiedCertChain;
  SecPkgContext_Bindings channelBindingToken;
};

// No window has this handle: the window exports fail before showing one.
const HWND kNoWindow = reinterpret_cast<HWND>(static_cast<UINT_PTR>(0x7ff0));

std::string serverUrl(const char* path = "/") {
  return "https://localhost:" + std::to_string(httpsPort()) + path;
}

// A GET of /hello.txt from the HTTPS server; its certificate text as
// INTERNET_OPTION_SECURITY_CERTIFICATE gives it.
std::string fetchCertificateText() {
  InetHandle session(InternetOpenA("certificate-ui", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle connect(
      InternetConnectA(session, "localhost", httpsPort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  InetHandle request(HttpOpenRequestA(connect, "GET", "/hello.txt", nullptr, nullptr, nullptr,
                                      INTERNET_FLAG_SECURE | INTERNET_FLAG_RELOAD, 0));
  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  char text[4096];
  DWORD size = sizeof(text);
  REQUIRE(InternetQueryOptionA(request, INTERNET_OPTION_SECURITY_CERTIFICATE, text, &size));
  readAll(request);
  return text;
}

// The DER of the HTTPS server's own certificate, once the process reached it.
std::vector<BYTE> serverCertificateDer() {
  fetchCertificateText();
  std::string url = serverUrl();
  PCCERT_CHAIN_CONTEXT chain = nullptr;
  REQUIRE(InternetGetSecurityInfoByURLA(&url[0], &chain, nullptr));
  const PCCERT_CONTEXT leaf = chain->rgpChain[0]->rgpElement[0]->pCertContext;
  std::vector<BYTE> der(leaf->pbCertEncoded, leaf->pbCertEncoded + leaf->cbCertEncoded);
  CertFreeCertificateChain(chain);
  return der;
}

// What crypt32 fails with for this DER.
DWORD crypt32Error(std::vector<BYTE> der) {
  SetLastError(0xdeadbeef);
  REQUIRE(CertCreateCertificateContext(X509_ASN_ENCODING, der.data(), static_cast<DWORD>(der.size())) == nullptr);
  return GetLastError();
}

}  // namespace

TEST_CASE("WinINet InternetGetCertByURL: the certificate text of a server reached over TLS, by any URL of it") {
  const std::string expected = fetchCertificateText();
  REQUIRE(expected.rfind("Subject:\r\n", 0) == 0);
  std::string url = serverUrl("/another/page.html?q=1");
  std::vector<char> text(expected.size() + 1, 'x');
  SetLastError(0xdeadbeef);
  REQUIRE(InternetGetCertByURLA(&url[0], text.data(), static_cast<DWORD>(text.size())));
  REQUIRE(GetLastError() == ERROR_SUCCESS);
  REQUIRE(std::string(text.data()) == expected);

  // The size comes by value: a short buffer only fails, and is left alone.
  // Unconfirmed: Windows may write what fits.
  std::vector<char> small(expected.size(), 'x');
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetGetCertByURLA(&url[0], small.data(), static_cast<DWORD>(small.size())));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(small[0] == 'x');
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetGetCertByURLA(&url[0], nullptr, 0));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
}

TEST_CASE("WinINet InternetGetCertByURL: the undecorated name is the A export") {
  using GetCertByUrl = BOOL(WINAPI*)(LPSTR, LPSTR, DWORD);
  const auto plain = wininetProc<GetCertByUrl>("InternetGetCertByURL");
  REQUIRE(plain != nullptr);
  REQUIRE(plain == wininetProc<GetCertByUrl>("InternetGetCertByURLA"));
}

TEST_CASE("WinINet InternetGetCertByURL: no item for servers never reached over TLS, other schemes and non-URLs") {
  char text[4096];
  for (std::string url : {std::string("https://localhost:1/"), "http://localhost:" + std::to_string(httpPort()) + "/",
                          std::string("file:///c:/dir/file.txt"), std::string("no url at all"), std::string()}) {
    SetLastError(0xdeadbeef);
    REQUIRE_FALSE(InternetGetCertByURLA(&url[0], text, sizeof(text)));
    REQUIRE(GetLastError() == ERROR_INTERNET_ITEM_NOT_FOUND);
  }
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetGetCertByURLA(nullptr, text, sizeof(text)));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
}

TEST_CASE("WinINet ParseX509EncodedCertificateForListBoxEntry: the subject's simple display name") {
  std::vector<BYTE> der = serverCertificateDer();
  const DWORD size = static_cast<DWORD>(der.size());
  char entry[256];
  DWORD length = sizeof(entry);
  REQUIRE(ParseX509EncodedCertificateForListBoxEntry(der.data(), size, entry, &length) == ERROR_SUCCESS);
  REQUIRE(std::string(entry) == "localhost");
  REQUIRE(length == 9);

  // Unconfirmed: the buffer rule of WinINet's other string exports.
  length = 0;
  REQUIRE(ParseX509EncodedCertificateForListBoxEntry(der.data(), size, nullptr, &length) ==
          ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(length == 10);
  char small[9] = "xxxxxxxx";
  length = sizeof(small);
  REQUIRE(ParseX509EncodedCertificateForListBoxEntry(der.data(), size, small, &length) == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(length == 10);
  REQUIRE(std::string(small) == "xxxxxxxx");
  char exact[10];
  length = sizeof(exact);
  REQUIRE(ParseX509EncodedCertificateForListBoxEntry(der.data(), size, exact, &length) == ERROR_SUCCESS);
  REQUIRE(length == 9);
}

TEST_CASE("WinINet ParseX509EncodedCertificateForListBoxEntry: bad DER gives crypt32's error, NULLs an invalid parameter") {
  std::vector<BYTE> garbage = {0x01, 0x02, 0x03, 0x04};
  char entry[64];
  DWORD length = sizeof(entry);
  REQUIRE(ParseX509EncodedCertificateForListBoxEntry(garbage.data(), 4, entry, &length) == crypt32Error(garbage));
  REQUIRE(crypt32Error(garbage) != ERROR_SUCCESS);
  std::vector<BYTE> truncated = serverCertificateDer();
  truncated.resize(truncated.size() / 2);
  length = sizeof(entry);
  REQUIRE(ParseX509EncodedCertificateForListBoxEntry(truncated.data(), static_cast<DWORD>(truncated.size()), entry,
                                                     &length) == crypt32Error(truncated));

  length = sizeof(entry);
  REQUIRE(ParseX509EncodedCertificateForListBoxEntry(nullptr, 10, entry, &length) == ERROR_INVALID_PARAMETER);
  REQUIRE(ParseX509EncodedCertificateForListBoxEntry(garbage.data(), 0, entry, &length) == ERROR_INVALID_PARAMETER);
  REQUIRE(ParseX509EncodedCertificateForListBoxEntry(garbage.data(), 4, entry, nullptr) == ERROR_INVALID_PARAMETER);
}

TEST_CASE("WinINet ShowX509EncodedCertificate: bad DER, NULLs and a handle that is no window fail before any window") {
  std::vector<BYTE> der = serverCertificateDer();
  std::vector<BYTE> garbage = {0x30, 0x03, 0x02, 0x01};
  REQUIRE(ShowX509EncodedCertificate(kNoWindow, garbage.data(), 4) == crypt32Error(garbage));
  REQUIRE(ShowX509EncodedCertificate(nullptr, nullptr, 0) == ERROR_INVALID_PARAMETER);
  REQUIRE(ShowX509EncodedCertificate(nullptr, der.data(), 0) == ERROR_INVALID_PARAMETER);
  // Unconfirmed: Windows may only fail once cryptui cannot parent its window.
  REQUIRE(ShowX509EncodedCertificate(kNoWindow, der.data(), static_cast<DWORD>(der.size())) ==
          ERROR_INVALID_WINDOW_HANDLE);
}

TEST_CASE("WinINet ShowSecurityInfo and ShowCertificate: what holds no certificate, and no window, fail") {
  std::vector<BYTE> der = serverCertificateDer();
  PCCERT_CONTEXT certificate =
      CertCreateCertificateContext(X509_ASN_ENCODING, der.data(), static_cast<DWORD>(der.size()));
  REQUIRE(certificate);
  InternetSecurityInfo info{};
  info.dwSize = sizeof(info);
  info.pCertificate = certificate;

  REQUIRE(ShowSecurityInfo(kNoWindow, nullptr) == ERROR_INVALID_PARAMETER);
  InternetSecurityInfo empty{};
  empty.dwSize = sizeof(empty);
  REQUIRE(ShowSecurityInfo(kNoWindow, &empty) == ERROR_INVALID_PARAMETER);
  InternetSecurityInfo unsized = info;
  unsized.dwSize = 0;
  REQUIRE(ShowSecurityInfo(kNoWindow, &unsized) == ERROR_INVALID_PARAMETER);
  REQUIRE(ShowSecurityInfo(kNoWindow, &info) == ERROR_INVALID_WINDOW_HANDLE);

  // Unconfirmed: no header declares ShowCertificate; it takes either the
  // INTERNET_SECURITY_INFO or the certificate context here, and is a BOOL.
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(ShowCertificate(kNoWindow, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(ShowCertificate(kNoWindow, &empty));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(ShowCertificate(kNoWindow, &info));
  REQUIRE(GetLastError() == ERROR_INVALID_WINDOW_HANDLE);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(ShowCertificate(kNoWindow, const_cast<CERT_CONTEXT*>(certificate)));
  REQUIRE(GetLastError() == ERROR_INVALID_WINDOW_HANDLE);
  CertFreeCertificateContext(certificate);
}

TEST_CASE("WinINet ShowClientAuthCerts: a handle that is no window fails before any window") {
  REQUIRE_FALSE(IsWindow(kNoWindow));
  REQUIRE(ShowClientAuthCerts(kNoWindow) == ERROR_INVALID_WINDOW_HANDLE);
}
