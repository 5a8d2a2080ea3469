// Authentication through WinINet: the connect handle's credentials (from
// InternetConnect or the USERNAME/PASSWORD options) answer Basic, Digest and
// NTLM challenges from the server and from a proxy; without them, or with
// INTERNET_FLAG_NO_AUTH, the 401/407 reaches the program.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>

#include "test_servers.h"
#include "wininet_helpers.h"

namespace {

struct Sent {
  DWORD status = 0;
  std::string body;
};

Sent get(HINTERNET connect, const char* path, DWORD flags = 0) {
  InetHandle request(HttpOpenRequestA(connect, "GET", path, nullptr, nullptr, nullptr, flags, 0));
  REQUIRE(request.h);
  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  return Sent{statusOf(request), readAll(request)};
}

InetHandle openSession() {
  return InetHandle(InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
}

HINTERNET connectA(HINTERNET session, const char* user, const char* password) {
  HINTERNET connect =
      InternetConnectA(session, "127.0.0.1", edgePort(), user, password, INTERNET_SERVICE_HTTP, 0, 0);
  REQUIRE(connect);
  return connect;
}

}  // namespace

TEST_CASE("WinINet auth: InternetConnect's credentials answer Basic, Digest and NTLM challenges") {
  InetHandle session(openSession());
  InetHandle connect(connectA(session, "ntlmuser", "ntlmpass"));
  REQUIRE(get(connect, "/auth/basic/ntlmuser/ntlmpass").body == "authenticated Basic ntlmuser\n");
  REQUIRE(get(connect, "/auth/digest/ntlmuser/ntlmpass").body == "authenticated Digest ntlmuser\n");
  REQUIRE(get(connect, "/auth/digest/ntlmuser/ntlmpass?alg=SHA-256").body == "authenticated Digest ntlmuser\n");
  REQUIRE(get(connect, "/auth/ntlm").body == "authenticated NTLM ntlmuser\n");
  REQUIRE(get(connect, "/auth/multi/ntlmuser/ntlmpass").status == 200);

  // The W form takes them the same way.
  InetHandle wideSession(InternetOpenW(L"hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle wide(InternetConnectW(wideSession, L"127.0.0.1", edgePort(), L"wu", L"pw", INTERNET_SERVICE_HTTP,
                                   0, 0));
  REQUIRE(wide.h);
  InetHandle request(HttpOpenRequestW(wide, L"GET", L"/auth/basic/wu/pw", nullptr, nullptr, nullptr, 0, 0));
  REQUIRE(request.h);
  REQUIRE(HttpSendRequestW(request, nullptr, 0, nullptr, 0));
  REQUIRE(statusOf(request) == 200);
  REQUIRE(readAll(request) == "authenticated Basic wu\n");
}

TEST_CASE("WinINet auth: without credentials, with wrong ones or with NO_AUTH the 401 reaches the program") {
  InetHandle session(openSession());
  InetHandle anonymous(connectA(session, nullptr, nullptr));
  InetHandle request(HttpOpenRequestA(anonymous, "GET", "/auth/basic/u/p", nullptr, nullptr, nullptr, 0, 0));
  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(statusOf(request) == 401);
  char challenge[128];
  DWORD size = sizeof(challenge);
  REQUIRE(HttpQueryInfoA(request, HTTP_QUERY_WWW_AUTHENTICATE, challenge, &size, nullptr));
  REQUIRE(std::string(challenge) == "Basic realm=\"hinternet\"");

  InetHandle wrong(connectA(session, "u", "wrong"));
  for (const char* path : {"/auth/basic/u/p", "/auth/digest/u/p", "/auth/ntlm/u/p"}) {
    INFO(path);
    REQUIRE(get(wrong, path).status == 401);
  }
  InetHandle right(connectA(session, "u", "p"));
  REQUIRE(get(right, "/auth/basic/u/p", INTERNET_FLAG_NO_AUTH).status == 401);
  REQUIRE(get(right, "/auth/basic/u/p").status == 200);
}

TEST_CASE("WinINet auth: the USERNAME and PASSWORD options set credentials on the connect or request handle") {
  InetHandle session(openSession());
  InetHandle connect(connectA(session, nullptr, nullptr));
  REQUIRE(InternetSetOptionA(connect, INTERNET_OPTION_USERNAME, const_cast<char*>("u"), 1));
  REQUIRE(InternetSetOptionW(connect, INTERNET_OPTION_PASSWORD, const_cast<wchar_t*>(L"p"), 1));
  REQUIRE(get(connect, "/auth/digest/u/p").status == 200);

  InetHandle other(connectA(session, nullptr, nullptr));
  InetHandle request(HttpOpenRequestA(other, "GET", "/auth/basic/v/q", nullptr, nullptr, nullptr, 0, 0));
  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(statusOf(request) == 401);
  // Set after the 401 on the request itself, the next send answers.
  REQUIRE(InternetSetOptionA(request, INTERNET_OPTION_USERNAME, const_cast<char*>("v"), 0));
  REQUIRE(InternetSetOptionA(request, INTERNET_OPTION_PASSWORD, const_cast<char*>("q"), 0));
  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  REQUIRE(statusOf(request) == 200);
  REQUIRE(readAll(request) == "authenticated Basic v\n");

  // A session has no credentials to set; NULL is no text.
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(InternetSetOptionA(session, INTERNET_OPTION_USERNAME, const_cast<char*>("u"), 1));
  REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);
  REQUIRE_FALSE(InternetSetOptionA(connect, INTERNET_OPTION_USERNAME, nullptr, 1));
  REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(InternetSetOptionW(reinterpret_cast<HINTERNET>(0x1234), INTERNET_OPTION_PASSWORD,
                                   const_cast<wchar_t*>(L"p"), 1));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
}

