// WinHTTP options against real servers: what each one changes on the wire
// and in what the request reports.
#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "winhttp_option_helpers.h"

using namespace options_test;

namespace {

std::wstring edgeUrl(LPCWSTR path) {
  return L"http://127.0.0.1:" + std::to_wstring(edgePort()) + path;
}

// "/redirect-to?url=<url>" with the URL percent-encoded.
std::wstring redirectTo(const std::wstring& url) {
  std::wstring path = L"/redirect-to?url=";
  for (wchar_t c : url) {
    if (iswalnum(c) || c == L'.' || c == L'-') {
      path += c;
    } else {
      wchar_t escaped[4];
      swprintf(escaped, 4, L"%%%02X", static_cast<unsigned>(c));
      path += escaped;
    }
  }
  return path;
}

// The test server's certificate, DER, from the directory of the test CA.
std::string serverCertificateDer() {
  const char* ca = std::getenv("HINTERNET_TEST_CA_PEM");
  REQUIRE(ca);
  std::string path = std::string("Z:") + ca;
  path = path.substr(0, path.rfind('/') + 1) + "server.pem";
  std::ifstream file(path);
  REQUIRE(file.good());
  std::stringstream pem;
  pem << file.rdbuf();
  const std::string text = pem.str();
  DWORD size = 0;
  REQUIRE(CryptStringToBinaryA(text.c_str(), DWORD(text.size()), CRYPT_STRING_BASE64HEADER, nullptr, &size, nullptr,
                               nullptr));
  std::string der(size, '\0');
  REQUIRE(CryptStringToBinaryA(text.c_str(), DWORD(text.size()), CRYPT_STRING_BASE64HEADER,
                               reinterpret_cast<BYTE*>(&der[0]), &size, nullptr, nullptr));
  der.resize(size);
  return der;
}

// Runs one asynchronous request from its status callback and records how
// it ended. The context may carry a set low bit (see switchTo).
struct AsyncRun {
  HANDLE done = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  HINTERNET request = nullptr;
  DWORD errorApi = 0, errorCode = 0;
  DWORD_PTR switchTo = 0;  // becomes the context when SENDREQUEST_COMPLETE comes
  bool switched = false;
  DWORD_PTR headersContext = 0;
  bool queryFirst = false;  // ask WinHttpQueryDataAvailable before each read
  char buffer[4096];
  ~AsyncRun() { CloseHandle(done); }
};

void CALLBACK onStatus(HINTERNET handle, DWORD_PTR context, DWORD status, LPVOID info, DWORD length) {
  auto* run = reinterpret_cast<AsyncRun*>(context & ~DWORD_PTR(1));
  if (!run || handle != run->request) return;
  switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
      if (run->switchTo)
        run->switched = WinHttpSetOption(handle, WINHTTP_OPTION_CONTEXT_VALUE, &run->switchTo, sizeof(run->switchTo));
      if (!WinHttpReceiveResponse(handle, nullptr)) SetEvent(run->done);
      break;
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
      if (!length) {
        SetEvent(run->done);
        break;
      }
      [[fallthrough]];
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE:
      if (status == WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE) run->headersContext = context;
      if (run->queryFirst) {
        if (!WinHttpQueryDataAvailable(handle, nullptr)) SetEvent(run->done);
        break;
      }
      [[fallthrough]];
    case WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE:
      if (!WinHttpReadData(handle, run->buffer, sizeof(run->buffer), nullptr)) SetEvent(run->done);
      break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR: {
      auto* result = static_cast<WINHTTP_ASYNC_RESULT*>(info);
      run->errorApi = static_cast<DWORD>(result->dwResult);
      run->errorCode = result->dwError;
      SetEvent(run->done);
      break;
    }
  }
}

