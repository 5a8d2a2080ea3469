// WinHttpQueryOption, WinHttpSetOption and WinHttpSetTimeouts: argument,
// handle-type and buffer-size checks, as Windows makes them.
#include "winhttp_option_helpers.h"

using namespace options_test;

namespace {

constexpr DWORD kBogusOption = 0x7777;

void CALLBACK ignoreStatus(HINTERNET, DWORD_PTR, DWORD, LPVOID, DWORD) {}

}  // namespace

TEST_CASE("WinHTTP options: buffer sizes follow Windows' rules") {
  Handle session(WinHttpOpen(L"t", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  DWORD value = 0xdeadbeef, size = 0xdeadbeef;

  SECTION("queries need a length, and get the size they need") {
    REQUIRE_FALSE(WinHttpQueryOption(session, WINHTTP_OPTION_REDIRECT_POLICY, nullptr, nullptr));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
    REQUIRE_FALSE(WinHttpQueryOption(session, WINHTTP_OPTION_REDIRECT_POLICY, nullptr, &size));
    REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
    REQUIRE(size == sizeof(DWORD));
    size = sizeof(value) - 1;
    REQUIRE_FALSE(WinHttpQueryOption(session, WINHTTP_OPTION_REDIRECT_POLICY, &value, &size));
    REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
    REQUIRE(size == sizeof(DWORD));
    REQUIRE(value == 0xdeadbeef);
    size = sizeof(value) + 1;
    SetLastError(0xdeadbeef);
    REQUIRE(WinHttpQueryOption(session, WINHTTP_OPTION_REDIRECT_POLICY, &value, &size));
    REQUIRE(GetLastError() == ERROR_SUCCESS);
    REQUIRE(size == sizeof(DWORD));
    REQUIRE(value == WINHTTP_OPTION_REDIRECT_POLICY_DISALLOW_HTTPS_TO_HTTP);
  }
  SECTION("a DWORD is set with exactly its size") {
    value = WINHTTP_OPTION_REDIRECT_POLICY_ALWAYS;
    REQUIRE_FALSE(WinHttpSetOption(session, WINHTTP_OPTION_REDIRECT_POLICY, nullptr, sizeof(value)));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
    REQUIRE_FALSE(WinHttpSetOption(session, WINHTTP_OPTION_REDIRECT_POLICY, &value, sizeof(value) - 1));
    REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
    REQUIRE_FALSE(WinHttpSetOption(session, WINHTTP_OPTION_REDIRECT_POLICY, &value, sizeof(value) + 1));
    REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
    SetLastError(0xdeadbeef);
    REQUIRE(WinHttpSetOption(session, WINHTTP_OPTION_REDIRECT_POLICY, &value, sizeof(value)));
    REQUIRE(GetLastError() == ERROR_SUCCESS);
    REQUIRE(queryDword(session, WINHTTP_OPTION_REDIRECT_POLICY) == WINHTTP_OPTION_REDIRECT_POLICY_ALWAYS);
    value = WINHTTP_OPTION_REDIRECT_POLICY_LAST + 1;
    REQUIRE_FALSE(WinHttpSetOption(session, WINHTTP_OPTION_REDIRECT_POLICY, &value, sizeof(value)));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  }
  SECTION("unknown options: invalid to set, an invalid parameter to query") {
    for (DWORD option : {DWORD(0), kBogusOption}) {
      REQUIRE_FALSE(WinHttpSetOption(session, option, &value, sizeof(value)));
      REQUIRE(GetLastError() == ERROR_WINHTTP_INVALID_OPTION);
      size = sizeof(value);
      REQUIRE_FALSE(WinHttpQueryOption(session, option, &value, &size));
      REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
    }
  }
  SECTION("handles that are not ours") {
    size = sizeof(value);
    REQUIRE_FALSE(WinHttpQueryOption(reinterpret_cast<HINTERNET>(0x1234), WINHTTP_OPTION_CONNECT_TIMEOUT, &value,
                                     &size));
    REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
    REQUIRE_FALSE(WinHttpSetOption(reinterpret_cast<HINTERNET>(0x1234), WINHTTP_OPTION_CONNECT_TIMEOUT, &value,
                                   sizeof(value)));
    REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
  }
}

TEST_CASE("WinHTTP options: each option belongs to its handle types") {
  Chain c(L"127.0.0.1", httpPort(), L"/", 0);
  DWORD value = WINHTTP_DISABLE_COOKIES, size = sizeof(value);

  SECTION("DISABLE_FEATURE is set on requests only and never queried") {
    REQUIRE_FALSE(WinHttpSetOption(c.session, WINHTTP_OPTION_DISABLE_FEATURE, &value, sizeof(value)));
    REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    REQUIRE_FALSE(WinHttpSetOption(c.connect, WINHTTP_OPTION_DISABLE_FEATURE, &value, sizeof(value)));
    REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    for (DWORD flags : {DWORD(0), DWORD(0xffffffff), DWORD(WINHTTP_DISABLE_COOKIES)}) setDword(c.request, WINHTTP_OPTION_DISABLE_FEATURE, flags);
    REQUIRE_FALSE(WinHttpQueryOption(c.request, WINHTTP_OPTION_DISABLE_FEATURE, &value, &size));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
    size = 0;
    REQUIRE_FALSE(WinHttpQueryOption(c.request, WINHTTP_OPTION_DISABLE_FEATURE, nullptr, &size));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  }
  SECTION("ENABLE_FEATURE takes SSL_REVOCATION on requests, exactly") {
    value = 0xdeadbeef;
    REQUIRE_FALSE(WinHttpQueryOption(c.request, WINHTTP_OPTION_ENABLE_FEATURE, &value, &size));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
    REQUIRE(value == 0xdeadbeef);
    value = WINHTTP_ENABLE_SSL_REVOCATION;
    REQUIRE_FALSE(WinHttpSetOption(c.request, WINHTTP_OPTION_ENABLE_FEATURE, nullptr, sizeof(value)));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
    REQUIRE_FALSE(WinHttpSetOption(c.request, WINHTTP_OPTION_ENABLE_FEATURE, &value, 0));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
    REQUIRE(WinHttpSetOption(c.request, WINHTTP_OPTION_ENABLE_FEATURE, &value, sizeof(value)));
    value = 0xdeadbeef;
    REQUIRE_FALSE(WinHttpSetOption(c.request, WINHTTP_OPTION_ENABLE_FEATURE, &value, sizeof(value)));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  }
  SECTION("HANDLE_TYPE and PARENT_HANDLE describe the tree, and are read-only") {
    REQUIRE(queryDword(c.session, WINHTTP_OPTION_HANDLE_TYPE) == WINHTTP_HANDLE_TYPE_SESSION);
    REQUIRE(queryDword(c.connect, WINHTTP_OPTION_HANDLE_TYPE) == WINHTTP_HANDLE_TYPE_CONNECT);
    REQUIRE(queryDword(c.request, WINHTTP_OPTION_HANDLE_TYPE) == WINHTTP_HANDLE_TYPE_REQUEST);
    REQUIRE_FALSE(WinHttpSetOption(c.request, WINHTTP_OPTION_HANDLE_TYPE, &value, sizeof(value)));
    REQUIRE(GetLastError() == ERROR_WINHTTP_OPTION_NOT_SETTABLE);
    HINTERNET parent = nullptr;
    size = sizeof(parent) - 1;
    REQUIRE_FALSE(WinHttpQueryOption(c.request, WINHTTP_OPTION_PARENT_HANDLE, &parent, &size));
    REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
    REQUIRE(size == sizeof(HINTERNET));
    REQUIRE(WinHttpQueryOption(c.request, WINHTTP_OPTION_PARENT_HANDLE, &parent, &size));
    REQUIRE(parent == c.connect.h);
    REQUIRE(WinHttpQueryOption(c.connect, WINHTTP_OPTION_PARENT_HANDLE, &parent, &size));
    REQUIRE(parent == c.session.h);
  }
  SECTION("session options are refused elsewhere") {
    value = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;
    REQUIRE_FALSE(WinHttpSetOption(c.connect, WINHTTP_OPTION_SECURE_PROTOCOLS, &value, sizeof(value)));
    REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    REQUIRE_FALSE(WinHttpSetOption(c.request, WINHTTP_OPTION_SECURE_PROTOCOLS, &value, sizeof(value)));
    REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    REQUIRE(WinHttpSetOption(c.session, WINHTTP_OPTION_SECURE_PROTOCOLS, &value, sizeof(value)));
    value = 0x40000000;
    REQUIRE_FALSE(WinHttpSetOption(c.session, WINHTTP_OPTION_SECURE_PROTOCOLS, &value, sizeof(value)));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
    wchar_t agent[32];
    size = sizeof(agent);
    REQUIRE_FALSE(WinHttpQueryOption(c.request, WINHTTP_OPTION_USER_AGENT, agent, &size));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
    value = 0;
    REQUIRE(WinHttpSetOption(c.session, WINHTTP_OPTION_MAX_CONNS_PER_SERVER, &value, sizeof(value)));
    REQUIRE(queryDword(c.session, WINHTTP_OPTION_MAX_CONNS_PER_SERVER) == 2);
    REQUIRE(queryDword(c.session, WINHTTP_OPTION_MAX_CONNS_PER_1_0_SERVER) == INFINITE);
  }
  SECTION("the NULL handle has the process-wide options and no others") {
    size = sizeof(value);
    REQUIRE_FALSE(WinHttpQueryOption(nullptr, WINHTTP_OPTION_CONNECT_TIMEOUT, &value, &size));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
    DWORD_PTR context = 1;
    REQUIRE_FALSE(WinHttpSetOption(nullptr, WINHTTP_OPTION_CONTEXT_VALUE, &context, sizeof(context)));
    REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    value = 4;
    REQUIRE(WinHttpSetOption(nullptr, WINHTTP_OPTION_WORKER_THREAD_COUNT, &value, sizeof(value)));
    BOOL tracing = TRUE;
    REQUIRE(WinHttpSetOption(nullptr, WINHTTP_OPTION_ENABLETRACING, &tracing, sizeof(tracing)));
    REQUIRE(queryDword(nullptr, WINHTTP_OPTION_ENABLETRACING) == TRUE);
    tracing = FALSE;
    REQUIRE(WinHttpSetOption(nullptr, WINHTTP_OPTION_ENABLETRACING, &tracing, sizeof(tracing)));
    REQUIRE_FALSE(WinHttpSetOption(c.session, WINHTTP_OPTION_WORKER_THREAD_COUNT, &value, sizeof(value)));
    REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
  }
  SECTION("WebSocket options need a WebSocket handle") {
    value = 20000;
    REQUIRE_FALSE(WinHttpSetOption(c.session, WINHTTP_OPTION_WEB_SOCKET_KEEPALIVE_INTERVAL, &value, sizeof(value)));
    REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    REQUIRE(queryDword(c.request, WINHTTP_OPTION_WEB_SOCKET_RECEIVE_BUFFER_SIZE) == 32768);
    REQUIRE(WinHttpSetOption(c.request, WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET, nullptr, 0));
  }
}

TEST_CASE("WinHTTP options: timeouts are checked, kept per handle and inherited") {
  Handle session(WinHttpOpen(L"t", 0, nullptr, nullptr, 0));
  REQUIRE(queryDword(session, WINHTTP_OPTION_RESOLVE_TIMEOUT) == 0);
  REQUIRE(queryDword(session, WINHTTP_OPTION_CONNECT_TIMEOUT) == 60000);
  REQUIRE(queryDword(session, WINHTTP_OPTION_SEND_TIMEOUT) == 30000);
  REQUIRE(queryDword(session, WINHTTP_OPTION_RECEIVE_TIMEOUT) == 30000);
  REQUIRE(queryDword(session, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT) == ~0u);

  for (int bad = 0; bad < 4; ++bad) {
    int t[4] = {0, 0, 0, 0};
    t[bad] = -2;
    REQUIRE_FALSE(WinHttpSetTimeouts(session, t[0], t[1], t[2], t[3]));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  }
  SetLastError(0xdeadbeef);
  REQUIRE(WinHttpSetTimeouts(session, -1, -1, -1, -1));
  REQUIRE(GetLastError() == ERROR_SUCCESS);
  REQUIRE(WinHttpSetTimeouts(session, 0x0123, 0x4567, 0x89ab, 0xcdef));
  REQUIRE(queryDword(session, WINHTTP_OPTION_RESOLVE_TIMEOUT) == 0x0123);
  REQUIRE(queryDword(session, WINHTTP_OPTION_CONNECT_TIMEOUT) == 0x4567);
  REQUIRE(queryDword(session, WINHTTP_OPTION_SEND_TIMEOUT) == 0x89ab);
  REQUIRE(queryDword(session, WINHTTP_OPTION_RECEIVE_TIMEOUT) == 0xcdef);
  REQUIRE_FALSE(WinHttpSetTimeouts(nullptr, 0, 0, 0, 0));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);

  Handle connect(WinHttpConnect(session, L"127.0.0.1", httpPort(), 0));
  SECTION("connections show their session's values, live, and take none") {
    REQUIRE(queryDword(connect, WINHTTP_OPTION_CONNECT_TIMEOUT) == 0x4567);
    setDword(session, WINHTTP_OPTION_CONNECT_TIMEOUT, 0xdead);
    REQUIRE(queryDword(connect, WINHTTP_OPTION_CONNECT_TIMEOUT) == 0xdead);
    REQUIRE_FALSE(WinHttpSetTimeouts(connect, -2, 0, 0, 0));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
    REQUIRE_FALSE(WinHttpSetTimeouts(connect, 0, 0, 0, 0));
    REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    for (DWORD option : {WINHTTP_OPTION_RESOLVE_TIMEOUT, WINHTTP_OPTION_CONNECT_TIMEOUT, WINHTTP_OPTION_SEND_TIMEOUT,
                         WINHTTP_OPTION_RECEIVE_TIMEOUT, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT}) {
      DWORD value = 0;
      REQUIRE_FALSE(WinHttpSetOption(connect, option, &value, sizeof(value)));
      REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    }
  }
  SECTION("requests copy their session's values, then go their own way") {
    setDword(session, WINHTTP_OPTION_RECEIVE_TIMEOUT, 0xdead);
    Handle request(WinHttpOpenRequest(connect, nullptr, nullptr, nullptr, nullptr, nullptr, 0));
    REQUIRE(queryDword(request, WINHTTP_OPTION_RECEIVE_TIMEOUT) == 0xdead);
    REQUIRE(WinHttpSetTimeouts(request, 0xcdef, 0x89ab, 0x4567, 0x0123));
    REQUIRE(queryDword(request, WINHTTP_OPTION_RESOLVE_TIMEOUT) == 0xcdef);
    REQUIRE(queryDword(request, WINHTTP_OPTION_RECEIVE_TIMEOUT) == 0x0123);
    REQUIRE(queryDword(session, WINHTTP_OPTION_RECEIVE_TIMEOUT) == 0xdead);
    setDword(session, WINHTTP_OPTION_SEND_TIMEOUT, 0xbeef);
    REQUIRE(queryDword(request, WINHTTP_OPTION_SEND_TIMEOUT) == 0x4567);
    // The response timeout reads as at least the receive timeout.
    setDword(request, WINHTTP_OPTION_RECEIVE_TIMEOUT, 0xbeefdead);
    setDword(request, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT, 30000);
    REQUIRE(queryDword(request, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT) == 0xbeefdead);
    setDword(session, WINHTTP_OPTION_RECEIVE_TIMEOUT, 48879);
    setDword(session, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT, 48878);
    REQUIRE(queryDword(session, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT) == 48879);
    setDword(session, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT, 48880);
    REQUIRE(queryDword(session, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT) == 48880);
  }
}

TEST_CASE("WinHTTP options: strings are set in characters and read in bytes") {
  Chain c(L"localhost", httpPort(), L"/hello.txt");
  wchar_t buffer[32];
  DWORD size = sizeof(buffer);
  REQUIRE(WinHttpQueryOption(c.request, WINHTTP_OPTION_PROXY_USERNAME, buffer, &size));
  REQUIRE(size == 0);
  REQUIRE(buffer[0] == 0);
  REQUIRE(WinHttpSetOption(c.request, WINHTTP_OPTION_PROXY_USERNAME, const_cast<wchar_t*>(L"proxyuser"), 9));
  REQUIRE(WinHttpSetOption(c.request, WINHTTP_OPTION_USERNAME, const_cast<wchar_t*>(L"user"), 4));
  REQUIRE(WinHttpSetOption(c.request, WINHTTP_OPTION_PASSWORD, const_cast<wchar_t*>(L"pass"), 4));
  size = sizeof(buffer);
  REQUIRE(WinHttpQueryOption(c.request, WINHTTP_OPTION_PROXY_USERNAME, buffer, &size));
  REQUIRE(std::wstring(buffer) == L"proxyuser");
  REQUIRE(size == 9 * sizeof(wchar_t));
  REQUIRE(queryText(c.request, WINHTTP_OPTION_USERNAME) == L"user");
  REQUIRE(queryText(c.request, WINHTTP_OPTION_PASSWORD) == L"pass");
  REQUIRE(queryText(c.request, WINHTTP_OPTION_PROXY_PASSWORD).empty());
  size = 4 * sizeof(wchar_t);  // no room for the terminator
  REQUIRE_FALSE(WinHttpQueryOption(c.request, WINHTTP_OPTION_USERNAME, buffer, &size));
  REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == 5 * sizeof(wchar_t));

  REQUIRE(queryText(c.session, WINHTTP_OPTION_USER_AGENT) == L"hinternet-options");
  // A length that counts the terminator is fine too.
  REQUIRE(WinHttpSetOption(c.session, WINHTTP_OPTION_USER_AGENT, const_cast<wchar_t*>(L"agent/2"), 8));
  REQUIRE(queryText(c.session, WINHTTP_OPTION_USER_AGENT) == L"agent/2");
  REQUIRE(queryText(c.request, WINHTTP_OPTION_URL) == L"http://localhost:" + std::to_wstring(httpPort()) +
                                                         L"/hello.txt");
}

