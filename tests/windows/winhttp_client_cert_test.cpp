// Client certificates (WINHTTP_OPTION_CLIENT_CERT_CONTEXT) presented to an
// nginx server that requires one and answers with the subject it saw, and
// the authorities its request names (WINHTTP_OPTION_CLIENT_CERT_ISSUER_LIST).
#include <catch.hpp>
#include <windows.h>
#include <wincrypt.h>
#include <winhttp.h>
#include <schannel.h>

#include <cstring>
#include <string>

#include "client_pfx.h"
#include "test_servers.h"
#include "winhttp_helpers.h"

namespace {

const char* const kSubject = kClientPfxSubject;

struct Session {
  WinHttpHandle session;
  WinHttpHandle connect;
  // protocols: WINHTTP_OPTION_SECURE_PROTOCOLS, 0 for the default range.
  explicit Session(DWORD flags = 0, DWORD protocols = 0)
      : session(WinHttpOpen(L"client-cert-test", WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME,
                            WINHTTP_NO_PROXY_BYPASS, flags)),
        connect(nullptr) {
    REQUIRE(session.h);
    if (protocols) REQUIRE(WinHttpSetOption(session, WINHTTP_OPTION_SECURE_PROTOCOLS, &protocols, sizeof(protocols)));
    connect.h = WinHttpConnect(session, L"127.0.0.1", clientCertPort(), 0);
    REQUIRE(connect.h);
  }
};

const struct {
  const char* name;
  DWORD protocols;
} kVersions[] = {{"TLS 1.2", WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2}, {"TLS 1.3", WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3}};

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
  DWORD_PTR errorApi = 0;
  bool secureFailure = false;
  bool sendCompleted = false;
  ~AsyncGet() { CloseHandle(done); }
  void reset() {
    ResetEvent(done);
    body.clear();
    errorCode = 0;
    errorApi = 0;
    secureFailure = false;
    sendCompleted = false;
  }
};