// An asynchronous request to the edge server; `setup` adjusts it.
template <class Setup>
void runAsync(LPCWSTR path, AsyncRun& run, Setup setup, DWORD waitMs = 20000) {
  Handle session(WinHttpOpen(L"t", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, WINHTTP_FLAG_ASYNC));
  Handle connect(WinHttpConnect(session, L"127.0.0.1", edgePort(), 0));
  run.request = WinHttpOpenRequest(connect, L"GET", path, nullptr, nullptr, nullptr, 0);
  REQUIRE(run.request);
  WinHttpSetStatusCallback(run.request, onStatus, WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS, 0);
  setup(run.request);
  REQUIRE(WinHttpSendRequest(run.request, nullptr, 0, nullptr, 0, 0, reinterpret_cast<DWORD_PTR>(&run)));
  REQUIRE(WaitForSingleObject(run.done, waitMs) == WAIT_OBJECT_0);
  WinHttpSetStatusCallback(run.request, nullptr, 0, 0);
  WinHttpCloseHandle(run.request);
}

}  // namespace

TEST_CASE("WinHTTP timeouts: a silent server times out the wait for the response, sync and async") {
  const DWORD start = GetTickCount();
  Chain c(L"127.0.0.1", edgePort(), L"/stall/10");
  REQUIRE(WinHttpSetTimeouts(c.request, 0, 5000, 5000, 500));
  REQUIRE(WinHttpSendRequest(c.request, nullptr, 0, nullptr, 0, 0, 0));
  REQUIRE_FALSE(WinHttpReceiveResponse(c.request, nullptr));
  REQUIRE(GetLastError() == ERROR_WINHTTP_TIMEOUT);
  REQUIRE(GetTickCount() - start < 5000);

  AsyncRun run;
  runAsync(L"/stall/10", run, [](HINTERNET r) { REQUIRE(WinHttpSetTimeouts(r, 0, 5000, 5000, 500)); });
  REQUIRE(run.errorApi == API_RECEIVE_RESPONSE);
  REQUIRE(run.errorCode == ERROR_WINHTTP_TIMEOUT);
}

TEST_CASE("WinHTTP timeouts: the receive timeout is per wait, the response timeout for all headers") {
  // Seven-odd header lines, 250 ms apart: each comes well within 700 ms.
  Chain trickle(L"127.0.0.1", edgePort(), L"/slow-headers/0?trickle=250");
  setDword(trickle.request, WINHTTP_OPTION_RECEIVE_TIMEOUT, 700);
  REQUIRE(exchange(trickle.request));
  REQUIRE(statusCode(trickle.request) == 200);

  Chain bounded(L"127.0.0.1", edgePort(), L"/slow-headers/0?trickle=250");
  setDword(bounded.request, WINHTTP_OPTION_RECEIVE_TIMEOUT, 700);
  setDword(bounded.request, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT, 700);
  REQUIRE_FALSE(exchange(bounded.request));
  REQUIRE(GetLastError() == ERROR_WINHTTP_TIMEOUT);

  Chain late(L"127.0.0.1", edgePort(), L"/slow-headers/1500");
  setDword(late.request, WINHTTP_OPTION_RECEIVE_TIMEOUT, 500);
  REQUIRE_FALSE(exchange(late.request));
  REQUIRE(GetLastError() == ERROR_WINHTTP_TIMEOUT);
}

TEST_CASE("WinHTTP timeouts: a body that stops arriving times out the reads, sync and async") {
  Chain c(L"127.0.0.1", edgePort(), L"/slow/100/4000?chunk=10");
  setDword(c.request, WINHTTP_OPTION_RECEIVE_TIMEOUT, 500);
  REQUIRE(exchange(c.request));
  std::string body;
  REQUIRE_FALSE(readAll(c.request, body));
  REQUIRE(GetLastError() == ERROR_WINHTTP_TIMEOUT);
  REQUIRE(body.size() < 100);

  Chain queried(L"127.0.0.1", edgePort(), L"/slow/100/4000?chunk=10");
  setDword(queried.request, WINHTTP_OPTION_RECEIVE_TIMEOUT, 500);
  REQUIRE(exchange(queried.request));
  char piece[128];
  DWORD available = 0;
  while (WinHttpQueryDataAvailable(queried.request, &available)) {
    REQUIRE(available);
    REQUIRE(WinHttpReadData(queried.request, piece, std::min<DWORD>(available, sizeof(piece)), &available));
  }
  REQUIRE(GetLastError() == ERROR_WINHTTP_TIMEOUT);

  for (bool queryFirst : {false, true}) {
    AsyncRun run;
    run.queryFirst = queryFirst;
    runAsync(L"/slow/100/4000?chunk=10", run,
             [](HINTERNET r) { setDword(r, WINHTTP_OPTION_RECEIVE_TIMEOUT, 500); });
    REQUIRE(run.errorApi == DWORD(queryFirst ? API_QUERY_DATA_AVAILABLE : API_READ_DATA));
    REQUIRE(run.errorCode == ERROR_WINHTTP_TIMEOUT);
  }
}