TEST_CASE("WinINet auth: a named proxy's 407 is answered with the proxy credentials") {
  const std::string proxy = "127.0.0.1:" + std::to_string(edgePort());
  // Loopback servers bypass a proxy unless the bypass list says <-loopback>.
  InetHandle session(
      InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_PROXY, proxy.c_str(), "<-loopback>", 0));
  REQUIRE(session.h);
  InetHandle connect(connectA(session, nullptr, nullptr));
  REQUIRE(get(connect, "/proxy-auth/basic/pu/pp").status == 407);
  REQUIRE(InternetSetOptionA(connect, INTERNET_OPTION_PROXY_USERNAME, const_cast<char*>("pu"), 2));
  REQUIRE(InternetSetOptionA(connect, INTERNET_OPTION_PROXY_PASSWORD, const_cast<char*>("pp"), 2));
  for (const char* scheme : {"basic", "digest", "ntlm"}) {
    INFO(scheme);
    const Sent sent = get(connect, (std::string("/proxy-auth/") + scheme + "/pu/pp").c_str());
    REQUIRE(sent.status == 200);
    REQUIRE(sent.body.rfind("proxy-authenticated ", 0) == 0);
  }
  // Server credentials are not offered to the proxy.
  InetHandle serverOnly(connectA(session, "pu", "pp"));
  REQUIRE(get(serverOnly, "/proxy-auth/basic/pu/pp").status == 407);
}

TEST_CASE("WinINet auth: InternetOpenUrl takes the credentials in the URL, A and W") {
  InetHandle session(openSession());
  const std::string url = "http://u%40x:p%3Aq@127.0.0.1:" + std::to_string(edgePort()) + "/auth/digest/u@x/p:q";
  InetHandle file(InternetOpenUrlA(session, url.c_str(), nullptr, 0, 0, 0));
  REQUIRE(file.h);
  REQUIRE(statusOf(file) == 200);
  REQUIRE(readAll(file) == "authenticated Digest u@x\n");
  const std::string plain = "http://127.0.0.1:" + std::to_string(edgePort()) + "/auth/basic/u/p";
  InetHandle anonymous(InternetOpenUrlA(session, plain.c_str(), nullptr, 0, 0, 0));
  REQUIRE(anonymous.h);
  REQUIRE(statusOf(anonymous) == 401);
  const std::string wide = "http://u:p@127.0.0.1:" + std::to_string(edgePort()) + "/auth/basic/u/p";
  InetHandle wideFile(InternetOpenUrlW(session, std::wstring(wide.begin(), wide.end()).c_str(), nullptr, 0, 0, 0));
  REQUIRE(wideFile.h);
  REQUIRE(statusOf(wideFile) == 200);
}
