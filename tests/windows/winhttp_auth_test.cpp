// WinHttpQueryAuthSchemes, WinHttpSetCredentials and the challenges they
// answer, against the edge server's /auth and /proxy-auth endpoints.
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <atomic>
#include <string>

#include "test_servers.h"
#include "winhttp_helpers.h"



namespace {

struct Schemes {
  DWORD supported = 0xdeadbeef, first = 0xdeadbeef, target = 0xdeadbeef;
  BOOL query(HINTERNET request) { return WinHttpQueryAuthSchemes(request, &supported, &first, &target); }
};

struct Direct {
  WinHttpHandle session{WinHttpOpen(L"hinternet-auth", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0)};
  WinHttpHandle connect{WinHttpConnect(session, L"127.0.0.1", edgePort(), 0)};
  Direct() { REQUIRE(connect.h); }
};

// The edge server standing in as the session's proxy for a host that does
// not exist: only a request through the proxy can reach it.
struct ThroughProxy {
  std::wstring proxy = L"127.0.0.1:" + std::to_wstring(edgePort());
  WinHttpHandle session{WinHttpOpen(L"hinternet-auth", WINHTTP_ACCESS_TYPE_NAMED_PROXY, proxy.c_str(), nullptr, 0)};
  WinHttpHandle connect{WinHttpConnect(session, L"proxied.example", 80, 0)};
  ThroughProxy() { REQUIRE(connect.h); }
};

// The sample flow of the WinHttpQueryAuthSchemes documentation: send, and
// on a 401 or 407 pick a scheme, set credentials and send again.
std::string authenticate(HINTERNET request, DWORD scheme, LPCWSTR user, LPCWSTR password, DWORD expectedTarget) {
  REQUIRE(sendAndReceive(request));
  const DWORD challenge = expectedTarget == WINHTTP_AUTH_TARGET_SERVER ? 401 : 407;
  REQUIRE(statusCode(request) == challenge);
  readBody(request);
  Schemes s;
  REQUIRE(s.query(request));
  REQUIRE(GetLastError() == ERROR_SUCCESS);
  REQUIRE(s.target == expectedTarget);
  REQUIRE((s.supported & scheme));
  REQUIRE(WinHttpSetCredentials(request, s.target, scheme, user, password, nullptr));
  REQUIRE(sendAndReceive(request));
  REQUIRE(statusCode(request) == 200);
  return readBody(request);
}

}  // namespace

