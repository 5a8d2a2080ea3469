// InternetQueryOption / InternetSetOption: the buffer rules, the handle
// kinds each option takes, bad input, and each option's effect on a real
// request where it has one.
#include <catch.hpp>
#include <windows.h>
#include <wincrypt.h>
#include <wininet.h>

#include <cstring>
#include <string>
#include <vector>

#include "test_servers.h"
#include "wininet_helpers.h"

namespace {

// A session, a connect handle and an unsent request to host:port.
struct Handles {
  InetHandle session;
  InetHandle connect;
  InetHandle request;
  Handles(const char* host, INTERNET_PORT port, const char* path = "/echo", DWORD flags = 0)
      : session(InternetOpenA("hinternet-options", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0)),
        connect(InternetConnectA(session, host, port, nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0x11)),
        request(HttpOpenRequestA(connect, "GET", path, nullptr, nullptr, nullptr, flags, 0x22)) {
    REQUIRE(session.h);
    REQUIRE(connect.h);
    REQUIRE(request.h);
  }
};

DWORD queryDword(HINTERNET handle, DWORD option) {
  DWORD value = 0xdeadbeef, size = sizeof(value);
  REQUIRE(InternetQueryOptionA(handle, option, &value, &size));
  REQUIRE(size == sizeof(value));
  return value;
}

void setDword(HINTERNET handle, DWORD option, DWORD value) {
  REQUIRE(InternetSetOptionA(handle, option, &value, sizeof(value)));
}

// The error of a call expected to fail.
template <class F>
DWORD failure(F call) {
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(call());
  return GetLastError();
}

// Restores a process-wide number when the test ends.
struct SavedGlobal {
  DWORD option, value;
  explicit SavedGlobal(DWORD id) : option(id), value(queryDword(nullptr, id)) {}
  ~SavedGlobal() { InternetSetOptionA(nullptr, option, &value, sizeof(value)); }
};

std::string echoedHeader(const std::string& echo, const std::string& name) {
  const std::size_t at = echo.find("\r\n" + name + ": ");
  if (at == std::string::npos) return std::string();
  const std::size_t start = at + name.size() + 4;
  return echo.substr(start, echo.find("\r\n", start) - start);
}

}  // namespace

TEST_CASE("WinINet options: unknown options, bad handles and missing lengths") {
  Handles h("127.0.0.1", edgePort());
  char buffer[64];
  DWORD size = sizeof(buffer);
  REQUIRE(failure([&] { return InternetQueryOptionA(h.session, 0xdeadbeef, buffer, &size); }) ==
          ERROR_INTERNET_INVALID_OPTION);
  REQUIRE(failure([&] { return InternetQueryOptionW(nullptr, 0xdeadbeef, buffer, &size); }) ==
          ERROR_INTERNET_INVALID_OPTION);
  REQUIRE(failure([&] { return InternetSetOptionA(nullptr, 0xdeadbeef, buffer, sizeof(buffer)); }) ==
          ERROR_INTERNET_INVALID_OPTION);
  REQUIRE(failure([&] { return InternetSetOptionW(h.request, 0xdeadbeef, buffer, sizeof(buffer)); }) ==
          ERROR_INTERNET_INVALID_OPTION);
  REQUIRE(failure([&] { return InternetQueryOptionA(h.session, INTERNET_OPTION_CONNECT_TIMEOUT, buffer, nullptr); }) ==
          ERROR_INVALID_PARAMETER);
  const HINTERNET bogus = reinterpret_cast<HINTERNET>(0x4321);
  REQUIRE(failure([&] { return InternetQueryOptionA(bogus, INTERNET_OPTION_CONNECT_TIMEOUT, buffer, &size); }) ==
          ERROR_INVALID_HANDLE);
  REQUIRE(failure([&] { return InternetSetOptionW(bogus, INTERNET_OPTION_CONNECT_TIMEOUT, buffer, 4); }) ==
          ERROR_INVALID_HANDLE);
  // A closed handle is no handle.
  HINTERNET closed = InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0);
  REQUIRE(InternetCloseHandle(closed));
  REQUIRE(failure([&] { return InternetQueryOptionA(closed, INTERNET_OPTION_HANDLE_TYPE, buffer, &size); }) ==
          ERROR_INVALID_HANDLE);
  // Read-only options cannot be set; set-only ones cannot be read.
  DWORD value = 1;
  REQUIRE(failure([&] { return InternetSetOptionA(h.request, INTERNET_OPTION_HANDLE_TYPE, &value, 4); }) ==
          ERROR_INTERNET_OPTION_NOT_SETTABLE);
  REQUIRE(failure([&] { return InternetSetOptionA(h.request, INTERNET_OPTION_URL, buffer, 4); }) ==
          ERROR_INTERNET_OPTION_NOT_SETTABLE);
  REQUIRE(failure([&] { return InternetSetOptionA(nullptr, INTERNET_OPTION_VERSION, buffer, 8); }) ==
          ERROR_INTERNET_OPTION_NOT_SETTABLE);
  size = sizeof(buffer);
  REQUIRE(failure([&] { return InternetQueryOptionA(nullptr, INTERNET_OPTION_SETTINGS_CHANGED, buffer, &size); }) ==
          ERROR_INTERNET_INVALID_OPTION);
  // INTERNET_OPTION_POLICY is gone: refused whatever the arguments.
  REQUIRE(failure([&] { return InternetSetOptionW(h.session, INTERNET_OPTION_POLICY, nullptr, 0); }) ==
          ERROR_INVALID_PARAMETER);
  size = sizeof(buffer);
  REQUIRE(failure([&] { return InternetQueryOptionW(h.session, INTERNET_OPTION_POLICY, buffer, &size); }) ==
          ERROR_INVALID_PARAMETER);
}

