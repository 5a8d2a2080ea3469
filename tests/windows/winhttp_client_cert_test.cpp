// Client certificates (WINHTTP_OPTION_CLIENT_CERT_CONTEXT) presented to an
// nginx server that requires one and answers with the subject it saw.
#include <catch.hpp>
#include <windows.h>
#include <wincrypt.h>
#include <winhttp.h>

#include <string>

#include "client_pfx.h"
#include "test_servers.h"
#include "winhttp_helpers.h"

namespace {

const char* const kSubject = kClientPfxSubject;

struct Session {
  WinHttpHandle session;
  WinHttpHandle connect;
  explicit Session(DWORD flags = 0)
      : session(WinHttpOpen(L"client-cert-test", WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME,
                            WINHTTP_NO_PROXY_BYPASS, flags)),
        connect(WinHttpConnect(session, L"127.0.0.1", clientCertPort(), 0)) {
    REQUIRE(session.h);
    REQUIRE(connect.h);
  }
};

void setCertificate(HINTERNET request, PCCERT_CONTEXT certificate) {
  REQUIRE(WinHttpSetOption(request, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, const_cast<CERT_CONTEXT*>(certificate),
                           sizeof(CERT_CONTEXT)));
}

// One asynchronous GET driven from its status callback.
struct AsyncGet {
  HANDLE done = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  HINTERNET request = nullptr;
  std::string body;
  char buffer[1024];
  DWORD errorCode = 0;
  ~AsyncGet() { CloseHandle(done); }
};

void CALLBACK onStatus(HINTERNET handle, DWORD_PTR context, DWORD status, LPVOID info, DWORD length) {
  auto* run = reinterpret_cast<AsyncGet*>(context);
  if (!run || handle != run->request) return;
  switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
      if (!WinHttpReceiveResponse(handle, nullptr)) SetEvent(run->done);
      break;
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE:
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
      if (status == WINHTTP_CALLBACK_STATUS_READ_COMPLETE) {
        run->body.append(static_cast<char*>(info), length);
        if (length == 0) {
          SetEvent(run->done);
          break;
        }
      }
      if (!WinHttpReadData(handle, run->buffer, sizeof(run->buffer), nullptr)) SetEvent(run->done);
      break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR:
      run->errorCode = static_cast<WINHTTP_ASYNC_RESULT*>(info)->dwError;
      SetEvent(run->done);
      break;
    default:
      break;
  }
}

}  // namespace

TEST_CASE("WinHTTP presents a client certificate from a PFX and the server sees its subject", "[winhttp][tls]") {
  ImportedPfx pfx(CRYPT_EXPORTABLE);
  Session s;
  WinHttpHandle request(openGet(s.connect, L"/", WINHTTP_FLAG_SECURE));
  setCertificate(request, pfx.certificate);
  REQUIRE(sendAndReceive(request));
  CHECK(statusCode(request) == 200);
  CHECK(header(request, L"X-Client-Subject") == kSubject);
  CHECK(readBody(request) == kSubject);
}