TEST_CASE("WinHTTP timeouts: a response the program does not read never times out") {
  Chain c(L"127.0.0.1", httpPort(), L"/big.bin");
  setDword(c.request, WINHTTP_OPTION_RECEIVE_TIMEOUT, 1000);
  REQUIRE(exchange(c.request));
  Sleep(2500);  // the transfer fills its buffer and pauses meanwhile
  std::string body;
  REQUIRE(readAll(c.request, body));
  REQUIRE(body.size() == 16u << 20);
}

TEST_CASE("WinHTTP timeouts: a server that never accepts times out the connect") {
  WSADATA wsa;
  REQUIRE(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
  // A listener with a full backlog leaves further SYNs unanswered.
  SOCKET listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  REQUIRE(listen(listener, 0) == 0);
  int length = sizeof(address);
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  std::vector<SOCKET> fillers;
  for (int i = 0; i < 3; ++i) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    u_long nonBlocking = 1;
    ioctlsocket(s, FIONBIO, &nonBlocking);
    connect(s, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    fillers.push_back(s);
  }
  Sleep(200);

  Chain c(L"127.0.0.1", ntohs(address.sin_port), L"/");
  REQUIRE(WinHttpSetTimeouts(c.request, 0, 700, 5000, 5000));
  const DWORD start = GetTickCount();
  REQUIRE_FALSE(WinHttpSendRequest(c.request, nullptr, 0, nullptr, 0, 0, 0));
  REQUIRE(GetLastError() == ERROR_WINHTTP_TIMEOUT);
  REQUIRE(GetTickCount() - start < 4000);

  for (SOCKET s : fillers) closesocket(s);
  closesocket(listener);
  WSACleanup();
}

TEST_CASE("WinHTTP redirects: the policy decides, https to http fails unless allowed") {
  const std::wstring downgrade = redirectTo(edgeUrl(L"/echo"));
  SECTION("by default a downgrade fails with REDIRECT_FAILED") {
    Chain c(L"localhost", edgeTlsPort(), downgrade.c_str(), WINHTTP_FLAG_SECURE);
    REQUIRE(WinHttpSendRequest(c.request, nullptr, 0, nullptr, 0, 0, 0));
    REQUIRE_FALSE(WinHttpReceiveResponse(c.request, nullptr));
    REQUIRE(GetLastError() == ERROR_WINHTTP_REDIRECT_FAILED);
  }
  SECTION("ALWAYS follows it, and URL says where the response came from") {
    Chain c(L"localhost", edgeTlsPort(), downgrade.c_str(), WINHTTP_FLAG_SECURE);
    setDword(c.session, WINHTTP_OPTION_REDIRECT_POLICY, WINHTTP_OPTION_REDIRECT_POLICY_ALWAYS);
    Handle request(WinHttpOpenRequest(c.connect, L"GET", downgrade.c_str(), nullptr, nullptr, nullptr,
                                      WINHTTP_FLAG_SECURE));
    REQUIRE(exchange(request));
    REQUIRE(statusCode(request) == 200);
    REQUIRE(queryText(request, WINHTTP_OPTION_URL) == edgeUrl(L"/echo"));
  }
  SECTION("NEVER and DISABLE_REDIRECTS return the 3xx itself") {
    Chain c(L"127.0.0.1", edgePort(), L"/redirect/302/1");
    setDword(c.request, WINHTTP_OPTION_REDIRECT_POLICY, WINHTTP_OPTION_REDIRECT_POLICY_NEVER);
    REQUIRE(exchange(c.request));
    REQUIRE(statusCode(c.request) == 302);
    std::string body;
    REQUIRE(readAll(c.request, body));
    REQUIRE_FALSE(body.empty());
    Handle request(WinHttpOpenRequest(c.connect, L"GET", L"/redirect/302/1", nullptr, nullptr, nullptr, 0));
    setDword(request, WINHTTP_OPTION_DISABLE_FEATURE, WINHTTP_DISABLE_REDIRECTS);
    REQUIRE(exchange(request));
    REQUIRE(statusCode(request) == 302);
  }
  SECTION("plain redirects are followed up to MAX_HTTP_AUTOMATIC_REDIRECTS") {
    Chain c(L"127.0.0.1", edgePort(), L"/redirect/302/2");
    REQUIRE(exchange(c.request));
    REQUIRE(statusCode(c.request) == 200);
    REQUIRE(queryText(c.request, WINHTTP_OPTION_URL) == edgeUrl(L"/redirect/302/0"));
    Handle request(WinHttpOpenRequest(c.connect, L"GET", L"/redirect/302/3", nullptr, nullptr, nullptr, 0));
    DWORD max = 2;
    REQUIRE_FALSE(WinHttpSetOption(request, WINHTTP_OPTION_MAX_HTTP_AUTOMATIC_REDIRECTS, &max, 2));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
    setDword(request, WINHTTP_OPTION_MAX_HTTP_AUTOMATIC_REDIRECTS, 2);
    REQUIRE(queryDword(request, WINHTTP_OPTION_MAX_HTTP_AUTOMATIC_REDIRECTS) == 2);
    REQUIRE(WinHttpSendRequest(request, nullptr, 0, nullptr, 0, 0, 0));
    REQUIRE_FALSE(WinHttpReceiveResponse(request, nullptr));
    REQUIRE(GetLastError() == ERROR_WINHTTP_REDIRECT_FAILED);
  }
}

TEST_CASE("WinHTTP decompression: off by default, gzip and deflate when asked") {
  SECTION("without the option the coded body arrives as sent") {
    Chain c(L"127.0.0.1", edgePort(), L"/gzip/1000");
    REQUIRE(exchange(c.request));
    REQUIRE(wideHeader(c.request, L"Content-Encoding") == L"gzip");
    std::string body;
    REQUIRE(readAll(c.request, body));
    REQUIRE(body.size() >= 2);
    REQUIRE(static_cast<unsigned char>(body[0]) == 0x1f);
    REQUIRE(static_cast<unsigned char>(body[1]) == 0x8b);
  }
  SECTION("with it, gzip and deflate bodies are decoded") {
    for (LPCWSTR path : {L"/gzip/1000", L"/deflate/1000"}) {
      INFO(std::string(path, path + wcslen(path)));
      Chain c(L"127.0.0.1", edgePort(), path);
      setDword(c.request, WINHTTP_OPTION_DECOMPRESSION, WINHTTP_DECOMPRESSION_FLAG_ALL);
      REQUIRE(exchange(c.request));
      std::string body;
      REQUIRE(readAll(c.request, body));
      REQUIRE(body == pattern(1000));
    }
  }
  SECTION("nginx compresses once asked, and the caller's Accept-Encoding is replaced") {
    Chain c(L"127.0.0.1", httpPort(), L"/hello.txt");
    setDword(c.session, WINHTTP_OPTION_DECOMPRESSION, WINHTTP_DECOMPRESSION_FLAG_GZIP);
    Handle request(WinHttpOpenRequest(c.connect, L"GET", L"/hello.txt", nullptr, nullptr, nullptr, 0));
    REQUIRE(WinHttpSendRequest(request, L"Accept-Encoding: identity\r\n", DWORD(-1), nullptr, 0, 0, 0));
    REQUIRE(WinHttpReceiveResponse(request, nullptr));
    REQUIRE(wideHeader(request, L"Content-Encoding") == L"gzip");
    std::string body;
    REQUIRE(readAll(request, body));
    REQUIRE(body == "hello from hinternet\n");
  }
}

TEST_CASE("WinHTTP protocols: HTTP/2 when enabled, reported by HTTP_PROTOCOL_USED") {
  for (bool http2 : {false, true}) {
    INFO((http2 ? "HTTP/2 enabled" : "default"));
    Chain c(L"localhost", httpsPort(), L"/hello.txt", WINHTTP_FLAG_SECURE);
    REQUIRE(queryDword(c.request, WINHTTP_OPTION_HTTP_PROTOCOL_USED) == 0);
    if (http2) {
      setDword(c.request, WINHTTP_OPTION_ENABLE_HTTP_PROTOCOL, WINHTTP_PROTOCOL_FLAG_HTTP2);
      // An HTTP/1.1 connection left open by an earlier request would be
      // reused as it is; a new one negotiates.
      setDword(c.request, WINHTTP_OPTION_DISABLE_FEATURE, WINHTTP_DISABLE_KEEP_ALIVE);
    }
    REQUIRE(exchange(c.request));
    REQUIRE(queryDword(c.request, WINHTTP_OPTION_HTTP_PROTOCOL_USED) == (http2 ? WINHTTP_PROTOCOL_FLAG_HTTP2 : 0u));
    std::string body;
    REQUIRE(readAll(c.request, body));
    REQUIRE(body == "hello from hinternet\n");
  }
  DWORD bad = 0x10;
  Chain c(L"localhost", httpsPort(), L"/", WINHTTP_FLAG_SECURE);
  REQUIRE_FALSE(WinHttpSetOption(c.request, WINHTTP_OPTION_ENABLE_HTTP_PROTOCOL, &bad, sizeof(bad)));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
}

TEST_CASE("WinHTTP TLS: the server's certificate and the connection are reported") {
  Chain c(L"localhost", httpsPort(), L"/hello.txt", WINHTTP_FLAG_SECURE);
  REQUIRE(WinHttpSendRequest(c.request, nullptr, 0, nullptr, 0, 0, 0));

  PCCERT_CONTEXT certificate = nullptr;
  DWORD size = sizeof(certificate);
  REQUIRE(WinHttpQueryOption(c.request, WINHTTP_OPTION_SERVER_CERT_CONTEXT, &certificate, &size));
  REQUIRE(certificate);
  const std::string der = serverCertificateDer();
  REQUIRE(std::string(reinterpret_cast<const char*>(certificate->pbCertEncoded), certificate->cbCertEncoded) == der);
  wchar_t subject[256];
  REQUIRE(CertGetNameStringW(certificate, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, nullptr, subject, 256) > 1);
  CertFreeCertificateContext(certificate);

  WINHTTP_CERTIFICATE_INFO info{};
  size = sizeof(info);
  REQUIRE(WinHttpQueryOption(c.request, WINHTTP_OPTION_SECURITY_CERTIFICATE_STRUCT, &info, &size));
  REQUIRE(info.lpszSubjectInfo);
  REQUIRE(std::wstring(info.lpszSubjectInfo).find(subject) != std::wstring::npos);
  REQUIRE(info.dwKeySize >= 128);
  LocalFree(info.lpszSubjectInfo);
  LocalFree(info.lpszIssuerInfo);

  PCCERT_CHAIN_CONTEXT chain = nullptr;
  size = sizeof(chain);
  REQUIRE(WinHttpQueryOption(c.request, WINHTTP_OPTION_SERVER_CERT_CHAIN_CONTEXT, &chain, &size));
  REQUIRE(chain->cChain >= 1);
  REQUIRE(chain->rgpChain[0]->cElement >= 2);  // the server's and the test CA's
  CertFreeCertificateChain(chain);

  const DWORD flags = queryDword(c.request, WINHTTP_OPTION_SECURITY_FLAGS);
  REQUIRE((flags & SECURITY_FLAG_SECURE));
  REQUIRE((flags & SECURITY_FLAG_STRENGTH_STRONG));
  REQUIRE(queryDword(c.request, WINHTTP_OPTION_SECURITY_KEY_BITNESS) >= 128);

  WINHTTP_CONNECTION_INFO connection{};
  size = 0;
  REQUIRE_FALSE(WinHttpQueryOption(c.request, WINHTTP_OPTION_CONNECTION_INFO, &connection, &size));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == sizeof(connection));
  REQUIRE(WinHttpQueryOption(c.request, WINHTTP_OPTION_CONNECTION_INFO, &connection, &size));
  REQUIRE(connection.cbSize == sizeof(connection));
  const auto& remote = connection.RemoteAddress;
  if (remote.ss_family == AF_INET) {
    REQUIRE(ntohs(reinterpret_cast<const sockaddr_in&>(remote).sin_port) == httpsPort());
  } else {
    REQUIRE(remote.ss_family == AF_INET6);
    REQUIRE(ntohs(reinterpret_cast<const sockaddr_in6&>(remote).sin6_port) == httpsPort());
  }
  REQUIRE(connection.LocalAddress.ss_family == remote.ss_family);
  REQUIRE(WinHttpReceiveResponse(c.request, nullptr));
}

