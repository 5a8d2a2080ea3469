// WinHttpQueryHeadersEx and WinHttpReadDataEx against nginx and the edge
// server.
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <string>
#include <vector>

#include "../../winhttp/sdk_types.h"
#include "test_servers.h"
#include "winhttp_helpers.h"

extern "C" {
DWORD WINAPI WinHttpQueryHeadersEx(HINTERNET, DWORD, ULONGLONG, UINT, PDWORD, PWINHTTP_HEADER_NAME, PVOID, PDWORD,
                                   PWINHTTP_EXTENDED_HEADER*, PDWORD);
DWORD WINAPI WinHttpReadDataEx(HINTERNET, LPVOID, DWORD, LPDWORD, ULONGLONG, DWORD, PVOID);
}

namespace {

struct Fetch {
  WinHttpHandle session{WinHttpOpen(L"hinternet-test", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0)};
  WinHttpHandle connect;
  WinHttpHandle request;
  Fetch(unsigned short port, LPCWSTR path, bool send = true)
      : connect(WinHttpConnect(session, L"127.0.0.1", port, 0)),
        request(WinHttpOpenRequest(connect, L"GET", path, nullptr, nullptr, nullptr, 0)) {
    REQUIRE(request.h);
    if (!send) return;
    // No idle connection is left behind: the engine's connection pool is
    // shared by all sessions (Windows keeps one per session), and later
    // tests expect a new session to open a new connection.
    REQUIRE(WinHttpSendRequest(request, L"Connection: close", DWORD(-1), nullptr, 0, 0, 0));
    REQUIRE(WinHttpReceiveResponse(request, nullptr));
  }
};

// A successful query, its buffer kept alive by the result.
struct ExQuery {
  std::vector<BYTE> buffer;
  PWINHTTP_EXTENDED_HEADER headers = nullptr;
  DWORD count = 0;
  DWORD size = 0;
};

DWORD queryEx(HINTERNET request, DWORD level, ExQuery& out, PWINHTTP_HEADER_NAME name = nullptr,
              DWORD* index = nullptr) {
  DWORD size = 0, count = 99;
  DWORD error = WinHttpQueryHeadersEx(request, level, 0, 0, index, name, nullptr, &size, &out.headers, &count);
  if (error != ERROR_INSUFFICIENT_BUFFER) return error;
  REQUIRE(count == 0);
  REQUIRE(size > 0);
  out.buffer.assign(size, 0xCC);
  error = WinHttpQueryHeadersEx(request, level, 0, 0, index, name, out.buffer.data(), &size, &out.headers, &out.count);
  out.size = size;
  if (error == ERROR_SUCCESS) REQUIRE(static_cast<void*>(out.headers) == out.buffer.data());
  return error;
}

std::wstring wideValue(const ExQuery& q, const std::wstring& name) {
  for (DWORD i = 0; i < q.count; ++i)
    if (!_wcsicmp(q.headers[i].pwszName, name.c_str())) return q.headers[i].pwszValue;
  return L"<missing>";
}

}  // namespace

TEST_CASE("WinHttpQueryHeadersEx: all response headers, parsed, in UTF-16 and as on the wire") {
  Fetch f(httpPort(), L"/hello.txt");
  ExQuery all;
  REQUIRE(queryEx(f.request, WINHTTP_QUERY_EX_ALL_HEADERS, all) == ERROR_SUCCESS);
  REQUIRE(all.count >= 3);
  REQUIRE(wideValue(all, L"Content-Length") == L"21");
  REQUIRE(wideValue(all, L"Server").rfind(L"nginx", 0) == 0);

  ExQuery wire;
  REQUIRE(queryEx(f.request, WINHTTP_QUERY_EX_ALL_HEADERS | WINHTTP_QUERY_FLAG_WIRE_ENCODING, wire) == ERROR_SUCCESS);
  REQUIRE(wire.count == all.count);
  bool found = false;
  for (DWORD i = 0; i < wire.count; ++i)
    if (!_stricmp(wire.headers[i].pszName, "content-length")) found = std::string(wire.headers[i].pszValue) == "21";
  REQUIRE(found);
  // Narrow strings take half the room of wide ones.
  REQUIRE(wire.size < all.size);
}