void CALLBACK onStatus(HINTERNET handle, DWORD_PTR context, DWORD status, LPVOID info, DWORD length) {
  auto* run = reinterpret_cast<AsyncGet*>(context);
  if (!run || handle != run->request) return;
  switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
      run->sendCompleted = true;
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
    case WINHTTP_CALLBACK_STATUS_SECURE_FAILURE:
      run->secureFailure = true;
      break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR:
      run->errorCode = static_cast<WINHTTP_ASYNC_RESULT*>(info)->dwError;
      run->errorApi = static_cast<WINHTTP_ASYNC_RESULT*>(info)->dwResult;
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

TEST_CASE("WinHTTP: a certificate request with no certificate chosen fails the send with CLIENT_AUTH_CERT_NEEDED",
          "[winhttp][tls]") {
  // Windows fails the send when the server asks for a certificate during
  // the handshake and the program has not chosen one; the program then
  // sets CLIENT_CERT_CONTEXT (a certificate, or WINHTTP_NO_CLIENT_CERT_CONTEXT
  // to go on without) and sends again on the same handle.
  ImportedPfx pfx(CRYPT_EXPORTABLE);
  enum class Then { Certificate, NoCertificate, NoChoice };
  for (const auto& version : kVersions) {
    for (Then then : {Then::Certificate, Then::NoCertificate, Then::NoChoice}) {
      INFO(version.name << ", then " << static_cast<int>(then));
      Session s(0, version.protocols);
      WinHttpHandle request(openGet(s.connect, L"/", WINHTTP_FLAG_SECURE));
      SetLastError(0);
      CHECK_FALSE(WinHttpSendRequest(request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0));
      CHECK(GetLastError() == ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED);
      switch (then) {
        case Then::Certificate:
          setCertificate(request, pfx.certificate);
          REQUIRE(sendAndReceive(request));
          CHECK(statusCode(request) == 200);
          CHECK(readBody(request) == kSubject);
          break;
        case Then::NoCertificate:  // the server decides; nginx refuses
          REQUIRE(WinHttpSetOption(request, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, WINHTTP_NO_CLIENT_CERT_CONTEXT, 0));
          REQUIRE(sendAndReceive(request));
          CHECK(statusCode(request) == 400);
          CHECK(readBody(request).find("No required SSL certificate") != std::string::npos);
          break;
        case Then::NoChoice:
          CHECK_FALSE(
              WinHttpSendRequest(request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0));
          CHECK(GetLastError() == ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED);
          break;
      }
    }
  }
}

TEST_CASE("WinHTTP: CLIENT_AUTH_CERT_NEEDED on an asynchronous send, then the retry", "[winhttp][tls][async]") {
  ImportedPfx pfx(CRYPT_EXPORTABLE);
  for (const auto& version : kVersions) {
    INFO(version.name);
    for (bool withCertificate : {true, false}) {
      INFO("retry with certificate: " << withCertificate);
      Session s(WINHTTP_FLAG_ASYNC, version.protocols);
      AsyncGet run;
      run.request = openGet(s.connect, L"/", WINHTTP_FLAG_SECURE);
      WinHttpSetStatusCallback(run.request, onStatus, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
      const DWORD_PTR context = reinterpret_cast<DWORD_PTR>(&run);
      REQUIRE(WinHttpSendRequest(run.request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0,
                                 context));
      REQUIRE(WaitForSingleObject(run.done, 30000) == WAIT_OBJECT_0);
      // The send itself fails: REQUEST_ERROR names WinHttpSendRequest, and
      // no SECURE_FAILURE comes first (nothing is wrong with a certificate).
      CHECK(run.errorCode == ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED);
      CHECK(run.errorApi == API_SEND_REQUEST);
      CHECK_FALSE(run.sendCompleted);
      CHECK_FALSE(run.secureFailure);

      run.reset();
      if (withCertificate) {
        setCertificate(run.request, pfx.certificate);
      } else {
        REQUIRE(WinHttpSetOption(run.request, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, WINHTTP_NO_CLIENT_CERT_CONTEXT, 0));
      }
      REQUIRE(WinHttpSendRequest(run.request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0,
                                 context));
      REQUIRE(WaitForSingleObject(run.done, 30000) == WAIT_OBJECT_0);
      CHECK(run.errorCode == 0);
      CHECK(statusCode(run.request) == (withCertificate ? 200u : 400u));
      if (withCertificate) CHECK(run.body == kSubject);
      WinHttpCloseHandle(run.request);
    }
  }
}

TEST_CASE("WinHTTP: a choice made before the send is honoured", "[winhttp][tls]") {
  Session s;
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

TEST_CASE("WinHTTP: a server that asks for no certificate needs no choice", "[winhttp][tls]") {
  WinHttpHandle session(WinHttpOpen(L"client-cert-test", WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME,
                                    WINHTTP_NO_PROXY_BYPASS, 0));
  WinHttpHandle connect(WinHttpConnect(session, L"localhost", httpsPort(), 0));
  for (const auto& version : kVersions) {
    INFO(version.name);
    DWORD protocols = version.protocols;
    REQUIRE(WinHttpSetOption(session, WINHTTP_OPTION_SECURE_PROTOCOLS, &protocols, sizeof(protocols)));
    WinHttpHandle request(openGet(connect, L"/hello.txt", WINHTTP_FLAG_SECURE | WINHTTP_FLAG_REFRESH));
    REQUIRE(sendAndReceive(request));
    CHECK(statusCode(request) == 200);
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
    if (withCertificate) {
      setCertificate(request, pfx.certificate);
    } else {
      REQUIRE(WinHttpSetOption(request, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, WINHTTP_NO_CLIENT_CERT_CONTEXT, 0));
    }
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

namespace {

// WINHTTP_OPTION_CLIENT_CERT_ISSUER_LIST's answer, which the caller frees
// with one GlobalFree; null when the query failed (the last error set).
SecPkgContext_IssuerListInfoEx* issuerList(HINTERNET request) {
  SecPkgContext_IssuerListInfoEx* list = nullptr;
  DWORD size = sizeof(list);
  if (!WinHttpQueryOption(request, WINHTTP_OPTION_CLIENT_CERT_ISSUER_LIST, &list, &size)) return nullptr;
  CHECK(size == sizeof(list));
  REQUIRE(list);
  return list;
}

std::string nameText(const CERT_NAME_BLOB& name) {
  char text[512] = {};
  CERT_NAME_BLOB copy = name;
  CertNameToStrA(X509_ASN_ENCODING, &copy, CERT_X500_NAME_STR, text, sizeof(text));
  return text;
}

}  // namespace

TEST_CASE("WinHTTP: CLIENT_CERT_ISSUER_LIST names the authorities the server's request named", "[winhttp][tls]") {
  ImportedPfx pfx(CRYPT_EXPORTABLE);
  // nginx's ssl_client_certificate: the client CA, the issuer of the test
  // client certificate, is the one name it sends.
  const CERT_NAME_BLOB& clientCa = pfx.certificate->pCertInfo->Issuer;

  SECTION("TLS 1.2: the request travels in the clear; the list holds the client CA's name") {
    Session s(0, WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2);
    WinHttpHandle request(openGet(s.connect, L"/", WINHTTP_FLAG_SECURE));
    // Nothing to answer before a server asked.
    SecPkgContext_IssuerListInfoEx* list = nullptr;
    DWORD size = sizeof(list);
    SetLastError(0);
    CHECK_FALSE(WinHttpQueryOption(request, WINHTTP_OPTION_CLIENT_CERT_ISSUER_LIST, &list, &size));
    CHECK(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);

    CHECK_FALSE(WinHttpSendRequest(request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0));
    REQUIRE(GetLastError() == ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED);
    // The buffer holds a pointer: asking with none gets its size.
    size = 0;
    SetLastError(0);
    CHECK_FALSE(WinHttpQueryOption(request, WINHTTP_OPTION_CLIENT_CERT_ISSUER_LIST, nullptr, &size));
    CHECK(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
    CHECK(size == sizeof(void*));

    list = issuerList(request);
    REQUIRE(list);
    REQUIRE(list->cIssuers == 1);
    const CERT_NAME_BLOB& name = list->aIssuers[0];
    REQUIRE(name.cbData == clientCa.cbData);
    CHECK(std::memcmp(name.pbData, clientCa.pbData, name.cbData) == 0);
    INFO("name: " << nameText(name));
    CHECK(nameText(name).find("hinternet client CA") != std::string::npos);
    CHECK(GlobalFree(list) == nullptr);

    // The program picks its certificate by the list and sends again.
    setCertificate(request, pfx.certificate);
    REQUIRE(sendAndReceive(request));
    CHECK(statusCode(request) == 200);
    SetLastError(0);
    CHECK_FALSE(WinHttpQueryOption(request, WINHTTP_OPTION_CLIENT_CERT_ISSUER_LIST, &list, &size));
    CHECK(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
  }
  SECTION("TLS 1.3: the request is encrypted where hinternet cannot read it; the list is empty") {
    Session s(0, WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3);
    WinHttpHandle request(openGet(s.connect, L"/", WINHTTP_FLAG_SECURE));
    CHECK_FALSE(WinHttpSendRequest(request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0));
    REQUIRE(GetLastError() == ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED);
    SecPkgContext_IssuerListInfoEx* list = issuerList(request);
    REQUIRE(list);
    CHECK(list->cIssuers == 0);
    CHECK(list->aIssuers == nullptr);
    CHECK(GlobalFree(list) == nullptr);
  }
  SECTION("asynchronous: answered once REQUEST_ERROR has brought CLIENT_AUTH_CERT_NEEDED") {
    Session s(WINHTTP_FLAG_ASYNC, WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2);
    AsyncGet run;
    run.request = openGet(s.connect, L"/", WINHTTP_FLAG_SECURE);
    WinHttpSetStatusCallback(run.request, onStatus, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    const DWORD_PTR context = reinterpret_cast<DWORD_PTR>(&run);
    REQUIRE(
        WinHttpSendRequest(run.request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, context));
    REQUIRE(WaitForSingleObject(run.done, 30000) == WAIT_OBJECT_0);
    REQUIRE(run.errorCode == ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED);
    SecPkgContext_IssuerListInfoEx* list = issuerList(run.request);
    REQUIRE(list);
    REQUIRE(list->cIssuers == 1);
    CHECK(list->aIssuers[0].cbData == clientCa.cbData);
    CHECK(GlobalFree(list) == nullptr);
    WinHttpCloseHandle(run.request);
  }
}

TEST_CASE("WinHTTP: CLIENT_CERT_ISSUER_LIST on a handle that is not a request", "[winhttp][tls][bad-input]") {
  Session s;
  SecPkgContext_IssuerListInfoEx* list = nullptr;
  DWORD size = sizeof(list);
  SetLastError(0);
  // As for every option only a request answers.
  CHECK_FALSE(WinHttpQueryOption(s.session, WINHTTP_OPTION_CLIENT_CERT_ISSUER_LIST, &list, &size));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  CHECK_FALSE(WinHttpSetOption(nullptr, WINHTTP_OPTION_CLIENT_CERT_ISSUER_LIST, &list, sizeof(list)));
}