TEST_CASE("WinHTTP auth: bad arguments to WinHttpQueryAuthSchemes fail as on Windows") {
  Direct d;
  WinHttpHandle request(openGet(d.connect, L"/auth/basic/u/p"));
  Schemes s;
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(WinHttpQueryAuthSchemes(nullptr, &s.supported, &s.first, &s.target));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
  REQUIRE_FALSE(WinHttpQueryAuthSchemes(d.session, &s.supported, &s.first, &s.target));
  REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
  REQUIRE_FALSE(WinHttpQueryAuthSchemes(request, nullptr, &s.first, &s.target));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(WinHttpQueryAuthSchemes(request, &s.supported, &s.first, nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  // No response yet: nothing to report, and the outputs stay as they were.
  REQUIRE_FALSE(s.query(request));
  REQUIRE(GetLastError() == ERROR_INVALID_OPERATION);
  REQUIRE(s.supported == 0xdeadbeef);
  REQUIRE(s.first == 0xdeadbeef);
  REQUIRE(s.target == 0xdeadbeef);

  // A response without a challenge.
  WinHttpHandle ok(openGet(d.connect, L"/status/200"));
  REQUIRE(sendAndReceive(ok));
  REQUIRE_FALSE(s.query(ok));
  REQUIRE(GetLastError() == ERROR_INVALID_OPERATION);
  REQUIRE(s.target == 0xdeadbeef);
}

TEST_CASE("WinHTTP auth: bad arguments to WinHttpSetCredentials fail as on Windows") {
  Direct d;
  WinHttpHandle request(openGet(d.connect, L"/auth/basic/u/p"));
  const DWORD server = WINHTTP_AUTH_TARGET_SERVER;
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(WinHttpSetCredentials(nullptr, server, WINHTTP_AUTH_SCHEME_BASIC, L"u", L"p", nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
  REQUIRE_FALSE(WinHttpSetCredentials(d.connect, server, WINHTTP_AUTH_SCHEME_BASIC, L"u", L"p", nullptr));
  REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
  for (DWORD scheme : {0x0u, 0x3u, 0x20u, 0xffffffffu}) {
    INFO("scheme " << scheme);
    REQUIRE_FALSE(WinHttpSetCredentials(request, server, scheme, L"u", L"p", nullptr));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  }
  REQUIRE_FALSE(WinHttpSetCredentials(request, 2, WINHTTP_AUTH_SCHEME_BASIC, L"u", L"p", nullptr));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  // Basic and Digest need both strings; the others take NULL for the
  // logged-on user.
  for (DWORD scheme : {WINHTTP_AUTH_SCHEME_BASIC, WINHTTP_AUTH_SCHEME_DIGEST}) {
    REQUIRE_FALSE(WinHttpSetCredentials(request, server, scheme, nullptr, nullptr, nullptr));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
    REQUIRE_FALSE(WinHttpSetCredentials(request, server, scheme, L"u", nullptr, nullptr));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
    REQUIRE_FALSE(WinHttpSetCredentials(request, server, scheme, nullptr, L"p", nullptr));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  }
  for (DWORD scheme : {WINHTTP_AUTH_SCHEME_NTLM, WINHTTP_AUTH_SCHEME_PASSPORT, WINHTTP_AUTH_SCHEME_NEGOTIATE}) {
    SetLastError(0xdeadbeef);
    REQUIRE(WinHttpSetCredentials(request, server, scheme, nullptr, nullptr, nullptr));
    REQUIRE(GetLastError() == ERROR_SUCCESS);
  }
  REQUIRE(WinHttpSetCredentials(request, WINHTTP_AUTH_TARGET_PROXY, WINHTTP_AUTH_SCHEME_BASIC, L"", L"", nullptr));
}

TEST_CASE("WinHTTP auth: a 401 goes back to the program, which answers it with Basic credentials") {
  Direct d;
  WinHttpHandle request(openGet(d.connect, L"/auth/basic/alice/s3cret"));
  REQUIRE(sendAndReceive(request));
  REQUIRE(statusCode(request) == 401);
  REQUIRE(readBody(request).find("authentication required") != std::string::npos);
  Schemes s;
  REQUIRE(s.query(request));
  REQUIRE(s.supported == WINHTTP_AUTH_SCHEME_BASIC);
  REQUIRE(s.first == WINHTTP_AUTH_SCHEME_BASIC);
  REQUIRE(s.target == WINHTTP_AUTH_TARGET_SERVER);
  REQUIRE(WinHttpSetCredentials(request, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, L"alice",
                                L"s3cret", nullptr));
  REQUIRE(sendAndReceive(request));
  REQUIRE(statusCode(request) == 200);
  REQUIRE(readBody(request) == "authenticated Basic alice\n");
}

namespace {

std::atomic<int> requestsSent{0};

void CALLBACK countSent(HINTERNET, DWORD_PTR, DWORD status, LPVOID, DWORD) {
  if (status == WINHTTP_CALLBACK_STATUS_REQUEST_SENT) ++requestsSent;
}

}  // namespace

TEST_CASE("WinHTTP auth: Basic credentials set before the first send go out with it") {
  Direct d;
  WinHttpHandle request(openGet(d.connect, L"/auth/basic/bob/pw"));
  WinHttpSetStatusCallback(request, countSent, WINHTTP_CALLBACK_FLAG_SEND_REQUEST, 0);
  requestsSent = 0;
  REQUIRE(WinHttpSetCredentials(request, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, L"bob", L"pw",
                                nullptr));
  REQUIRE(sendAndReceive(request));
  REQUIRE(statusCode(request) == 200);
  REQUIRE(readBody(request) == "authenticated Basic bob\n");
  // One request: no challenge round trip.
  Sleep(200);
  REQUIRE(requestsSent == 1);
}

TEST_CASE("WinHTTP auth: wrong credentials end in the 401, not in a loop") {
  Direct d;
  for (DWORD scheme : {WINHTTP_AUTH_SCHEME_BASIC, WINHTTP_AUTH_SCHEME_DIGEST, WINHTTP_AUTH_SCHEME_NTLM}) {
    INFO("scheme " << scheme);
    LPCWSTR path = scheme == WINHTTP_AUTH_SCHEME_BASIC    ? L"/auth/basic/u/right"
                   : scheme == WINHTTP_AUTH_SCHEME_DIGEST ? L"/auth/digest/u/right"
                                                          : L"/auth/ntlm/u/right";
    WinHttpHandle request(openGet(d.connect, path));
    REQUIRE(WinHttpSetCredentials(request, WINHTTP_AUTH_TARGET_SERVER, scheme, L"u", L"wrong", nullptr));
    REQUIRE(sendAndReceive(request));
    REQUIRE(statusCode(request) == 401);
    readBody(request);
    Schemes s;
    REQUIRE(s.query(request));
    REQUIRE(s.supported == scheme);
  }
}

TEST_CASE("WinHTTP auth: Digest with MD5, MD5-sess, SHA-256 and SHA-256-sess") {
  Direct d;
  for (LPCWSTR alg : {L"MD5", L"MD5-sess", L"SHA-256", L"SHA-256-sess"}) {
    INFO("algorithm " << std::string(alg, alg + wcslen(alg)));
    const std::wstring path = std::wstring(L"/auth/digest/carol/pa55?alg=") + alg;
    WinHttpHandle request(openGet(d.connect, path.c_str()));
    REQUIRE(authenticate(request, WINHTTP_AUTH_SCHEME_DIGEST, L"carol", L"pa55", WINHTTP_AUTH_TARGET_SERVER) ==
            "authenticated Digest carol\n");
  }
}

TEST_CASE("WinHTTP auth: NTLMv2 handshake after the program answers the 401") {
  Direct d;
  WinHttpHandle request(openGet(d.connect, L"/auth/ntlm"));
  REQUIRE(authenticate(request, WINHTTP_AUTH_SCHEME_NTLM, L"ntlmuser", L"ntlmpass", WINHTTP_AUTH_TARGET_SERVER) ==
          "authenticated NTLM ntlmuser\n");
  // A user name with a domain.
  WinHttpHandle again(openGet(d.connect, L"/auth/ntlm/dave/pw"));
  REQUIRE(authenticate(again, WINHTTP_AUTH_SCHEME_NTLM, L"CORP\\dave", L"pw", WINHTTP_AUTH_TARGET_SERVER) ==
          "authenticated NTLM dave\n");
}

TEST_CASE("WinHTTP auth: several challenges report every scheme and the first one") {
  Direct d;
  const DWORD all = WINHTTP_AUTH_SCHEME_NEGOTIATE | WINHTTP_AUTH_SCHEME_NTLM | WINHTTP_AUTH_SCHEME_DIGEST |
                    WINHTTP_AUTH_SCHEME_BASIC;
  struct Case {
    LPCWSTR path;
    DWORD supported, first;
  } cases[] = {
      {L"/auth/multi", all, WINHTTP_AUTH_SCHEME_NEGOTIATE},
      {L"/auth/multi?combined=1", all, WINHTTP_AUTH_SCHEME_NEGOTIATE},
      {L"/auth/multi?schemes=digest,basic", WINHTTP_AUTH_SCHEME_DIGEST | WINHTTP_AUTH_SCHEME_BASIC,
       WINHTTP_AUTH_SCHEME_DIGEST},
      {L"/auth/multi?schemes=basic,ntlm&combined=1", WINHTTP_AUTH_SCHEME_BASIC | WINHTTP_AUTH_SCHEME_NTLM,
       WINHTTP_AUTH_SCHEME_BASIC},
  };
  for (const Case& c : cases) {
    INFO(std::string(c.path, c.path + wcslen(c.path)));
    WinHttpHandle request(openGet(d.connect, c.path));
    REQUIRE(sendAndReceive(request));
    REQUIRE(statusCode(request) == 401);
    Schemes s;
    REQUIRE(s.query(request));
    REQUIRE(s.supported == c.supported);
    REQUIRE(s.first == c.first);
    REQUIRE(s.target == WINHTTP_AUTH_TARGET_SERVER);
  }
  // The documentation's sample picks Negotiate; without Kerberos it is NTLM.
  for (DWORD scheme : {WINHTTP_AUTH_SCHEME_NEGOTIATE, WINHTTP_AUTH_SCHEME_NTLM, WINHTTP_AUTH_SCHEME_DIGEST,
                       WINHTTP_AUTH_SCHEME_BASIC}) {
    INFO("scheme " << scheme);
    WinHttpHandle request(openGet(d.connect, L"/auth/multi"));
    const std::string body = authenticate(request, scheme, L"user", L"pass", WINHTTP_AUTH_TARGET_SERVER);
    REQUIRE(body.rfind("authenticated ", 0) == 0);
  }
}

TEST_CASE("WinHTTP auth: a named proxy's 407 is answered with proxy credentials") {
  ThroughProxy p;
  struct Case {
    LPCWSTR path;
    DWORD scheme;
    LPCWSTR user;
    const char* expected;
  } cases[] = {
      {L"/proxy-auth/basic/pu/pp", WINHTTP_AUTH_SCHEME_BASIC, L"pu", "proxy-authenticated Basic pu\n"},
      {L"/proxy-auth/digest/pu/pp", WINHTTP_AUTH_SCHEME_DIGEST, L"pu", "proxy-authenticated Digest pu\n"},
      {L"/proxy-auth/ntlm/pu/pp", WINHTTP_AUTH_SCHEME_NTLM, L"pu", "proxy-authenticated NTLM pu\n"},
  };
  for (const Case& c : cases) {
    INFO(std::string(c.path, c.path + wcslen(c.path)));
    WinHttpHandle request(openGet(p.connect, c.path));
    REQUIRE(authenticate(request, c.scheme, c.user, L"pp", WINHTTP_AUTH_TARGET_PROXY) == c.expected);
  }
  // Proxy credentials set up front: Basic goes to the proxy at once.
  WinHttpHandle request(openGet(p.connect, L"/proxy-auth/basic/pu/pp"));
  REQUIRE(WinHttpSetCredentials(request, WINHTTP_AUTH_TARGET_PROXY, WINHTTP_AUTH_SCHEME_BASIC, L"pu", L"pp",
                                nullptr));
  REQUIRE(sendAndReceive(request));
  REQUIRE(statusCode(request) == 200);
  // Server credentials are not offered to the proxy.
  WinHttpHandle wrongTarget(openGet(p.connect, L"/proxy-auth/basic/pu/pp"));
  REQUIRE(WinHttpSetCredentials(wrongTarget, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, L"pu", L"pp",
                                nullptr));
  REQUIRE(sendAndReceive(wrongTarget));
  REQUIRE(statusCode(wrongTarget) == 407);
}

namespace {

// An asynchronous request that answers its own 401/407 from the callback.
struct AsyncAuth {
  HANDLE done = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  HINTERNET request = nullptr;
  DWORD scheme = 0;
  const wchar_t* user = L"";
  const wchar_t* password = L"";
  int sends = 0;
  DWORD finalStatus = 0, error = 0;
  std::string body;
  char buffer[1024];
  ~AsyncAuth() { CloseHandle(done); }
};

void CALLBACK onAuthStatus(HINTERNET handle, DWORD_PTR context, DWORD status, LPVOID info, DWORD length) {
  auto* run = reinterpret_cast<AsyncAuth*>(context);
  if (!run || handle != run->request) return;
  switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
      if (!WinHttpReceiveResponse(handle, nullptr)) SetEvent(run->done);
      break;
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE: {
      DWORD code = 0, size = sizeof(code);
      WinHttpQueryHeaders(handle, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER, nullptr, &code, &size,
                          nullptr);
      DWORD supported = 0, first = 0, target = 0;
      if ((code == 401 || code == 407) && run->sends == 1 &&
          WinHttpQueryAuthSchemes(handle, &supported, &first, &target) && (supported & run->scheme)) {
        ++run->sends;
        WinHttpSetCredentials(handle, target, run->scheme, run->user, run->password, nullptr);
        if (!WinHttpSendRequest(handle, nullptr, 0, nullptr, 0, 0, context)) SetEvent(run->done);
        break;
      }
      run->finalStatus = code;
      if (!WinHttpReadData(handle, run->buffer, sizeof(run->buffer), nullptr)) SetEvent(run->done);
      break;
    }
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
      run->body.append(static_cast<char*>(info), length);
      if (length == 0 || !WinHttpReadData(handle, run->buffer, sizeof(run->buffer), nullptr)) SetEvent(run->done);
      break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR:
      run->error = static_cast<WINHTTP_ASYNC_RESULT*>(info)->dwError;
      SetEvent(run->done);
      break;
  }
}

std::string runAsync(LPCWSTR proxy, LPCWSTR host, INTERNET_PORT port, LPCWSTR path, DWORD scheme, LPCWSTR user,
                     LPCWSTR password) {
  WinHttpHandle session(WinHttpOpen(L"hinternet-auth", proxy ? WINHTTP_ACCESS_TYPE_NAMED_PROXY : WINHTTP_ACCESS_TYPE_NO_PROXY,
                             proxy, nullptr, WINHTTP_FLAG_ASYNC));
  REQUIRE(session.h);
  WinHttpSetStatusCallback(session, onAuthStatus, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  WinHttpHandle connect(WinHttpConnect(session, host, port, 0));
  AsyncAuth run;
  run.scheme = scheme;
  run.user = user;
  run.password = password;
  run.request = openGet(connect, path);
  run.sends = 1;
  REQUIRE(WinHttpSendRequest(run.request, nullptr, 0, nullptr, 0, 0, reinterpret_cast<DWORD_PTR>(&run)));
  REQUIRE(WaitForSingleObject(run.done, 20000) == WAIT_OBJECT_0);
  WinHttpCloseHandle(run.request);
  REQUIRE(run.error == 0);
  REQUIRE(run.sends == 2);
  REQUIRE(run.finalStatus == 200);
  return run.body;
}

}  // namespace

TEST_CASE("WinHTTP auth async: the callback answers a challenge and sends again") {
  REQUIRE(runAsync(nullptr, L"127.0.0.1", edgePort(), L"/auth/basic/eve/pw", WINHTTP_AUTH_SCHEME_BASIC, L"eve",
                   L"pw") == "authenticated Basic eve\n");
  REQUIRE(runAsync(nullptr, L"127.0.0.1", edgePort(), L"/auth/digest/eve/pw", WINHTTP_AUTH_SCHEME_DIGEST, L"eve",
                   L"pw") == "authenticated Digest eve\n");
  REQUIRE(runAsync(nullptr, L"127.0.0.1", edgePort(), L"/auth/ntlm/eve/pw", WINHTTP_AUTH_SCHEME_NTLM, L"eve",
                   L"pw") == "authenticated NTLM eve\n");
  const std::wstring proxy = L"127.0.0.1:" + std::to_wstring(edgePort());
  REQUIRE(runAsync(proxy.c_str(), L"proxied.example", 80, L"/proxy-auth/ntlm/eve/pw", WINHTTP_AUTH_SCHEME_NTLM,
                   L"eve", L"pw") == "proxy-authenticated NTLM eve\n");
}