TEST_CASE("WinINet options: numbers need a DWORD, exactly") {
  Handles h("127.0.0.1", edgePort());
  DWORD value = 0xdeadbeef, size = sizeof(value) - 1;
  REQUIRE(failure([&] { return InternetQueryOptionA(h.request, INTERNET_OPTION_CONNECT_TIMEOUT, &value, &size); }) ==
          ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == sizeof(DWORD));
  REQUIRE(value == 0xdeadbeef);
  size = sizeof(DWORD);
  REQUIRE(failure([&] { return InternetQueryOptionW(h.request, INTERNET_OPTION_CONNECT_TIMEOUT, nullptr, &size); }) ==
          ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == sizeof(DWORD));
  BYTE big[8] = {};
  REQUIRE(failure([&] { return InternetSetOptionA(h.request, INTERNET_OPTION_CONNECT_TIMEOUT, big, 3); }) ==
          ERROR_INTERNET_BAD_OPTION_LENGTH);
  REQUIRE(failure([&] { return InternetSetOptionW(h.request, INTERNET_OPTION_CONNECT_TIMEOUT, big, 5); }) ==
          ERROR_INTERNET_BAD_OPTION_LENGTH);
  REQUIRE(failure([&] { return InternetSetOptionA(h.request, INTERNET_OPTION_CONNECT_TIMEOUT, nullptr, 4); }) ==
          ERROR_INVALID_PARAMETER);
  // A bigger buffer is fine for a query; the size says what was written.
  size = sizeof(big);
  REQUIRE(InternetQueryOptionW(h.request, INTERNET_OPTION_CONNECT_TIMEOUT, big, &size));
  REQUIRE(size == sizeof(DWORD));
}

TEST_CASE("WinINet options: timeouts have Windows' defaults and pass from the process to new handles") {
  SavedGlobal connectTimeout(INTERNET_OPTION_CONNECT_TIMEOUT);
  REQUIRE(queryDword(nullptr, INTERNET_OPTION_CONNECT_RETRIES) == 5);
  {
    Handles h("127.0.0.1", edgePort());
    for (HINTERNET handle : {h.session.h, h.connect.h, h.request.h}) {
      REQUIRE(queryDword(handle, INTERNET_OPTION_SEND_TIMEOUT) == 30000);
      REQUIRE(queryDword(handle, INTERNET_OPTION_RECEIVE_TIMEOUT) == 30000);
      REQUIRE(queryDword(handle, INTERNET_OPTION_DATA_SEND_TIMEOUT) == 30000);
      REQUIRE(queryDword(handle, INTERNET_OPTION_DATA_RECEIVE_TIMEOUT) == 30000);
    }
  }
  setDword(nullptr, INTERNET_OPTION_CONNECT_TIMEOUT, 12345);
  REQUIRE(queryDword(nullptr, INTERNET_OPTION_CONNECT_TIMEOUT) == 12345);
  Handles h("127.0.0.1", edgePort());
  REQUIRE(queryDword(h.session, INTERNET_OPTION_CONNECT_TIMEOUT) == 12345);
  REQUIRE(queryDword(h.request, INTERNET_OPTION_CONNECT_TIMEOUT) == 12345);
  // A handle's own value is its own.
  setDword(h.session, INTERNET_OPTION_CONNECT_TIMEOUT, 1);
  REQUIRE(queryDword(h.session, INTERNET_OPTION_CONNECT_TIMEOUT) == 1);
  REQUIRE(queryDword(nullptr, INTERNET_OPTION_CONNECT_TIMEOUT) == 12345);
  REQUIRE(queryDword(h.request, INTERNET_OPTION_CONNECT_TIMEOUT) == 12345);
  setDword(h.request, INTERNET_OPTION_RECEIVE_TIMEOUT, 777);
  REQUIRE(queryDword(h.request, INTERNET_OPTION_RECEIVE_TIMEOUT) == 777);
  REQUIRE(queryDword(h.connect, INTERNET_OPTION_RECEIVE_TIMEOUT) == 30000);
}

TEST_CASE("WinINet options: a receive timeout ends a send the server never answers") {
  Handles h("127.0.0.1", edgePort(), "/stall/20");
  setDword(h.request, INTERNET_OPTION_RECEIVE_TIMEOUT, 300);
  REQUIRE(failure([&] { return HttpSendRequestA(h.request, nullptr, 0, nullptr, 0); }) == ERROR_INTERNET_TIMEOUT);
}