TEST_CASE("WinHttpQueryHeadersEx: one header by id or by name, walked with the index") {
  Fetch f(httpPort(), L"/hello.txt");
  ExQuery byId;
  REQUIRE(queryEx(f.request, WINHTTP_QUERY_CONTENT_LENGTH, byId) == ERROR_SUCCESS);
  REQUIRE(byId.count == 1);
  REQUIRE(std::wstring(byId.headers[0].pwszName) == L"Content-Length");

  WINHTTP_HEADER_NAME name;
  name.pwszName = L"content-length";
  DWORD index = 0;
  ExQuery byName;
  REQUIRE(queryEx(f.request, WINHTTP_QUERY_CUSTOM, byName, &name, &index) == ERROR_SUCCESS);
  REQUIRE(byName.count == 1);
  REQUIRE(std::wstring(byName.headers[0].pwszValue) == std::wstring(byId.headers[0].pwszValue));
  REQUIRE(index == 1);
  DWORD size = 0, count = 0;
  REQUIRE(WinHttpQueryHeadersEx(f.request, WINHTTP_QUERY_CUSTOM, 0, 0, &index, &name, nullptr, &size, nullptr,
                                &count) == ERROR_WINHTTP_HEADER_NOT_FOUND);

  WINHTTP_HEADER_NAME narrow;
  narrow.pszName = "Content-Length";
  ExQuery wire;
  REQUIRE(queryEx(f.request, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_WIRE_ENCODING, wire, &narrow) ==
          ERROR_SUCCESS);
  REQUIRE(wire.count == 1);
  REQUIRE(std::string(wire.headers[0].pszName) == "Content-Length");
}