TEST_CASE("WinHTTP options: context, callback, proxy and HTTP version values") {
  Chain c(L"127.0.0.1", httpPort(), L"/");
  SECTION("CONTEXT_VALUE is pointer-sized and inherited by new handles") {
    DWORD_PTR context = 0x1234;
    REQUIRE_FALSE(WinHttpSetOption(c.session, WINHTTP_OPTION_CONTEXT_VALUE, &context, sizeof(DWORD_PTR) + 1));
    REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
    REQUIRE(WinHttpSetOption(c.session, WINHTTP_OPTION_CONTEXT_VALUE, &context, sizeof(context)));
    Handle connect(WinHttpConnect(c.session, L"127.0.0.1", httpPort(), 0));
    DWORD_PTR read = 0;
    DWORD size = sizeof(read);
    REQUIRE(WinHttpQueryOption(connect, WINHTTP_OPTION_CONTEXT_VALUE, &read, &size));
    REQUIRE(read == 0x1234);
    REQUIRE(size == sizeof(DWORD_PTR));
  }
  SECTION("CALLBACK reads what WinHttpSetStatusCallback set") {
    WINHTTP_STATUS_CALLBACK function = ignoreStatus;
    WinHttpSetStatusCallback(c.request, function, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    void* read = nullptr;
    DWORD size = sizeof(read);
    REQUIRE(WinHttpQueryOption(c.request, WINHTTP_OPTION_CALLBACK, &read, &size));
    REQUIRE(read == reinterpret_cast<void*>(function));
  }
  SECTION("PROXY round-trips on sessions and requests") {
    WINHTTP_PROXY_INFO info{WINHTTP_ACCESS_TYPE_NAMED_PROXY, const_cast<LPWSTR>(L"proxy.invalid:8080"),
                            const_cast<LPWSTR>(L"<local>")};
    DWORD size = sizeof(info) - 1;
    REQUIRE_FALSE(WinHttpSetOption(c.request, WINHTTP_OPTION_PROXY, &info, size));
    REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
    REQUIRE(WinHttpSetOption(c.request, WINHTTP_OPTION_PROXY, &info, sizeof(info)));
    WINHTTP_PROXY_INFO read{};
    size = sizeof(read);
    REQUIRE(WinHttpQueryOption(c.request, WINHTTP_OPTION_PROXY, &read, &size));
    REQUIRE(read.dwAccessType == WINHTTP_ACCESS_TYPE_NAMED_PROXY);
    REQUIRE(std::wstring(read.lpszProxy) == L"proxy.invalid:8080");
    REQUIRE(std::wstring(read.lpszProxyBypass) == L"<local>");
    GlobalFree(read.lpszProxy);
    GlobalFree(read.lpszProxyBypass);
    REQUIRE(WinHttpQueryOption(c.session, WINHTTP_OPTION_PROXY, &read, &size));
    REQUIRE(read.dwAccessType == WINHTTP_ACCESS_TYPE_NO_PROXY);
    REQUIRE(read.lpszProxy == nullptr);
    info.dwAccessType = 0x1234;
    REQUIRE_FALSE(WinHttpSetOption(c.session, WINHTTP_OPTION_PROXY, &info, sizeof(info)));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  }
  SECTION("HTTP_VERSION is process-wide and a request's own") {
    HTTP_VERSION_INFO version{};
    DWORD size = sizeof(version);
    REQUIRE(WinHttpQueryOption(nullptr, WINHTTP_OPTION_HTTP_VERSION, &version, &size));
    REQUIRE(version.dwMajorVersion == 1);
    REQUIRE(version.dwMinorVersion == 1);
    version = {1, 0};
    REQUIRE(WinHttpSetOption(c.request, WINHTTP_OPTION_HTTP_VERSION, &version, sizeof(version)));
    version = {};
    REQUIRE(WinHttpQueryOption(c.request, WINHTTP_OPTION_HTTP_VERSION, &version, &size));
    REQUIRE(version.dwMinorVersion == 0);
    REQUIRE(WinHttpQueryOption(c.session, WINHTTP_OPTION_HTTP_VERSION, &version, &size));
    REQUIRE(version.dwMinorVersion == 1);
  }
}

TEST_CASE("WinHTTP options: security options of requests") {
  Chain plain(L"localhost", httpsPort(), L"/");
  REQUIRE_FALSE(WinHttpSetOption(plain.request, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, WINHTTP_NO_CLIENT_CERT_CONTEXT, 0));
  REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
  WINHTTP_CONNECTION_INFO info;
  DWORD size = sizeof(info);
  REQUIRE_FALSE(WinHttpQueryOption(plain.request, WINHTTP_OPTION_CONNECTION_INFO, &info, &size));
  REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
  PCCERT_CONTEXT certificate = nullptr;
  size = sizeof(certificate);
  REQUIRE_FALSE(WinHttpQueryOption(plain.request, WINHTTP_OPTION_SERVER_CERT_CONTEXT, &certificate, &size));
  REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);

  Chain secure(L"localhost", httpsPort(), L"/", WINHTTP_FLAG_SECURE);
  REQUIRE(queryDword(secure.request, WINHTTP_OPTION_SECURITY_FLAGS) == 0);
  for (DWORD flags : {DWORD(SECURITY_FLAG_SECURE), DWORD(SECURITY_FLAG_STRENGTH_STRONG)}) {
    REQUIRE_FALSE(WinHttpSetOption(secure.request, WINHTTP_OPTION_SECURITY_FLAGS, &flags, sizeof(flags)));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  }
  setDword(secure.request, WINHTTP_OPTION_SECURITY_FLAGS,
           SECURITY_FLAG_IGNORE_UNKNOWN_CA | SECURITY_FLAG_IGNORE_CERT_DATE_INVALID | SECURITY_FLAG_IGNORE_CERT_CN_INVALID);
  REQUIRE(queryDword(secure.request, WINHTTP_OPTION_SECURITY_FLAGS) ==
          (SECURITY_FLAG_IGNORE_UNKNOWN_CA | SECURITY_FLAG_IGNORE_CERT_DATE_INVALID | SECURITY_FLAG_IGNORE_CERT_CN_INVALID));
  setDword(secure.request, WINHTTP_OPTION_SECURITY_FLAGS, 0);
  REQUIRE(WinHttpSetOption(secure.request, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, WINHTTP_NO_CLIENT_CERT_CONTEXT, 0));
  DWORD tooShort = 0;
  REQUIRE_FALSE(WinHttpSetOption(secure.request, WINHTTP_OPTION_CLIENT_CERT_CONTEXT, &tooShort, sizeof(tooShort)));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
}
