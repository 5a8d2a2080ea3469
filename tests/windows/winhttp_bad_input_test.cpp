// Every WinHTTP export that takes a handle, given a NULL, closed, recycled
// or wrong-type one: a clean failure with the documented code, never a crash.
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <functional>
#include <string>
#include <vector>

namespace {

struct Call {
  const char* name;
  std::function<bool(HINTERNET)> run;  // true when the call succeeded
};

std::vector<Call> requestCalls() {
  static char buffer[16];
  static DWORD size, index;
  return {
      {"WinHttpSendRequest", [](HINTERNET h) { return WinHttpSendRequest(h, nullptr, 0, nullptr, 0, 0, 0) != FALSE; }},
      {"WinHttpReceiveResponse", [](HINTERNET h) { return WinHttpReceiveResponse(h, nullptr) != FALSE; }},
      {"WinHttpQueryDataAvailable", [](HINTERNET h) { return WinHttpQueryDataAvailable(h, &size) != FALSE; }},
      {"WinHttpReadData", [](HINTERNET h) { return WinHttpReadData(h, buffer, 1, &size) != FALSE; }},
      {"WinHttpWriteData", [](HINTERNET h) { return WinHttpWriteData(h, "x", 1, &size) != FALSE; }},
      {"WinHttpQueryHeaders",
       [](HINTERNET h) {
         size = sizeof(buffer);
         return WinHttpQueryHeaders(h, WINHTTP_QUERY_STATUS_CODE, nullptr, buffer, &size, &index) != FALSE;
       }},
      {"WinHttpAddRequestHeaders",
       [](HINTERNET h) { return WinHttpAddRequestHeaders(h, L"X-A: b", DWORD(-1), WINHTTP_ADDREQ_FLAG_ADD) != FALSE; }},
      {"WinHttpSetCredentials",
       [](HINTERNET h) {
         return WinHttpSetCredentials(h, WINHTTP_AUTH_TARGET_SERVER, WINHTTP_AUTH_SCHEME_BASIC, L"u", L"p", nullptr) !=
                FALSE;
       }},
      {"WinHttpQueryAuthSchemes",
       [](HINTERNET h) {
         DWORD supported, first, target;
         return WinHttpQueryAuthSchemes(h, &supported, &first, &target) != FALSE;
       }},
  };
}

std::vector<Call> connectCalls() {
  return {
      {"WinHttpOpenRequest",
       [](HINTERNET h) {
         HINTERNET r = WinHttpOpenRequest(h, nullptr, nullptr, nullptr, nullptr, nullptr, 0);
         if (r) WinHttpCloseHandle(r);
         return r != nullptr;
       }},
  };
}

std::vector<Call> sessionCalls() {
  return {
      {"WinHttpConnect",
       [](HINTERNET h) {
         HINTERNET c = WinHttpConnect(h, L"127.0.0.1", 80, 0);
         if (c) WinHttpCloseHandle(c);
         return c != nullptr;
       }},
  };
}

// Any kind of handle.
std::vector<Call> anyCalls() {
  return {
      {"WinHttpSetTimeouts", [](HINTERNET h) { return WinHttpSetTimeouts(h, 0, 0, 0, 0) != FALSE; }},
      {"WinHttpSetStatusCallback",
       [](HINTERNET h) {
         return WinHttpSetStatusCallback(h, nullptr, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0) !=
                WINHTTP_INVALID_STATUS_CALLBACK;
       }},
      {"WinHttpCloseHandle", [](HINTERNET h) { return WinHttpCloseHandle(h) != FALSE; }},
  };
}

void expectFailure(const Call& call, HINTERNET handle, DWORD expected, const char* what) {
  INFO(call.name << " with " << what);
  SetLastError(0xdeadbeef);
  REQUIRE_FALSE(call.run(handle));
  REQUIRE(GetLastError() == expected);
}

}  // namespace

