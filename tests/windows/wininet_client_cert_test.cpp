// WinINet client certificates (INTERNET_OPTION_CLIENT_CERT_CONTEXT)
// presented to an nginx server that requires one and answers with the
// subject it saw.
#include <catch.hpp>
#include <windows.h>
#include <wincrypt.h>
#include <wininet.h>

#include <string>

#include "client_pfx.h"
#include "test_servers.h"
#include "wininet_helpers.h"

namespace {

struct Handles {
  InetHandle session;
  InetHandle connect;
  InetHandle request;
  explicit Handles(DWORD openFlags = 0)
      : session(InternetOpenA("client-cert-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, openFlags)),
        connect(InternetConnectA(session, "127.0.0.1", clientCertPort(), nullptr, nullptr, INTERNET_SERVICE_HTTP,
                                 0, 0)),
        request(HttpOpenRequestA(connect, "GET", "/", nullptr, nullptr, nullptr,
                                 INTERNET_FLAG_SECURE | INTERNET_FLAG_RELOAD, 0)) {
    REQUIRE(session.h);
    REQUIRE(connect.h);
    REQUIRE(request.h);
  }
};

void setCertificate(HINTERNET request, PCCERT_CONTEXT certificate) {
  REQUIRE(InternetSetOptionA(request, INTERNET_OPTION_CLIENT_CERT_CONTEXT, const_cast<CERT_CONTEXT*>(certificate),
                             sizeof(CERT_CONTEXT)));
}

std::string subjectHeader(HINTERNET request) {
  char value[256] = "X-Client-Subject";
  DWORD length = sizeof(value);
  if (!HttpQueryInfoA(request, HTTP_QUERY_CUSTOM, value, &length, nullptr)) return std::string();
  return std::string(value, length);
}

}  // namespace

TEST_CASE("WinINet presents a client certificate from a PFX and the server sees its subject", "[wininet][tls]") {
  ImportedPfx pfx(CRYPT_EXPORTABLE);
  Handles h;
  setCertificate(h.request, pfx.certificate);
  REQUIRE(HttpSendRequestA(h.request, nullptr, 0, nullptr, 0));
  CHECK(statusOf(h.request) == 200);
  CHECK(subjectHeader(h.request) == kClientPfxSubject);
  CHECK(readAll(h.request) == kClientPfxSubject);
}

TEST_CASE("WinINet keeps the client certificate when the caller frees its context", "[wininet][tls]") {
  ImportedPfx pfx(CRYPT_EXPORTABLE);
  Handles h;
  PCCERT_CONTEXT copy = CertDuplicateCertificateContext(pfx.certificate);
  setCertificate(h.request, copy);
  CertFreeCertificateContext(copy);
  REQUIRE(HttpSendRequestA(h.request, nullptr, 0, nullptr, 0));
  CHECK(statusOf(h.request) == 200);
}

TEST_CASE("WinINet without a client certificate: the server's refusal comes through", "[wininet][tls]") {
  // mbedTLS answers the server's certificate request with an empty list, so
  // nginx ("ssl_verify_client on") decides: 400.
  Handles h;
  REQUIRE(HttpSendRequestA(h.request, nullptr, 0, nullptr, 0));
  CHECK(statusOf(h.request) == 400);
  CHECK(readAll(h.request).find("No required SSL certificate") != std::string::npos);
}

TEST_CASE("WinINet client certificates whose key cannot be used fail the send", "[wininet][tls]") {
  // WinINet has no twin of WinHTTP's CLIENT_CERT_NO_PRIVATE_KEY: the
  // server's request for a certificate stays unanswered.
  ImportedPfx pfx(CRYPT_EXPORTABLE);
  SECTION("a certificate without a private key") {
    PCCERT_CONTEXT bare = CertCreateCertificateContext(X509_ASN_ENCODING, pfx.certificate->pbCertEncoded,
                                                       pfx.certificate->cbCertEncoded);
    REQUIRE(bare);
    Handles h;
    setCertificate(h.request, bare);
    CertFreeCertificateContext(bare);
    CHECK_FALSE(HttpSendRequestA(h.request, nullptr, 0, nullptr, 0));
    CHECK(GetLastError() == ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED);
  }
  SECTION("a key imported without CRYPT_EXPORTABLE") {
    ImportedPfx locked(0);
    Handles h;
    setCertificate(h.request, locked.certificate);
    CHECK_FALSE(HttpSendRequestA(h.request, nullptr, 0, nullptr, 0));
    CHECK(GetLastError() == ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED);
  }
}

TEST_CASE("WinINet client certificate option: bad input", "[wininet][tls][bad-input]") {
  ImportedPfx pfx(CRYPT_EXPORTABLE);
  Handles h;
  SECTION("a size short of a CERT_CONTEXT") {
    CHECK_FALSE(InternetSetOptionA(h.request, INTERNET_OPTION_CLIENT_CERT_CONTEXT,
                                   const_cast<CERT_CONTEXT*>(pfx.certificate), sizeof(CERT_CONTEXT) - 1));
    CHECK(GetLastError() == ERROR_INTERNET_BAD_OPTION_LENGTH);
  }
  SECTION("the option cannot be queried back") {
    char buffer[sizeof(CERT_CONTEXT)];
    DWORD length = sizeof(buffer);
    CHECK_FALSE(InternetQueryOptionA(h.request, INTERNET_OPTION_CLIENT_CERT_CONTEXT, buffer, &length));
  }
}