TEST_CASE("WinHttpQueryHeadersEx: request headers, and trailers once the body has ended") {
  Fetch f(edgePort(), L"/chunked-trailer", false);
  REQUIRE(WinHttpAddRequestHeaders(f.request, L"X-Probe: one", DWORD(-1), WINHTTP_ADDREQ_FLAG_ADD));
  WINHTTP_HEADER_NAME name;
  name.pwszName = L"X-Probe";
  ExQuery probe;
  REQUIRE(queryEx(f.request, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_REQUEST_HEADERS, probe, &name) ==
          ERROR_SUCCESS);
  REQUIRE(std::wstring(probe.headers[0].pwszValue) == L"one");
  ExQuery early;
  REQUIRE(queryEx(f.request, WINHTTP_QUERY_EX_ALL_HEADERS, early) == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);

  REQUIRE(WinHttpSendRequest(f.request, nullptr, 0, nullptr, 0, 0, 0));
  REQUIRE(WinHttpReceiveResponse(f.request, nullptr));
  ExQuery trailers;
  REQUIRE(queryEx(f.request, WINHTTP_QUERY_EX_ALL_HEADERS | WINHTTP_QUERY_FLAG_TRAILERS, trailers) ==
          ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
  REQUIRE(readBody(f.request).size() == 30);
  REQUIRE(queryEx(f.request, WINHTTP_QUERY_EX_ALL_HEADERS | WINHTTP_QUERY_FLAG_TRAILERS, trailers) == ERROR_SUCCESS);
  REQUIRE(trailers.count == 2);
  REQUIRE(wideValue(trailers, L"X-Trailer-One") == L"one");
  REQUIRE(wideValue(trailers, L"X-Body-Sha256").size() == 64);
  // WinHttpQueryHeaders reads them the same way.
  REQUIRE(queryString(f.request, WINHTTP_QUERY_CUSTOM | WINHTTP_QUERY_FLAG_TRAILERS, L"X-Trailer-One") == L"one");
}

TEST_CASE("WinHttpQueryHeadersEx: buffer rules and refused arguments") {
  Fetch f(httpPort(), L"/hello.txt");
  DWORD size = 0, count = 7;
  PWINHTTP_EXTENDED_HEADER headers = reinterpret_cast<PWINHTTP_EXTENDED_HEADER>(1);
  REQUIRE(WinHttpQueryHeadersEx(f.request, WINHTTP_QUERY_EX_ALL_HEADERS, 0, 0, nullptr, nullptr, nullptr, &size,
                                &headers, &count) == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(headers == nullptr);
  REQUIRE(count == 0);
  const DWORD needed = size;
  BYTE one = 0x5A;
  size = 1;
  REQUIRE(WinHttpQueryHeadersEx(f.request, WINHTTP_QUERY_EX_ALL_HEADERS, 0, 0, nullptr, nullptr, &one, &size,
                                &headers, &count) == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(size == needed);
  REQUIRE(one == 0x5A);
  size = 0;
  REQUIRE(WinHttpQueryHeadersEx(f.request, WINHTTP_QUERY_EX_ALL_HEADERS, 0, 0, nullptr, nullptr, &one, &size,
                                &headers, &count) == ERROR_INSUFFICIENT_BUFFER);

  for (DWORD level : {DWORD(WINHTTP_QUERY_STATUS_CODE), DWORD(WINHTTP_QUERY_VERSION), DWORD(WINHTTP_QUERY_STATUS_TEXT),
                      DWORD(WINHTTP_QUERY_RAW_HEADERS_CRLF),
                      DWORD(WINHTTP_QUERY_CONTENT_LENGTH | WINHTTP_QUERY_FLAG_NUMBER),
                      DWORD(WINHTTP_QUERY_CONTENT_LENGTH | WINHTTP_QUERY_FLAG_NUMBER64),
                      DWORD(WINHTTP_QUERY_DATE | WINHTTP_QUERY_FLAG_SYSTEMTIME)}) {
    INFO("level " << level);
    size = 0;
    REQUIRE(WinHttpQueryHeadersEx(f.request, level, 0, 0, nullptr, nullptr, nullptr, &size, &headers, &count) ==
            ERROR_INVALID_PARAMETER);
  }
  size = 0;
  REQUIRE(WinHttpQueryHeadersEx(f.request, WINHTTP_QUERY_EX_ALL_HEADERS, 1, 0, nullptr, nullptr, nullptr, &size,
                                &headers, &count) == ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpQueryHeadersEx(f.request, WINHTTP_QUERY_EX_ALL_HEADERS, 0, 0, nullptr, nullptr, nullptr, nullptr,
                                &headers, &count) == ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpQueryHeadersEx(f.request, WINHTTP_QUERY_EX_ALL_HEADERS, 0, 0, nullptr, nullptr, nullptr, &size,
                                &headers, nullptr) == ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpQueryHeadersEx(f.request, WINHTTP_QUERY_CUSTOM, 0, 0, nullptr, nullptr, nullptr, &size, &headers,
                                &count) == ERROR_INVALID_PARAMETER);
  DWORD index = 1;
  REQUIRE(WinHttpQueryHeadersEx(f.request, WINHTTP_QUERY_EX_ALL_HEADERS, 0, 0, &index, nullptr, nullptr, &size,
                                &headers, &count) == ERROR_WINHTTP_HEADER_NOT_FOUND);
}

TEST_CASE("WinHttpQueryHeadersEx: handles of the wrong kind, closed or none") {
  WinHttpHandle session(WinHttpOpen(L"t", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  DWORD size = 0, count = 0;
  REQUIRE(WinHttpQueryHeadersEx(session, WINHTTP_QUERY_EX_ALL_HEADERS, 0, 0, nullptr, nullptr, nullptr, &size,
                                nullptr, &count) == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
  REQUIRE(WinHttpQueryHeadersEx(nullptr, WINHTTP_QUERY_EX_ALL_HEADERS, 0, 0, nullptr, nullptr, nullptr, &size,
                                nullptr, &count) == ERROR_INVALID_HANDLE);
  HINTERNET connect = WinHttpConnect(session, L"127.0.0.1", httpPort(), 0);
  HINTERNET request = WinHttpOpenRequest(connect, nullptr, L"/", nullptr, nullptr, nullptr, 0);
  REQUIRE(WinHttpQueryHeadersEx(request, WINHTTP_QUERY_EX_ALL_HEADERS, 0, 0, nullptr, nullptr, nullptr, &size,
                                nullptr, &count) == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
  REQUIRE(WinHttpCloseHandle(connect));
  REQUIRE(WinHttpQueryHeadersEx(request, WINHTTP_QUERY_EX_ALL_HEADERS, 0, 0, nullptr, nullptr, nullptr, &size,
                                nullptr, &count) == ERROR_INVALID_HANDLE);
}

TEST_CASE("WinHttpReadDataEx: by default the first data completes; FILL_BUFFER waits for the whole buffer") {
  // 3 pieces of 100 bytes, 150 ms apart.
  const std::wstring path = L"/slow/300/150?chunk=100";
  SECTION("default") {
    Fetch f(edgePort(), path.c_str());
    std::vector<char> buffer(300);
    DWORD read = 77;
    REQUIRE(WinHttpReadDataEx(f.request, buffer.data(), 300, &read, 0, 0, nullptr) == ERROR_SUCCESS);
    REQUIRE(read > 0);
    REQUIRE(read < 300);
    DWORD total = read;
    while (read) {
      REQUIRE(WinHttpReadDataEx(f.request, buffer.data(), 300, &read, 0, 0, nullptr) == ERROR_SUCCESS);
      total += read;
    }
    REQUIRE(total == 300);
  }
  SECTION("fill") {
    Fetch f(edgePort(), path.c_str());
    std::vector<char> buffer(300);
    DWORD read = 0;
    REQUIRE(WinHttpReadDataEx(f.request, buffer.data(), 300, &read, WINHTTP_READ_DATA_EX_FLAG_FILL_BUFFER, 0,
                              nullptr) == ERROR_SUCCESS);
    REQUIRE(read == 300);
    REQUIRE(WinHttpReadDataEx(f.request, buffer.data(), 300, &read, WINHTTP_READ_DATA_EX_FLAG_FILL_BUFFER, 0,
                              nullptr) == ERROR_SUCCESS);
    REQUIRE(read == 0);
  }
  SECTION("WinHttpReadData fills the buffer too") {
    Fetch f(edgePort(), path.c_str());
    std::vector<char> buffer(250);
    DWORD read = 0;
    REQUIRE(WinHttpReadData(f.request, buffer.data(), 250, &read));
    REQUIRE(read == 250);
    REQUIRE(WinHttpReadData(f.request, buffer.data(), 250, &read));
    REQUIRE(read == 50);
  }
}

TEST_CASE("WinHttpReadDataEx: reads a body whole, and refuses what it does not know") {
  Fetch f(httpPort(), L"/hello.txt");
  char buffer[64];
  DWORD read = 5;
  REQUIRE(WinHttpReadDataEx(f.request, buffer, sizeof(buffer), &read, 2, 0, nullptr) == ERROR_INVALID_PARAMETER);
  REQUIRE(read == 0);
  REQUIRE(WinHttpReadDataEx(f.request, buffer, sizeof(buffer), &read, 0, 4, buffer) == ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpReadDataEx(f.request, nullptr, sizeof(buffer), &read, 0, 0, nullptr) == ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpReadDataEx(f.request, buffer, 1, &read, WINHTTP_READ_DATA_EX_FLAG_FILL_BUFFER, 0, nullptr) ==
          ERROR_SUCCESS);
  REQUIRE(read == 1);
  REQUIRE(buffer[0] == 'h');
  REQUIRE(WinHttpReadDataEx(f.request, buffer, 0, &read, 0, 0, nullptr) == ERROR_SUCCESS);
  REQUIRE(read == 0);
  REQUIRE(WinHttpReadDataEx(f.request, buffer, sizeof(buffer), &read, WINHTTP_READ_DATA_EX_FLAG_FILL_BUFFER, 0,
                            nullptr) == ERROR_SUCCESS);
  REQUIRE(std::string(buffer, read) == "ello from hinternet\n");

  read = 9;
  REQUIRE(WinHttpReadDataEx(f.session, buffer, 1, &read, 0, 0, nullptr) == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
  REQUIRE(read == 0);
  REQUIRE(WinHttpReadDataEx(nullptr, buffer, 1, &read, 0, 0, nullptr) == ERROR_INVALID_HANDLE);
  Fetch unsent(httpPort(), L"/hello.txt", false);
  REQUIRE(WinHttpReadDataEx(unsent.request, buffer, 1, &read, 0, 0, nullptr) == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
}

namespace {

// The completions of one asynchronous request, one at a time.
struct AsyncSteps {
  HANDLE step = CreateEventW(nullptr, FALSE, FALSE, nullptr);
  DWORD status = 0, length = 0;
  ~AsyncSteps() { CloseHandle(step); }
  DWORD next() {
    REQUIRE(WaitForSingleObject(step, 30000) == WAIT_OBJECT_0);
    return status;
  }
};

void CALLBACK onStep(HINTERNET, DWORD_PTR context, DWORD status, LPVOID, DWORD length) {
  auto* steps = reinterpret_cast<AsyncSteps*>(context);
  if (!steps || status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) return;
  steps->status = status;
  steps->length = length;
  SetEvent(steps->step);
}

}  // namespace

TEST_CASE("WinHttpReadDataEx: asynchronous reads complete with the first data, or with a full buffer") {
  const bool fill = GENERATE(false, true);
  INFO((fill ? "fill" : "default"));
  // Outlives the handles: HANDLE_CLOSING comes to it after they close.
  AsyncSteps steps;
  WinHttpHandle session(WinHttpOpen(L"t", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, WINHTTP_FLAG_ASYNC));
  REQUIRE(WinHttpSetStatusCallback(session, onStep,
                                   WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS, 0) != WINHTTP_INVALID_STATUS_CALLBACK);
  WinHttpHandle connect(WinHttpConnect(session, L"127.0.0.1", edgePort(), 0));
  WinHttpHandle request(WinHttpOpenRequest(connect, nullptr, L"/slow/300/150?chunk=100", nullptr, nullptr, nullptr, 0));
  REQUIRE(WinHttpSendRequest(request, nullptr, 0, nullptr, 0, 0, reinterpret_cast<DWORD_PTR>(&steps)));
  REQUIRE(steps.next() == WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE);
  REQUIRE(WinHttpReceiveResponse(request, nullptr));
  REQUIRE(steps.next() == WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE);
  char buffer[300];
  REQUIRE(WinHttpReadDataEx(request, buffer, sizeof(buffer), nullptr,
                            fill ? WINHTTP_READ_DATA_EX_FLAG_FILL_BUFFER : 0, 0, nullptr) == ERROR_SUCCESS);
  REQUIRE(steps.next() == WINHTTP_CALLBACK_STATUS_READ_COMPLETE);
  if (fill) {
    REQUIRE(steps.length == 300);
  } else {
    REQUIRE(steps.length > 0);
    REQUIRE(steps.length < 300);
  }
}
