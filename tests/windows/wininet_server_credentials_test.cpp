// HttpGetServerCredentials: the user name and password this process last
// sent to a URL's server (scheme, host and port), from InternetConnect, the
// USERNAME/PASSWORD options or InternetOpenUrl's URL; strings the caller
// frees with LocalFree.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>

#include "test_servers.h"
#include "wininet_helpers.h"

extern "C" DWORD WINAPI HttpGetServerCredentials(PWSTR url, PWSTR* user, PWSTR* password);

namespace {

struct Found {
  DWORD error = 0;
  std::wstring user, password;
};

Found credentialsFor(const std::wstring& url) {
  std::wstring copy = url;
  PWSTR user = reinterpret_cast<PWSTR>(1), password = reinterpret_cast<PWSTR>(1);
  Found found;
  found.error = HttpGetServerCredentials(&copy[0], &user, &password);
  if (found.error == ERROR_SUCCESS) {
    REQUIRE(user);
    REQUIRE(password);
    found.user = user;
    found.password = password;
    REQUIRE(LocalFree(user) == nullptr);
    REQUIRE(LocalFree(password) == nullptr);
  } else {
    // Unconfirmed: the outputs are cleared when nothing is returned.
    CHECK(user == nullptr);
    CHECK(password == nullptr);
  }
  return found;
}

std::wstring wide(const std::string& text) { return std::wstring(text.begin(), text.end()); }
std::wstring edgeUrl(const char* host, const char* path = "/") {
  return wide(std::string("http://") + host + ":" + std::to_string(edgePort()) + path);
}

// Sends GET `path` to the edge server at `host` through `connect`'s
// credentials; the status.
DWORD sendThrough(HINTERNET connect, const char* path, DWORD flags = 0) {
  InetHandle request(HttpOpenRequestA(connect, "GET", path, nullptr, nullptr, nullptr, flags | INTERNET_FLAG_RELOAD, 0));
  REQUIRE(request.h);
  REQUIRE(HttpSendRequestA(request, nullptr, 0, nullptr, 0));
  readAll(request);
  return statusOf(request);
}

}  // namespace

TEST_CASE("HttpGetServerCredentials: what InternetConnect's credentials sent to the server") {
  InetHandle session(InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle connect(InternetConnectA(session, "127.0.0.1", edgePort(), "alice", "s3cret", INTERNET_SERVICE_HTTP,
                                      0, 0));
  REQUIRE(connect.h);
  REQUIRE(sendThrough(connect, "/auth/basic/alice/s3cret") == 200);
  // Any URL of that server: scheme, host and port count, not the path.
  Found found = credentialsFor(edgeUrl("127.0.0.1", "/some/other/path?q=1"));
  REQUIRE(found.error == ERROR_SUCCESS);
  CHECK(found.user == L"alice");
  CHECK(found.password == L"s3cret");
  // Another scheme on the same host and port is another server.
  CHECK(credentialsFor(wide("https://127.0.0.1:" + std::to_string(edgePort()) + "/")).error == ERROR_NOT_FOUND);

  // The latest credentials sent replace earlier ones, and the
  // USERNAME/PASSWORD options are credentials like InternetConnect's.
  InetHandle later(InternetConnectA(session, "127.0.0.1", edgePort(), nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0));
  REQUIRE(InternetSetOptionA(later, INTERNET_OPTION_USERNAME, const_cast<char*>("bob"), 3));
  REQUIRE(InternetSetOptionA(later, INTERNET_OPTION_PASSWORD, const_cast<char*>(""), 0));
  // Unconfirmed: credentials count as used once a request carried them to
  // the server, whether or not it asked for them.
  REQUIRE(sendThrough(later, "/status/200") == 200);
  found = credentialsFor(edgeUrl("127.0.0.1"));
  REQUIRE(found.error == ERROR_SUCCESS);
  CHECK(found.user == L"bob");
  CHECK(found.password == L"");
}

TEST_CASE("HttpGetServerCredentials: host names compare without case; InternetOpenUrl's URL credentials count") {
  InetHandle session(InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  const std::string url = "http://car%6Fl:pa%40ss@LocalHost:" + std::to_string(edgePort()) + "/auth/basic/carol/pa@ss";
  InetHandle file(InternetOpenUrlA(session, url.c_str(), nullptr, 0, INTERNET_FLAG_RELOAD, 0));
  REQUIRE(file.h);
  REQUIRE(statusOf(file) == 200);
  const Found found = credentialsFor(edgeUrl("LOCALHOST"));
  REQUIRE(found.error == ERROR_SUCCESS);
  CHECK(found.user == L"carol");
  CHECK(found.password == L"pa@ss");
}

TEST_CASE("HttpGetServerCredentials: none for a server never sent any, or with INTERNET_FLAG_NO_AUTH") {
  CHECK(credentialsFor(L"http://127.0.0.1:1/").error == ERROR_NOT_FOUND);
  InetHandle session(InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle connect(InternetConnectA(session, "::1", edgePort(), "dave", "pw", INTERNET_SERVICE_HTTP, 0, 0));
  REQUIRE(connect.h);
  REQUIRE(sendThrough(connect, "/auth/basic/dave/pw", INTERNET_FLAG_NO_AUTH) == 401);
  CHECK(credentialsFor(edgeUrl("[::1]")).error == ERROR_NOT_FOUND);
}

TEST_CASE("HttpGetServerCredentials: the end of a browser session forgets them, as it flushes the password cache") {
  InetHandle session(InternetOpenA("hinternet-test", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0));
  InetHandle connect(InternetConnectA(session, "127.0.0.1", edgePort(), "erin", "pw", INTERNET_SERVICE_HTTP, 0, 0));
  REQUIRE(connect.h);
  REQUIRE(sendThrough(connect, "/auth/basic/erin/pw") == 200);
  REQUIRE(credentialsFor(edgeUrl("127.0.0.1")).error == ERROR_SUCCESS);
  REQUIRE(InternetSetOptionA(nullptr, INTERNET_OPTION_END_BROWSER_SESSION, nullptr, 0));
  CHECK(credentialsFor(edgeUrl("127.0.0.1")).error == ERROR_NOT_FOUND);
}

TEST_CASE("HttpGetServerCredentials: bad input") {
  PWSTR user = nullptr, password = nullptr;
  wchar_t url[] = L"http://127.0.0.1:1/";
  CHECK(HttpGetServerCredentials(nullptr, &user, &password) == ERROR_INVALID_PARAMETER);
  CHECK(HttpGetServerCredentials(url, nullptr, &password) == ERROR_INVALID_PARAMETER);
  CHECK(HttpGetServerCredentials(url, &user, nullptr) == ERROR_INVALID_PARAMETER);
  // The URL errors of InternetOpenUrl.
  CHECK(credentialsFor(L"not a url").error == ERROR_INTERNET_UNRECOGNIZED_SCHEME);
  CHECK(credentialsFor(L"http://").error == ERROR_INTERNET_INVALID_URL);
}