TEST_CASE("WinHTTP TLS: SECURE_PROTOCOLS bounds the versions") {
  const struct {
    DWORD protocols;
    bool works;
  } cases[] = {
      {WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2, true},
      {WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3, true},
      {WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1, false},
  };
  for (const auto& t : cases) {
    INFO("protocols 0x" << std::hex << t.protocols);
    Chain c(L"localhost", httpsPort(), L"/hello.txt", WINHTTP_FLAG_SECURE);
    setDword(c.session, WINHTTP_OPTION_SECURE_PROTOCOLS, t.protocols);
    Handle request(WinHttpOpenRequest(c.connect, L"GET", L"/hello.txt", nullptr, nullptr, nullptr,
                                      WINHTTP_FLAG_SECURE));
    if (t.works) {
      REQUIRE(exchange(request));
      REQUIRE(statusCode(request) == 200);
    } else {
      REQUIRE_FALSE(WinHttpSendRequest(request, nullptr, 0, nullptr, 0, 0, 0));
      REQUIRE(GetLastError() == ERROR_WINHTTP_SECURE_FAILURE);
    }
  }
}

TEST_CASE("WinHTTP TLS: SECURITY_FLAGS waive exactly the checks they name") {
  // A name of this machine that reaches the loopback nginx but is not in
  // the test certificate.
  char name[256];
  DWORD length = sizeof(name);
  REQUIRE(GetComputerNameExA(ComputerNameDnsHostname, name, &length));
  addrinfo* found = nullptr;
  addrinfo hints{};
  hints.ai_family = AF_INET;
  const bool loopback = getaddrinfo(name, nullptr, &hints, &found) == 0 &&
                        reinterpret_cast<sockaddr_in*>(found->ai_addr)->sin_addr.s_addr == htonl(INADDR_LOOPBACK);
  if (found) freeaddrinfo(found);
  if (!loopback) {
    WARN("skipped: the host name " << name << " does not resolve to 127.0.0.1");
    return;
  }
  const std::wstring host(name, name + length);
  auto attempt = [&](DWORD flags) {
    Chain c(host.c_str(), httpsPort(), L"/hello.txt", WINHTTP_FLAG_SECURE);
    setDword(c.request, WINHTTP_OPTION_SECURITY_FLAGS, flags);
    const bool ok = exchange(c.request);
    return ok ? ERROR_SUCCESS : GetLastError();
  };
  REQUIRE(attempt(0) == ERROR_WINHTTP_SECURE_FAILURE);
  REQUIRE(attempt(SECURITY_FLAG_IGNORE_UNKNOWN_CA | SECURITY_FLAG_IGNORE_CERT_DATE_INVALID) ==
          ERROR_WINHTTP_SECURE_FAILURE);
  REQUIRE(attempt(SECURITY_FLAG_IGNORE_CERT_CN_INVALID) == ERROR_SUCCESS);
  // A connection made under a waiver is not lent to a stricter request.
  REQUIRE(attempt(0) == ERROR_WINHTTP_SECURE_FAILURE);
}