TEST_CASE("WinHTTP presents a client certificate on an asynchronous request", "[winhttp][tls][async]") {
  ImportedPfx pfx(CRYPT_EXPORTABLE);
  Session s(WINHTTP_FLAG_ASYNC);
  AsyncGet run;
  run.request = openGet(s.connect, L"/", WINHTTP_FLAG_SECURE);
  WinHttpSetStatusCallback(run.request, onStatus, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  setCertificate(run.request, pfx.certificate);
  const DWORD_PTR context = reinterpret_cast<DWORD_PTR>(&run);
  REQUIRE(WinHttpSetOption(run.request, WINHTTP_OPTION_CONTEXT_VALUE, const_cast<DWORD_PTR*>(&context),
                           sizeof(context)));
  REQUIRE(WinHttpSendRequest(run.request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, context));
  REQUIRE(WaitForSingleObject(run.done, 30000) == WAIT_OBJECT_0);
  CHECK(run.errorCode == 0);
  CHECK(statusCode(run.request) == 200);
  CHECK(header(run.request, L"X-Client-Subject") == kSubject);
  CHECK(run.body == kSubject);
  WinHttpCloseHandle(run.request);
}

TEST_CASE("WinHTTP without a client certificate: the server's refusal comes through", "[winhttp][tls]") {
  // Windows fails the send with ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED when
  // the server asks for a certificate during the handshake. mbedTLS answers
  // such a request with an empty certificate list and does not tell, so
  // here the server decides: nginx's "ssl_verify_client on" answers 400.
  Session s;
  SECTION("no option set") {
    WinHttpHandle request(openGet(s.connect, L"/", WINHTTP_FLAG_SECURE));
    REQUIRE(sendAndReceive(request));
    CHECK(statusCode(request) == 400);
    CHECK(readBody(request).find("No required SSL certificate") != std::string::npos);
  }
  SECTION("WINHTTP_NO_CLIENT_CERT_CONTEXT: go on without one") {
    WinHttpHandle request(openGet(s.connect, L"/", WINHTTP_FLAG_SECURE));
    REQUIRE(WinHttpSetOption(request, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, WINHTTP_NO_CLIENT_CERT_CONTEXT, 0));
    REQUIRE(sendAndReceive(request));
    CHECK(statusCode(request) == 400);
  }
  SECTION("a certificate set, then taken back") {
    ImportedPfx pfx(CRYPT_EXPORTABLE);
    WinHttpHandle request(openGet(s.connect, L"/", WINHTTP_FLAG_SECURE));
    setCertificate(request, pfx.certificate);
    REQUIRE(WinHttpSetOption(request, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, WINHTTP_NO_CLIENT_CERT_CONTEXT, 0));
    REQUIRE(sendAndReceive(request));
    CHECK(statusCode(request) == 400);
  }
}

TEST_CASE("WinHTTP keeps connections with and without a client certificate apart", "[winhttp][tls]") {
  // One session, alternating: a connection (or TLS session) made with the
  // certificate must not serve a request without it, nor the other way.
  ImportedPfx pfx(CRYPT_EXPORTABLE);
  Session s;
  for (bool withCertificate : {false, true, false, true}) {
    INFO("with certificate: " << withCertificate);
    WinHttpHandle request(openGet(s.connect, L"/", WINHTTP_FLAG_SECURE));
    if (withCertificate) setCertificate(request, pfx.certificate);
    REQUIRE(sendAndReceive(request));
    CHECK(statusCode(request) == (withCertificate ? 200u : 400u));
    const std::string body = readBody(request);
    if (withCertificate) CHECK(body == kSubject);
  }
}

TEST_CASE("WinHTTP client certificates that cannot be presented fail the send", "[winhttp][tls]") {
  ImportedPfx pfx(CRYPT_EXPORTABLE);
  Session s;
  SECTION("a certificate without a private key") {
    PCCERT_CONTEXT bare = CertCreateCertificateContext(X509_ASN_ENCODING, pfx.certificate->pbCertEncoded,
                                                       pfx.certificate->cbCertEncoded);
    REQUIRE(bare);
    WinHttpHandle request(openGet(s.connect, L"/", WINHTTP_FLAG_SECURE));
    setCertificate(request, bare);
    CertFreeCertificateContext(bare);  // the request holds its own reference
    CHECK_FALSE(WinHttpSendRequest(request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0));
    CHECK(GetLastError() == ERROR_WINHTTP_CLIENT_CERT_NO_PRIVATE_KEY);
  }
  SECTION("a key imported without CRYPT_EXPORTABLE") {
    // Windows signs with such a key inside schannel; mbedTLS needs the key
    // itself, so hinternet refuses the certificate up front.
    ImportedPfx locked(0);
    WinHttpHandle request(openGet(s.connect, L"/", WINHTTP_FLAG_SECURE));
    setCertificate(request, locked.certificate);
    CHECK_FALSE(WinHttpSendRequest(request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0));
    CHECK(GetLastError() == ERROR_WINHTTP_CLIENT_CERT_NO_ACCESS_PRIVATE_KEY);
  }
}

TEST_CASE("WinHTTP client certificate option: bad input", "[winhttp][tls][bad-input]") {
  ImportedPfx pfx(CRYPT_EXPORTABLE);
  Session s;
  WinHttpHandle request(openGet(s.connect, L"/", WINHTTP_FLAG_SECURE));
  SECTION("a size short of a CERT_CONTEXT") {
    CHECK_FALSE(WinHttpSetOption(request, WINHTTP_OPTION_CLIENT_CERT_CONTEXT,
                                 const_cast<CERT_CONTEXT*>(pfx.certificate), sizeof(CERT_CONTEXT) - 1));
    CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  }
  SECTION("on a session handle") {
    CHECK_FALSE(WinHttpSetOption(s.session, WINHTTP_OPTION_CLIENT_CERT_CONTEXT,
                                 const_cast<CERT_CONTEXT*>(pfx.certificate), sizeof(CERT_CONTEXT)));
    CHECK(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
  }
  SECTION("on a plain http request") {
    WinHttpHandle plain(openGet(s.connect, L"/"));
    CHECK_FALSE(WinHttpSetOption(plain, WINHTTP_OPTION_CLIENT_CERT_CONTEXT,
                                 const_cast<CERT_CONTEXT*>(pfx.certificate), sizeof(CERT_CONTEXT)));
    CHECK(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
  }
  SECTION("NULL with a size") {
    CHECK_FALSE(WinHttpSetOption(request, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, nullptr, sizeof(CERT_CONTEXT)));
    CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  }
  // The option was a copy: the caller's context may go before the send.
  SECTION("the caller frees its context before the send") {
    PCCERT_CONTEXT copy = CertDuplicateCertificateContext(pfx.certificate);
    setCertificate(request, copy);
    CertFreeCertificateContext(copy);
    REQUIRE(sendAndReceive(request));
    CHECK(statusCode(request) == 200);
  }
}