TEST_CASE("WinHTTP bad input: NULL, closed and recycled handles fail with ERROR_INVALID_HANDLE or wrong type") {
  std::vector<Call> all;
  for (auto* group : {requestCalls, connectCalls, sessionCalls, anyCalls})
    for (auto& call : group()) all.push_back(call);

  // A closed request's value, then the same value recycled for a session.
  HINTERNET session = WinHttpOpen(L"bad", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0);
  HINTERNET connect = WinHttpConnect(session, L"127.0.0.1", 80, 0);
  HINTERNET request = WinHttpOpenRequest(connect, nullptr, nullptr, nullptr, nullptr, nullptr, 0);
  REQUIRE(request);
  REQUIRE(WinHttpCloseHandle(request));
  for (const Call& call : all) {
    expectFailure(call, nullptr, ERROR_INVALID_HANDLE, "NULL");
    expectFailure(call, request, ERROR_INVALID_HANDLE, "a closed handle");
    expectFailure(call, reinterpret_cast<HINTERNET>(0x12345678), ERROR_INVALID_HANDLE, "a made-up value");
  }
  HINTERNET recycled = WinHttpOpen(L"again", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0);
  REQUIRE(recycled == request);  // lowest free slot first
  for (const Call& call : requestCalls())
    expectFailure(call, recycled, ERROR_WINHTTP_INCORRECT_HANDLE_TYPE, "a recycled value, now a session");
  WinHttpCloseHandle(recycled);
  WinHttpCloseHandle(connect);
  WinHttpCloseHandle(session);
}

TEST_CASE("WinHTTP bad input: each call refuses the other kinds of handle") {
  HINTERNET session = WinHttpOpen(L"bad", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0);
  HINTERNET connect = WinHttpConnect(session, L"127.0.0.1", 80, 0);
  HINTERNET request = WinHttpOpenRequest(connect, nullptr, nullptr, nullptr, nullptr, nullptr, 0);
  REQUIRE(request);
  for (const Call& call : requestCalls()) {
    expectFailure(call, session, ERROR_WINHTTP_INCORRECT_HANDLE_TYPE, "a session");
    expectFailure(call, connect, ERROR_WINHTTP_INCORRECT_HANDLE_TYPE, "a connect handle");
  }
  for (const Call& call : connectCalls()) {
    expectFailure(call, session, ERROR_WINHTTP_INCORRECT_HANDLE_TYPE, "a session");
    expectFailure(call, request, ERROR_WINHTTP_INCORRECT_HANDLE_TYPE, "a request");
  }
  for (const Call& call : sessionCalls()) {
    expectFailure(call, connect, ERROR_WINHTTP_INCORRECT_HANDLE_TYPE, "a connect handle");
    expectFailure(call, request, ERROR_WINHTTP_INCORRECT_HANDLE_TYPE, "a request");
  }
  WinHttpCloseHandle(session);  // closes its children too
}

TEST_CASE("WinHTTP bad input: NULL out-pointers and zero- or one-byte buffers") {
  HINTERNET session = WinHttpOpen(L"bad", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0);
  HINTERNET connect = WinHttpConnect(session, L"127.0.0.1", 80, 0);
  HINTERNET request = WinHttpOpenRequest(connect, nullptr, nullptr, nullptr, nullptr, nullptr, 0);
  REQUIRE(request);
  DWORD value = 0;
  DWORD size = 0;
  SECTION("WinHttpQueryOption with a NULL length") {
    REQUIRE_FALSE(WinHttpQueryOption(request, WINHTTP_OPTION_CONTEXT_VALUE, &value, nullptr));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  }
  SECTION("WinHttpQueryOption with zero and one byte") {
    size = 0;
    REQUIRE_FALSE(WinHttpQueryOption(request, WINHTTP_OPTION_CONTEXT_VALUE, &value, &size));
    REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
    REQUIRE(size == sizeof(DWORD_PTR));
    size = 1;
    REQUIRE_FALSE(WinHttpQueryOption(request, WINHTTP_OPTION_CONTEXT_VALUE, &value, &size));
    REQUIRE(GetLastError() == ERROR_INSUFFICIENT_BUFFER);
  }
  SECTION("WinHttpQueryHeaders with a NULL length") {
    REQUIRE_FALSE(WinHttpQueryHeaders(request, WINHTTP_QUERY_VERSION, nullptr, &value, nullptr, nullptr));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  }
  SECTION("WinHttpQueryAuthSchemes with NULL out-pointers") {
    REQUIRE_FALSE(WinHttpQueryAuthSchemes(request, nullptr, nullptr, nullptr));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  }
  SECTION("WinHttpReadData with a NULL buffer") {
    REQUIRE_FALSE(WinHttpReadData(request, nullptr, 10, &value));
    REQUIRE((GetLastError() == ERROR_INVALID_PARAMETER || GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_STATE));
  }
  SECTION("WinHttpCrackUrl and WinHttpCreateUrl with NULL structures") {
    REQUIRE_FALSE(WinHttpCrackUrl(L"http://a/", 0, 0, nullptr));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
    DWORD length = 0;
    REQUIRE_FALSE(WinHttpCreateUrl(nullptr, 0, nullptr, &length));
    REQUIRE(GetLastError() == ERROR_INVALID_PARAMETER);
  }
  WinHttpCloseHandle(session);
}