TEST_CASE("WinHTTP CONTEXT_VALUE: callbacks get the value the handle has now") {
  AsyncRun run;
  run.switchTo = reinterpret_cast<DWORD_PTR>(&run) | 1;
  runAsync(L"/echo", run, [](HINTERNET) {});
  REQUIRE(run.errorApi == 0);
  REQUIRE(run.switched);
  REQUIRE(run.headersContext == (reinterpret_cast<DWORD_PTR>(&run) | 1));
}

TEST_CASE("WinHTTP connections: keep-alive, connection limits and where to connect") {
  SECTION("DISABLE_KEEP_ALIVE gives every request a fresh connection") {
    for (bool keepAlive : {true, false}) {
      Handle session(WinHttpOpen(L"t", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
      Handle connect(WinHttpConnect(session, L"127.0.0.1", edgePort(), 0));
      std::string counts[2];
      for (auto& count : counts) {
        Handle request(WinHttpOpenRequest(connect, L"GET", L"/keepalive-count", nullptr, nullptr, nullptr, 0));
        if (!keepAlive) setDword(request, WINHTTP_OPTION_DISABLE_FEATURE, WINHTTP_DISABLE_KEEP_ALIVE);
        REQUIRE(exchange(request));
        REQUIRE(readAll(request, count));
      }
      // Requests served on the connection so far; earlier tests may have
      // left one open to reuse.
      if (keepAlive) {
        REQUIRE(std::stoi(counts[1]) == std::stoi(counts[0]) + 1);
      } else {
        REQUIRE(counts[0] == "1\n");
        REQUIRE(counts[1] == "1\n");
      }
    }
  }
  SECTION("MAX_CONNS_PER_SERVER makes requests take turns on one connection") {
    Handle session(WinHttpOpen(L"t", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
    setDword(session, WINHTTP_OPTION_MAX_CONNS_PER_SERVER, 1);
    Handle connect(WinHttpConnect(session, L"127.0.0.1", edgePort(), 0));
    std::wstring ids[2];
    std::atomic<int> failures{0};
    std::thread threads[2];
    for (int i = 0; i < 2; ++i) {
      threads[i] = std::thread([&, i] {
        HINTERNET request = WinHttpOpenRequest(connect, L"GET", L"/slow-headers/300", nullptr, nullptr, nullptr, 0);
        std::string body;
        if (!request || !exchange(request) || !readAll(request, body)) ++failures;
        if (request) {
          ids[i] = wideHeader(request, L"X-Connection-Id");
          WinHttpCloseHandle(request);
        }
      });
    }
    for (auto& t : threads) t.join();
    REQUIRE(failures == 0);
    REQUIRE_FALSE(ids[0].empty());
    REQUIRE(ids[0] == ids[1]);
  }
  SECTION("RESOLUTION_HOSTNAME connects elsewhere than the URL says") {
    Chain c(L"hinternet.invalid", edgePort(), L"/echo");
    REQUIRE(WinHttpSetOption(c.request, WINHTTP_OPTION_RESOLUTION_HOSTNAME, const_cast<wchar_t*>(L"127.0.0.1"), 9));
    REQUIRE(exchange(c.request));
    std::string echo;
    REQUIRE(readAll(c.request, echo));
    REQUIRE(echo.find("Host: hinternet.invalid:") != std::string::npos);
  }
  SECTION("USER_AGENT and HTTP_VERSION show on the wire") {
    Chain c(L"127.0.0.1", edgePort(), L"/echo");
    REQUIRE(WinHttpSetOption(c.session, WINHTTP_OPTION_USER_AGENT, const_cast<wchar_t*>(L"agent/3"), 7));
    HTTP_VERSION_INFO version{1, 0};
    REQUIRE(WinHttpSetOption(c.request, WINHTTP_OPTION_HTTP_VERSION, &version, sizeof(version)));
    REQUIRE(exchange(c.request));
    std::string echo;
    REQUIRE(readAll(c.request, echo));
    REQUIRE(echo.rfind("GET /echo HTTP/1.0\r\n", 0) == 0);
    REQUIRE(echo.find("User-Agent: agent/3\r\n") != std::string::npos);
  }
}