TEST_CASE("WinINet options: a refused connection fails at once whatever the connect timeout") {
  // Nothing listens on port 1: the connection is refused, whatever the limit.
  Handles h("127.0.0.1", 1);
  setDword(h.request, INTERNET_OPTION_CONNECT_TIMEOUT, 2000);
  REQUIRE(failure([&] { return HttpSendRequestA(h.request, nullptr, 0, nullptr, 0); }) ==
          ERROR_INTERNET_CANNOT_CONNECT);
}

TEST_CASE("WinINet options: the user agent, A and W, with Windows' sizes") {
  InetHandle session(InternetOpenA("Wininet Test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  const std::string agent = "Wininet Test";
  char text[64];
  DWORD size = 0;
  REQUIRE(failure([&] { return InternetQueryOptionA(session, INTERNET_OPTION_USER_AGENT, nullptr, &size); }) ==
          ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == agent.size() + 1);
  size = static_cast<DWORD>(agent.size());
  REQUIRE(failure([&] { return InternetQueryOptionA(session, INTERNET_OPTION_USER_AGENT, text, &size); }) ==
          ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == agent.size() + 1);
  REQUIRE(InternetQueryOptionA(session, INTERNET_OPTION_USER_AGENT, text, &size));
  REQUIRE(text == agent);
  REQUIRE(size == agent.size());

  wchar_t wide[64];
  size = 0;
  REQUIRE(failure([&] { return InternetQueryOptionW(session, INTERNET_OPTION_USER_AGENT, wide, &size); }) ==
          ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == (agent.size() + 1) * sizeof(wchar_t));
  REQUIRE(InternetQueryOptionW(session, INTERNET_OPTION_USER_AGENT, wide, &size));
  REQUIRE(std::wstring(wide) == L"Wininet Test");
  REQUIRE(size == agent.size());  // characters, on success

  // Only sessions have one.
  InetHandle connect(InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  size = 0;
  REQUIRE(failure([&] { return InternetQueryOptionA(connect, INTERNET_OPTION_USER_AGENT, nullptr, &size); }) ==
          ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  REQUIRE(size == 0);
  REQUIRE(failure([&] { return InternetQueryOptionA(nullptr, INTERNET_OPTION_USER_AGENT, nullptr, &size); }) ==
          ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  REQUIRE(failure([&] { return InternetSetOptionA(connect, INTERNET_OPTION_USER_AGENT, text, 3); }) ==
          ERROR_INTERNET_INCORRECT_HANDLE_TYPE);

  // An empty agent still takes its terminator.
  InetHandle empty(InternetOpenA("", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  size = 0;
  REQUIRE(failure([&] { return InternetQueryOptionA(empty, INTERNET_OPTION_USER_AGENT, nullptr, &size); }) ==
          ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == 1);

  // The W set takes the length in characters; requests send the new agent.
  const wchar_t newAgent[] = L"hinternet-agent/2";
  REQUIRE(InternetSetOptionW(session, INTERNET_OPTION_USER_AGENT, const_cast<wchar_t*>(newAgent),
                             static_cast<DWORD>(wcslen(newAgent))));
  InetHandle request(HttpOpenRequestA(connect, "GET", "/echo", nullptr, nullptr, nullptr, 0, 0));
  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(echoedHeader(readAll(request), "User-Agent") == "hinternet-agent/2");
}

TEST_CASE("WinINet options: handle type, parent, context, request flags, URL and versions") {
  Handles h("127.0.0.1", edgePort(), "/echo?x=1");
  REQUIRE(queryDword(h.session, INTERNET_OPTION_HANDLE_TYPE) == INTERNET_HANDLE_TYPE_INTERNET);
  REQUIRE(queryDword(h.connect, INTERNET_OPTION_HANDLE_TYPE) == INTERNET_HANDLE_TYPE_CONNECT_HTTP);
  REQUIRE(queryDword(h.request, INTERNET_OPTION_HANDLE_TYPE) == INTERNET_HANDLE_TYPE_HTTP_REQUEST);
  DWORD size = sizeof(DWORD);
  DWORD value;
  REQUIRE(failure([&] { return InternetQueryOptionA(nullptr, INTERNET_OPTION_HANDLE_TYPE, &value, &size); }) ==
          ERROR_INTERNET_INCORRECT_HANDLE_TYPE);

  HINTERNET parent = nullptr;
  size = sizeof(parent);
  REQUIRE(InternetQueryOptionA(h.request, INTERNET_OPTION_PARENT_HANDLE, &parent, &size));
  REQUIRE(parent == h.connect.h);
  REQUIRE(size == sizeof(HINTERNET));

  DWORD_PTR context = 0;
  size = sizeof(context);
  REQUIRE(InternetQueryOptionW(h.request, INTERNET_OPTION_CONTEXT_VALUE, &context, &size));
  REQUIRE(context == 0x22);
  size = sizeof(context);
  REQUIRE(InternetQueryOptionW(h.connect, INTERNET_OPTION_CONTEXT_VALUE, &context, &size));
  REQUIRE(context == 0x11);
  context = 0x1234;
  REQUIRE(InternetSetOptionA(h.request, INTERNET_OPTION_CONTEXT_VALUE, &context, sizeof(context)));
  context = 0;
  size = sizeof(context);
  REQUIRE(InternetQueryOptionA(h.request, INTERNET_OPTION_CONTEXT_VALUE, &context, &size));
  REQUIRE(context == 0x1234);
  // A context set on the connection is its own, not its requests'.
  context = 0x5678;
  REQUIRE(InternetSetOptionW(h.connect, INTERNET_OPTION_CONTEXT_VALUE, &context, sizeof(context)));
  InetHandle second(HttpOpenRequestA(h.connect, "GET", "/", nullptr, nullptr, nullptr, 0, 0x33));
  size = sizeof(context);
  REQUIRE(InternetQueryOptionA(second, INTERNET_OPTION_CONTEXT_VALUE, &context, &size));
  REQUIRE(context == 0x33);
  size = sizeof(context);
  REQUIRE(InternetQueryOptionA(h.connect, INTERNET_OPTION_CONTEXT_VALUE, &context, &size));
  REQUIRE(context == 0x5678);
  size = 1;
  REQUIRE(failure([&] { return InternetQueryOptionA(h.request, INTERNET_OPTION_CONTEXT_VALUE, &context, &size); }) ==
          ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == sizeof(DWORD_PTR));

  // REQUEST_FLAGS: no headers until the response is there.
  REQUIRE(queryDword(h.request, INTERNET_OPTION_REQUEST_FLAGS) == INTERNET_REQFLAG_NO_HEADERS);
  size = sizeof(DWORD);
  REQUIRE(failure([&] { return InternetQueryOptionA(h.connect, INTERNET_OPTION_REQUEST_FLAGS, nullptr, &size); }) ==
          ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  REQUIRE(size == sizeof(DWORD));
  REQUIRE(failure([&] { return InternetQueryOptionA(nullptr, INTERNET_OPTION_REQUEST_FLAGS, nullptr, &size); }) ==
          ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  REQUIRE(size == 0);

  // URL: A counts bytes, W characters; the port is there unless default.
  const std::string url = "http://127.0.0.1:" + std::to_string(edgePort()) + "/echo?x=1";
  char text[256];
  size = 4;
  REQUIRE(failure([&] { return InternetQueryOptionA(h.request, INTERNET_OPTION_URL, text, &size); }) ==
          ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == url.size() + 1);
  size = sizeof(text);
  REQUIRE(InternetQueryOptionA(h.request, INTERNET_OPTION_URL, text, &size));
  REQUIRE(text == url);
  REQUIRE(size == url.size());
  wchar_t wide[256];
  size = sizeof(wide);
  REQUIRE(InternetQueryOptionW(h.request, INTERNET_OPTION_URL, wide, &size));
  REQUIRE(size == url.size());
  REQUIRE(wide[url.size()] == 0);

  HTTP_VERSION_INFO version{};
  size = sizeof(version);
  REQUIRE(InternetQueryOptionW(h.request, INTERNET_OPTION_HTTP_VERSION, &version, &size));
  REQUIRE(version.dwMajorVersion == 1);
  REQUIRE(version.dwMinorVersion == 1);
  INTERNET_VERSION_INFO dll{};
  size = sizeof(dll) - 1;
  REQUIRE(failure([&] { return InternetQueryOptionA(nullptr, INTERNET_OPTION_VERSION, &dll, &size); }) ==
          ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == sizeof(dll));
  REQUIRE(InternetQueryOptionA(nullptr, INTERNET_OPTION_VERSION, &dll, &size));
  REQUIRE(dll.dwMajorVersion == 1);
  REQUIRE(dll.dwMinorVersion == 2);

  REQUIRE(HttpSendRequestA(h.request, nullptr, 0, nullptr, 0));
  REQUIRE(queryDword(h.request, INTERNET_OPTION_REQUEST_FLAGS) == 0);
  REQUIRE(readAll(h.request).rfind("GET /echo?x=1 HTTP/1.1\r\n", 0) == 0);
}

TEST_CASE("WinINet options: HTTP_VERSION chooses the request line's version") {
  Handles h("127.0.0.1", edgePort());
  HTTP_VERSION_INFO version{1, 0};
  REQUIRE(failure([&] { return InternetSetOptionA(h.request, INTERNET_OPTION_HTTP_VERSION, &version, 3); }) ==
          ERROR_INTERNET_BAD_OPTION_LENGTH);
  REQUIRE(InternetSetOptionA(h.request, INTERNET_OPTION_HTTP_VERSION, &version, sizeof(version)));
  REQUIRE(HttpSendRequestA(h.request, nullptr, 0, nullptr, 0));
  REQUIRE(readAll(h.request).rfind("GET /echo HTTP/1.0\r\n", 0) == 0);
  // On the NULL handle: the version of requests opened without one.
  REQUIRE(InternetSetOptionW(nullptr, INTERNET_OPTION_HTTP_VERSION, &version, sizeof(version)));
  Handles later("127.0.0.1", edgePort());
  version = HTTP_VERSION_INFO{1, 1};
  REQUIRE(InternetSetOptionW(nullptr, INTERNET_OPTION_HTTP_VERSION, &version, sizeof(version)));
  REQUIRE(HttpSendRequestA(later.request, nullptr, 0, nullptr, 0));
  REQUIRE(readAll(later.request).rfind("GET /echo HTTP/1.0\r\n", 0) == 0);
}

TEST_CASE("WinINet options: connection limits are process-wide") {
  SavedGlobal perServer(INTERNET_OPTION_MAX_CONNS_PER_SERVER);
  SavedGlobal per10Server(INTERNET_OPTION_MAX_CONNS_PER_1_0_SERVER);
  REQUIRE(queryDword(nullptr, INTERNET_OPTION_MAX_CONNS_PER_SERVER) > 0);
  REQUIRE(queryDword(nullptr, INTERNET_OPTION_MAX_CONNS_PER_1_0_SERVER) > 0);
  InetHandle session(InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  DWORD value = 2, size = sizeof(value);
  REQUIRE(failure([&] { return InternetQueryOptionA(session, INTERNET_OPTION_MAX_CONNS_PER_SERVER, &value, &size); }) ==
          ERROR_INTERNET_INVALID_OPERATION);
  REQUIRE(failure([&] { return InternetSetOptionA(session, INTERNET_OPTION_MAX_CONNS_PER_SERVER, &value, 4); }) ==
          ERROR_INTERNET_INVALID_OPERATION);
  value = 0;
  REQUIRE(failure([&] { return InternetSetOptionA(nullptr, INTERNET_OPTION_MAX_CONNS_PER_SERVER, &value, 4); }) ==
          ERROR_BAD_ARGUMENTS);
  value = 2;
  REQUIRE(failure([&] { return InternetSetOptionA(nullptr, INTERNET_OPTION_MAX_CONNS_PER_SERVER, &value, 3); }) ==
          ERROR_INTERNET_BAD_OPTION_LENGTH);
  REQUIRE(failure([&] { return InternetSetOptionA(nullptr, INTERNET_OPTION_MAX_CONNS_PER_SERVER, &value, 5); }) ==
          ERROR_INTERNET_BAD_OPTION_LENGTH);
  setDword(nullptr, INTERNET_OPTION_MAX_CONNS_PER_SERVER, 3);
  REQUIRE(queryDword(nullptr, INTERNET_OPTION_MAX_CONNS_PER_SERVER) == 3);

  // With one connection allowed, a second request waits for the first's
  // connection even while the first's body is still arriving: both use one
  // connection. (Without the limit the second would open its own.)
  setDword(nullptr, INTERNET_OPTION_MAX_CONNS_PER_SERVER, 1);
  InetHandle connect(InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  auto connectionId = [](HINTERNET request) {
    char id[32] = "X-Connection-Id";
    DWORD length = sizeof(id);
    REQUIRE(HttpQueryInfoA(request, HTTP_QUERY_CUSTOM, id, &length, nullptr));
    return std::string(id);
  };
  InetHandle slow(HttpOpenRequestA(connect, "GET", "/slow/8192/100", nullptr, nullptr, nullptr, 0, 0));
  REQUIRE(HttpSendRequestA(slow, nullptr, 0, nullptr, 0));
  InetHandle next(HttpOpenRequestA(connect, "GET", "/echo", nullptr, nullptr, nullptr, 0, 0));
  REQUIRE(HttpSendRequestA(next, nullptr, 0, nullptr, 0));
  REQUIRE(connectionId(next) == connectionId(slow));
  REQUIRE(readAll(slow).size() == 8192);
  readAll(next);
}

TEST_CASE("WinINet options: error mask, settings changes, refresh and browser sessions") {
  Handles h("127.0.0.1", edgePort());
  ULONG mask = 11;
  REQUIRE(failure([&] { return InternetSetOptionA(nullptr, INTERNET_OPTION_ERROR_MASK, &mask, sizeof(mask)); }) ==
          ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  DWORD size = sizeof(mask);
  REQUIRE(failure([&] { return InternetQueryOptionW(nullptr, INTERNET_OPTION_ERROR_MASK, &mask, &size); }) ==
          ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  REQUIRE(failure([&] { return InternetSetOptionA(h.request, INTERNET_OPTION_ERROR_MASK, &mask, 20); }) ==
          ERROR_INTERNET_BAD_OPTION_LENGTH);
  REQUIRE(InternetSetOptionA(h.request, INTERNET_OPTION_ERROR_MASK, &mask, sizeof(mask)));
  REQUIRE(queryDword(h.request, INTERNET_OPTION_ERROR_MASK) == 11);
  for (ULONG bad : {4ul, 16ul}) {
    REQUIRE(failure([&] { return InternetSetOptionA(h.request, INTERNET_OPTION_ERROR_MASK, &bad, sizeof(bad)); }) ==
            ERROR_INVALID_PARAMETER);
  }

  for (HINTERNET handle : {static_cast<HINTERNET>(nullptr), h.session.h, h.connect.h, h.request.h}) {
    REQUIRE(InternetSetOptionA(handle, INTERNET_OPTION_SETTINGS_CHANGED, nullptr, 0));
    REQUIRE(InternetSetOptionW(handle, INTERNET_OPTION_PROXY_SETTINGS_CHANGED, nullptr, 0));
  }
  REQUIRE(InternetSetOptionA(h.session, INTERNET_OPTION_REFRESH, nullptr, 0));
  REQUIRE(InternetSetOptionA(nullptr, INTERNET_OPTION_REFRESH, nullptr, 0));
  REQUIRE(failure([&] { return InternetSetOptionA(h.request, INTERNET_OPTION_REFRESH, nullptr, 0); }) ==
          ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  REQUIRE(failure([&] { return InternetSetOptionA(h.connect, INTERNET_OPTION_REFRESH, nullptr, 0); }) ==
          ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  REQUIRE(InternetSetOptionA(nullptr, INTERNET_OPTION_END_BROWSER_SESSION, nullptr, 0));

  // InternetSetOptionEx takes ISO_GLOBAL / ISO_REGISTRY and nothing else.
  DWORD value = 4321;
  REQUIRE(InternetSetOptionExA(h.request, INTERNET_OPTION_SEND_TIMEOUT, &value, sizeof(value), ISO_GLOBAL));
  REQUIRE(queryDword(h.request, INTERNET_OPTION_SEND_TIMEOUT) == 4321);
  REQUIRE(failure([&] {
            return InternetSetOptionExW(h.request, INTERNET_OPTION_SEND_TIMEOUT, &value, sizeof(value), 0x100);
          }) == ERROR_INVALID_PARAMETER);
}

TEST_CASE("WinINet options: credentials live on the connect handle") {
  InetHandle session(InternetOpenW(L"t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle connect(InternetConnectW(session, L"127.0.0.1", edgePort(), L"alice", L"secret", INTERNET_SERVICE_HTTP,
                                      0, 0));
  InetHandle request(HttpOpenRequestW(connect, L"GET", L"/echo", nullptr, nullptr, nullptr, 0, 0));
  char text[64];
  DWORD size = sizeof(text);
  REQUIRE(InternetQueryOptionA(connect, INTERNET_OPTION_USERNAME, text, &size));
  REQUIRE(std::string(text) == "alice");
  size = sizeof(text);
  REQUIRE(InternetQueryOptionA(request, INTERNET_OPTION_PASSWORD, text, &size));
  REQUIRE(std::string(text) == "secret");
  REQUIRE(size == 6);
  // Set through the request, the connection's change too.
  REQUIRE(InternetSetOptionA(request, INTERNET_OPTION_USERNAME, const_cast<char*>("bob"), 3));
  REQUIRE(InternetSetOptionW(connect, INTERNET_OPTION_PROXY_USERNAME, const_cast<wchar_t*>(L"proxy-user"), 10));
  REQUIRE(InternetSetOptionW(request, INTERNET_OPTION_PROXY_PASSWORD, const_cast<wchar_t*>(L"proxy-pass"), 0));
  wchar_t wide[64];
  size = sizeof(wide);
  REQUIRE(InternetQueryOptionW(connect, INTERNET_OPTION_USERNAME, wide, &size));
  REQUIRE(std::wstring(wide) == L"bob");
  REQUIRE(size == 3);
  size = sizeof(wide);
  REQUIRE(InternetQueryOptionW(request, INTERNET_OPTION_PROXY_USERNAME, wide, &size));
  REQUIRE(std::wstring(wide) == L"proxy-user");
  size = sizeof(wide);
  REQUIRE(InternetQueryOptionW(connect, INTERNET_OPTION_PROXY_PASSWORD, wide, &size));
  REQUIRE(std::wstring(wide) == L"proxy-pass");
  size = sizeof(text);
  REQUIRE(failure([&] { return InternetQueryOptionA(session, INTERNET_OPTION_USERNAME, text, &size); }) ==
          ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  REQUIRE(failure([&] { return InternetSetOptionA(nullptr, INTERNET_OPTION_PASSWORD, text, 1); }) ==
          ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
}

TEST_CASE("WinINet options: security flags and the server's certificate") {
  Handles h("localhost", httpsPort(), "/hello.txt", INTERNET_FLAG_SECURE);
  REQUIRE(queryDword(h.request, INTERNET_OPTION_SECURITY_FLAGS) == 0);
  DWORD flags = SECURITY_FLAG_IGNORE_REVOCATION;
  REQUIRE(InternetSetOptionA(h.request, INTERNET_OPTION_SECURITY_FLAGS, &flags, sizeof(flags)));
  flags = SECURITY_FLAG_IGNORE_WRONG_USAGE;
  REQUIRE(InternetSetOptionW(h.request, INTERNET_OPTION_SECURITY_FLAGS, &flags, sizeof(flags)));
  REQUIRE(queryDword(h.request, INTERNET_OPTION_SECURITY_FLAGS) ==
          (SECURITY_FLAG_IGNORE_REVOCATION | SECURITY_FLAG_IGNORE_WRONG_USAGE));
  REQUIRE(failure([&] { return InternetSetOptionA(h.request, INTERNET_OPTION_SECURITY_FLAGS, &flags, 2); }) ==
          ERROR_INVALID_PARAMETER);
  REQUIRE(failure([&] { return InternetSetOptionA(h.session, INTERNET_OPTION_SECURITY_FLAGS, &flags, 4); }) ==
          ERROR_INTERNET_INCORRECT_HANDLE_TYPE);

  INTERNET_CERTIFICATE_INFO info{};
  DWORD size = sizeof(info);
  REQUIRE(failure([&] {
            return InternetQueryOptionA(h.request, INTERNET_OPTION_SECURITY_CERTIFICATE_STRUCT, &info, &size);
          }) == ERROR_INTERNET_INVALID_OPERATION);

  REQUIRE(HttpSendRequestA(h.request, nullptr, 0, nullptr, 0));
  const DWORD after = queryDword(h.request, INTERNET_OPTION_SECURITY_FLAGS);
  REQUIRE((after & SECURITY_FLAG_SECURE));
  REQUIRE((after & SECURITY_FLAG_STRENGTH_STRONG));
  REQUIRE(queryDword(h.request, INTERNET_OPTION_SECURITY_KEY_BITNESS) >= 128);

  size = sizeof(info) - 1;
  REQUIRE(failure([&] {
            return InternetQueryOptionW(h.request, INTERNET_OPTION_SECURITY_CERTIFICATE_STRUCT, &info, &size);
          }) == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == sizeof(info));
  REQUIRE(InternetQueryOptionW(h.request, INTERNET_OPTION_SECURITY_CERTIFICATE_STRUCT, &info, &size));
  // The names are ANSI even from the W export.
  const std::string subject = reinterpret_cast<const char*>(info.lpszSubjectInfo);
  REQUIRE(subject.find("localhost") != std::string::npos);
  REQUIRE(info.lpszIssuerInfo);
  REQUIRE(info.dwKeySize >= 128);
  LocalFree(info.lpszSubjectInfo);
  LocalFree(info.lpszIssuerInfo);

  PCCERT_CHAIN_CONTEXT chain = nullptr;
  size = sizeof(chain);
  REQUIRE(InternetQueryOptionA(h.request, INTERNET_OPTION_SERVER_CERT_CHAIN_CONTEXT, &chain, &size));
  REQUIRE(chain);
  REQUIRE(chain->cChain >= 1);
  PCCERT_CONTEXT leaf = chain->rgpChain[0]->rgpElement[0]->pCertContext;
  char name[128];
  CertGetNameStringA(leaf, CERT_NAME_DNS_TYPE, 0, nullptr, name, sizeof(name));
  REQUIRE(std::string(name) == "localhost");
  CertFreeCertificateChain(chain);

  // The certificate as text: ANSI, the same bytes from the W export.
  char text[2048], wideCall[2048];
  size = sizeof(text);
  SetLastError(0xdeadbeef);
  REQUIRE(InternetQueryOptionA(h.request, INTERNET_OPTION_SECURITY_CERTIFICATE, text, &size));
  REQUIRE(GetLastError() == ERROR_SUCCESS);
  REQUIRE(std::string(text).rfind("Subject:\r\n", 0) == 0);
  REQUIRE(size == std::strlen(text));
  DWORD wideSize = sizeof(wideCall);
  REQUIRE(InternetQueryOptionW(h.request, INTERNET_OPTION_SECURITY_CERTIFICATE, wideCall, &wideSize));
  REQUIRE(wideSize == size);
  REQUIRE(std::string(wideCall) == text);
  wideSize = 4;
  REQUIRE(failure([&] {
            return InternetQueryOptionW(h.request, INTERNET_OPTION_SECURITY_CERTIFICATE, wideCall, &wideSize);
          }) == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(wideSize == size + 1);
  readAll(h.request);
}

TEST_CASE("WinINet options: plain HTTP has no certificate") {
  Handles h("127.0.0.1", httpPort(), "/hello.txt");
  REQUIRE(HttpSendRequestA(h.request, nullptr, 0, nullptr, 0));
  REQUIRE(queryDword(h.request, INTERNET_OPTION_SECURITY_FLAGS) == 0);
  PCCERT_CHAIN_CONTEXT chain = nullptr;
  DWORD size = sizeof(chain);
  REQUIRE(failure([&] {
            return InternetQueryOptionA(h.request, INTERNET_OPTION_SERVER_CERT_CHAIN_CONTEXT, &chain, &size);
          }) == ERROR_INTERNET_INCORRECT_HANDLE_STATE);
  readAll(h.request);
}

TEST_CASE("WinINet options: ENABLE_HTTP_PROTOCOL asks for HTTP/2 and HTTP_PROTOCOL_USED reports it") {
  // HTTP/2 is chosen when a connection is made, and a kept-alive HTTP/1.1
  // connection to the server serves later requests: the HTTP/2 request
  // goes to [::1], which nothing else here connects to over TLS.
  for (bool http2 : {false, true}) {
    INFO(http2);
    Handles h(http2 ? "::1" : "localhost", httpsPort(), "/hello.txt", INTERNET_FLAG_SECURE);
    if (http2) setDword(h.session, INTERNET_OPTION_ENABLE_HTTP_PROTOCOL, HTTP_PROTOCOL_FLAG_HTTP2);
    InetHandle request(HttpOpenRequestA(h.connect, "GET", "/hello.txt", nullptr, nullptr, nullptr,
                                        INTERNET_FLAG_SECURE | INTERNET_FLAG_IGNORE_CERT_CN_INVALID, 0));
    REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
    REQUIRE(statusOf(request) == 200);
    REQUIRE(queryDword(request, INTERNET_OPTION_HTTP_PROTOCOL_USED) == (http2 ? HTTP_PROTOCOL_FLAG_HTTP2 : 0u));
    REQUIRE(readAll(request) == "hello from hinternet\n");
  }
  Handles h("localhost", httpsPort());
  DWORD bad = 0x10;
  REQUIRE(failure([&] { return InternetSetOptionA(h.request, INTERNET_OPTION_ENABLE_HTTP_PROTOCOL, &bad, 4); }) ==
          ERROR_INVALID_PARAMETER);
}

TEST_CASE("WinINet options: offline, requests fail as without a cache entry") {
  INTERNET_CONNECTED_INFO offline{INTERNET_STATE_DISCONNECTED_BY_USER, ISO_FORCE_DISCONNECTED};
  REQUIRE(failure([&] {
            return InternetSetOptionA(nullptr, INTERNET_OPTION_CONNECTED_STATE, &offline, sizeof(offline) - 1);
          }) == ERROR_INTERNET_BAD_OPTION_LENGTH);
  REQUIRE(InternetSetOptionA(nullptr, INTERNET_OPTION_CONNECTED_STATE, &offline, sizeof(offline)));
  REQUIRE(queryDword(nullptr, INTERNET_OPTION_CONNECTED_STATE) == INTERNET_STATE_DISCONNECTED_BY_USER);
  {
    Handles h("127.0.0.1", edgePort());
    const DWORD error = failure([&] { return HttpSendRequestA(h.request, nullptr, 0, nullptr, 0); });
    DWORD state = 0;
    const BOOL connected = InternetGetConnectedState(&state, 0);
    INTERNET_CONNECTED_INFO online{INTERNET_STATE_CONNECTED, 0};
    REQUIRE(InternetSetOptionW(nullptr, INTERNET_OPTION_CONNECTED_STATE, &online, sizeof(online)));
    REQUIRE(error == ERROR_FILE_NOT_FOUND);
    REQUIRE_FALSE(connected);
    REQUIRE((state & INTERNET_CONNECTION_OFFLINE));
  }
  REQUIRE(queryDword(nullptr, INTERNET_OPTION_CONNECTED_STATE) == INTERNET_STATE_CONNECTED);
  // Offline, a request can only come from the cache, and Windows fails one
  // that is not there with ERROR_FILE_NOT_FOUND, not ERROR_INTERNET_OFFLINE
  // (wine wininet tests, http.c: HttpSendRequest with INTERNET_FLAG_FROM_CACHE,
  // the same bit as INTERNET_FLAG_OFFLINE, after DeleteUrlCacheEntry).
  InetHandle session(InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  const std::string url = "http://127.0.0.1:" + std::to_string(edgePort()) + "/echo";
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetOpenUrlA(session, url.c_str(), nullptr, 0, INTERNET_FLAG_OFFLINE, 0));
  REQUIRE(GetLastError() == ERROR_FILE_NOT_FOUND);
  Handles h("127.0.0.1", edgePort(), "/echo", INTERNET_FLAG_OFFLINE);
  REQUIRE(failure([&] { return HttpSendRequestW(h.request, nullptr, 0, nullptr, 0); }) == ERROR_FILE_NOT_FOUND);
  Handles fromCache("127.0.0.1", edgePort(), "/echo", INTERNET_FLAG_FROM_CACHE);
  REQUIRE(failure([&] { return HttpSendRequestA(fromCache.request, nullptr, 0, nullptr, 0); }) ==
          ERROR_FILE_NOT_FOUND);
  // A session opened offline makes every request of it offline.
  InetHandle offlineSession(InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, INTERNET_FLAG_OFFLINE));
  InetHandle offlineConnect(InternetConnectA(offlineSession, "127.0.0.1", edgePort(), nullptr, nullptr,
                                             INTERNET_SERVICE_HTTP, 0, 0));
  InetHandle offlineRequest(HttpOpenRequestA(offlineConnect, "GET", "/echo", nullptr, nullptr, nullptr, 0, 0));
  REQUIRE(failure([&] { return HttpSendRequestA(offlineRequest, nullptr, 0, nullptr, 0); }) == ERROR_FILE_NOT_FOUND);
  // Online again, the same kind of request goes out.
  Handles again("127.0.0.1", edgePort());
  REQUIRE(HttpSendRequestA(again.request, nullptr, 0, nullptr, 0));
  REQUIRE(statusOf(again.request) == 200);
  readAll(again.request);
}
