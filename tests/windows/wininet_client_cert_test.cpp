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
#include "wininet_status_recorder.h"

namespace {

// WinINet keeps one connection pool per process: a connection that went on
// without a certificate serves later requests to the same host and port
// with no new handshake, so no certificate request. Tests that go on
// without one use kWithoutHost; those that expect the request, 127.0.0.1.
const char kWithoutHost[] = "localhost";

struct Handles {
  InetHandle session;
  InetHandle connect;
  InetHandle request;
  explicit Handles(DWORD openFlags = 0, const char* host = "127.0.0.1")
      : session(InternetOpenA("client-cert-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, openFlags)),
        connect(InternetConnectA(session, host, clientCertPort(), nullptr, nullptr, INTERNET_SERVICE_HTTP,
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

TEST_CASE("WinINet: a certificate request with no certificate chosen fails HttpSendRequest with "
          "CLIENT_AUTH_CERT_NEEDED",
          "[wininet][tls]") {
  // As Windows: the program then sets INTERNET_OPTION_CLIENT_CERT_CONTEXT
  // (a certificate, or NULL to go on without one) and sends again.
  ImportedPfx pfx(CRYPT_EXPORTABLE);
  enum class Then { Certificate, NoCertificate, NoChoice };
  for (Then then : {Then::Certificate, Then::NoCertificate, Then::NoChoice}) {
    INFO("then " << static_cast<int>(then));
    Handles h(0, then == Then::NoCertificate ? kWithoutHost : "127.0.0.1");
    SetLastError(0);
    CHECK_FALSE(HttpSendRequestA(h.request, nullptr, 0, nullptr, 0));
    CHECK(GetLastError() == ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED);
    switch (then) {
      case Then::Certificate:
        setCertificate(h.request, pfx.certificate);
        REQUIRE(HttpSendRequestA(h.request, nullptr, 0, nullptr, 0));
        CHECK(statusOf(h.request) == 200);
        CHECK(readAll(h.request) == kClientPfxSubject);
        break;
      case Then::NoCertificate:  // the server decides; nginx refuses
        REQUIRE(InternetSetOptionA(h.request, INTERNET_OPTION_CLIENT_CERT_CONTEXT, nullptr, 0));
        REQUIRE(HttpSendRequestW(h.request, nullptr, 0, nullptr, 0));
        CHECK(statusOf(h.request) == 400);
        CHECK(readAll(h.request).find("No required SSL certificate") != std::string::npos);
        break;
      case Then::NoChoice:
        CHECK_FALSE(HttpSendRequestW(h.request, nullptr, 0, nullptr, 0));
        CHECK(GetLastError() == ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED);
        break;
    }
  }
}

TEST_CASE("WinINet: CLIENT_AUTH_CERT_NEEDED on an asynchronous send, then the retry", "[wininet][tls][async]") {
  ImportedPfx pfx(CRYPT_EXPORTABLE);
  StatusRecorder& recorder = newRecorder();
  InetHandle session(InternetOpenA("client-cert-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr,
                                   INTERNET_FLAG_ASYNC));
  REQUIRE(session.h);
  InternetSetStatusCallbackA(session, StatusRecorder::callbackA);
  InetHandle connect(InternetConnectA(session, "127.0.0.1", clientCertPort(), nullptr, nullptr,
                                      INTERNET_SERVICE_HTTP, 0, recorder.context()));
  REQUIRE(connect.h);
  InetHandle request(HttpOpenRequestA(connect, "GET", "/", nullptr, nullptr, nullptr,
                                      INTERNET_FLAG_SECURE | INTERNET_FLAG_RELOAD, recorder.context()));
  REQUIRE(request.h);
  SetLastError(0);
  REQUIRE_FALSE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(GetLastError() == ERROR_IO_PENDING);
  REQUIRE(recorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE));
  const Notice failed = recorder.last(INTERNET_STATUS_REQUEST_COMPLETE);
  CHECK(failed.result == FALSE);
  CHECK(failed.error == ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED);

  setCertificate(request, pfx.certificate);
  SetLastError(0);
  const BOOL sent = HttpSendRequestA(request, nullptr, 0, nullptr, 0);
  if (!sent) {
    REQUIRE(GetLastError() == ERROR_IO_PENDING);
    REQUIRE(recorder.waitFor(INTERNET_STATUS_REQUEST_COMPLETE, 2));
    const Notice done = recorder.last(INTERNET_STATUS_REQUEST_COMPLETE);
    CHECK(done.error == ERROR_SUCCESS);
  }
  CHECK(statusOf(request) == 200);
  CHECK(subjectHeader(request) == kClientPfxSubject);
}

TEST_CASE("WinINet: NULL CLIENT_CERT_CONTEXT before the send goes on without one", "[wininet][tls]") {
  Handles h(0, kWithoutHost);
  REQUIRE(InternetSetOptionA(h.request, INTERNET_OPTION_CLIENT_CERT_CONTEXT, nullptr, 0));
  REQUIRE(HttpSendRequestA(h.request, nullptr, 0, nullptr, 0));
  CHECK(statusOf(h.request) == 400);
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
