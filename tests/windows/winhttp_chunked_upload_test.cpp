// Bodies the program frames itself: Transfer-Encoding: chunked in the
// request headers, WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH, chunks written with
// WinHttpWriteData, the request ended by WinHttpReceiveResponse. The edge
// server's /echo reports what arrived (X-Echo-Chunked, X-Echo-Body-Length)
// and returns the request head followed by the de-chunked body.
#include <algorithm>
#include <string>
#include <vector>

#include "test_servers.h"
#include "winhttp_helpers.h"

namespace {

std::string chunk(const std::string& data) {
  char size[16];
  snprintf(size, sizeof size, "%zx", data.size());
  return std::string(size) + "\r\n" + data + "\r\n";
}

const std::string kLastChunk = "0\r\n\r\n";

struct Echo {
  DWORD status = 0;
  std::string chunked, length, head, body;
};

Echo readEcho(HINTERNET request) {
  Echo echo;
  echo.status = statusCode(request);
  echo.chunked = header(request, L"X-Echo-Chunked");
  echo.length = header(request, L"X-Echo-Body-Length");
  const std::string all = readBody(request);
  const std::size_t end = all.find("\r\n\r\n");
  REQUIRE(end != std::string::npos);
  echo.head = all.substr(0, end + 4);
  echo.body = all.substr(end + 4);
  return echo;
}

// Counts the head's lines starting with `name` (case as sent).
std::size_t headFields(const std::string& head, const std::string& name) {
  std::size_t count = 0;
  for (std::size_t at = head.find("\r\n" + name); at != std::string::npos; at = head.find("\r\n" + name, at + 2))
    ++count;
  return count;
}

struct Connection {
  WinHttpHandle session, connect;
  explicit Connection(bool async = false)
      : session(WinHttpOpen(L"t", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, async ? WINHTTP_FLAG_ASYNC : 0)),
        connect(WinHttpConnect(session, L"127.0.0.1", edgePort(), 0)) {
    REQUIRE(connect.h);
  }
  HINTERNET open(LPCWSTR path = L"/echo", LPCWSTR verb = L"POST") {
    HINTERNET request = WinHttpOpenRequest(connect, verb, path, nullptr, nullptr, nullptr, 0);
    REQUIRE(request);
    return request;
  }
};

// Sends with the chunked header among the send's headers and no data.
void sendChunkedHeader(HINTERNET request) {
  REQUIRE(WinHttpSendRequest(request, L"Transfer-Encoding: chunked", DWORD(-1), WINHTTP_NO_REQUEST_DATA, 0,
                             WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH, 0));
}

void writeAll(HINTERNET request, const std::string& data) {
  DWORD written = 0;
  REQUIRE(WinHttpWriteData(request, data.data(), DWORD(data.size()), &written));
  REQUIRE(written == data.size());
}

// Sends with the chunked header among the send's headers, writes each
// buffer, and returns what the server saw.
Echo postFramed(const std::vector<std::string>& writes, LPCWSTR path = L"/echo") {
  Connection c;
  WinHttpHandle request(c.open(path));
  sendChunkedHeader(request);
  for (const std::string& data : writes) writeAll(request, data);
  REQUIRE(WinHttpReceiveResponse(request, nullptr));
  return readEcho(request);
}

void requireChunkedEcho(const Echo& echo, const std::string& payload) {
  CHECK(echo.status == 200);
  CHECK(echo.chunked == "1");
  CHECK(echo.length == std::to_string(payload.size()));
  CHECK(headFields(echo.head, "Transfer-Encoding: chunked") == 1);
  CHECK(headFields(echo.head, "Content-Length") == 0);
  CHECK(echo.body == payload);
}

}  // namespace

TEST_CASE("WinHTTP chunked upload: the program's chunks arrive as one chunked body") {
  SECTION("a few chunks, one write each") {
    requireChunkedEcho(postFramed({chunk("hello"), chunk(", "), chunk("world"), kLastChunk}), "hello, world");
  }
  SECTION("one 1 MiB chunk") {
    std::string payload(1u << 20, '\0');
    for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = char('a' + i % 23);
    requireChunkedEcho(postFramed({chunk(payload), kLastChunk}), payload);
  }
  SECTION("many tiny chunks, framing split across writes at odd places") {
    std::string payload, framed;
    for (int i = 0; i < 600; ++i) {
      const std::string piece(std::size_t(i % 5 + 1), char('A' + i % 26));
      payload += piece;
      framed += chunk(piece);
    }
    framed += kLastChunk;
    std::vector<std::string> writes;
    for (std::size_t at = 0, step = 1; at < framed.size(); at += step, step = step % 7 + 1)
      writes.push_back(framed.substr(at, step));
    requireChunkedEcho(postFramed(writes), payload);
  }
  SECTION("an empty body is the last chunk alone") {
    requireChunkedEcho(postFramed({kLastChunk}), "");
  }
  SECTION("chunk extensions are accepted") {
    requireChunkedEcho(postFramed({"3;note=x\r\nabc\r\n", kLastChunk}), "abc");
  }
}

TEST_CASE("WinHTTP chunked upload: header added beforehand, framing in the optional data") {
  Connection c;
  WinHttpHandle request(c.open());
  REQUIRE(WinHttpAddRequestHeaders(request, L"Transfer-Encoding: chunked", DWORD(-1), WINHTTP_ADDREQ_FLAG_ADD));
  std::string optional = chunk("first ") + "6\r\nsec";
  REQUIRE(WinHttpSendRequest(request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, optional.data(), DWORD(optional.size()),
                             WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH, 0));
  writeAll(request, "ond\r\n" + kLastChunk);
  REQUIRE(WinHttpReceiveResponse(request, nullptr));
  requireChunkedEcho(readEcho(request), "first second");
}

TEST_CASE("WinHTTP chunked upload: trailer fields reach the server") {
  Connection c;
  WinHttpHandle request(c.open(L"/echo-json"));
  REQUIRE(WinHttpSendRequest(request, L"Transfer-Encoding: chunked\r\n", DWORD(-1), WINHTTP_NO_REQUEST_DATA, 0,
                             WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH, 0));
  writeAll(request, chunk("data") + "0\r\nX-Checksum: 1234\r\n\r\n");
  REQUIRE(WinHttpReceiveResponse(request, nullptr));
  REQUIRE(statusCode(request) == 200);
  const std::string json = readBody(request);
  CHECK(json.find("\"chunked\": true") != std::string::npos);
  CHECK(json.find("\"body\": \"data\"") != std::string::npos);
  CHECK(json.find("\"X-Checksum\",\n   \"1234\"") != std::string::npos);
}

TEST_CASE("WinHTTP chunked upload: malformed framing fails the write, and nothing hangs") {
  Connection c;
  WinHttpHandle request(c.open());
  sendChunkedHeader(request);
  writeAll(request, chunk("fine"));
  const std::string bad = "5\r\nhelloXX";
  DWORD written = 7;
  REQUIRE_FALSE(WinHttpWriteData(request, bad.data(), DWORD(bad.size()), &written));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  CHECK(written == 0);
  // The body stays broken: even a correct ending is refused.
  REQUIRE_FALSE(WinHttpWriteData(request, kLastChunk.data(), DWORD(kLastChunk.size()), &written));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE_FALSE(WinHttpReceiveResponse(request, nullptr));
  CHECK(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
}

TEST_CASE("WinHTTP chunked upload: malformed framing in the optional data fails the send") {
  Connection c;
  WinHttpHandle request(c.open());
  const std::string bad = "zz\r\n";
  REQUIRE_FALSE(WinHttpSendRequest(request, L"Transfer-Encoding: chunked", DWORD(-1), const_cast<char*>(bad.data()),
                                   DWORD(bad.size()), WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH, 0));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
}

TEST_CASE("WinHTTP chunked upload: bytes after the last chunk are refused") {
  Connection c;
  WinHttpHandle request(c.open());
  sendChunkedHeader(request);
  writeAll(request, chunk("x") + kLastChunk);
  DWORD written = 0;
  REQUIRE_FALSE(WinHttpWriteData(request, "1\r\ny\r\n", 6, &written));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
  REQUIRE(WinHttpReceiveResponse(request, nullptr));
  requireChunkedEcho(readEcho(request), "x");
}

TEST_CASE("WinHTTP chunked upload: ReceiveResponse before the last chunk is refused, then works once it is sent") {
  Connection c;
  WinHttpHandle request(c.open());
  sendChunkedHeader(request);
  writeAll(request, chunk("part"));
  REQUIRE_FALSE(WinHttpReceiveResponse(request, nullptr));
  CHECK(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
  // Half a last chunk is still unfinished.
  writeAll(request, "0\r\n");
  REQUIRE_FALSE(WinHttpReceiveResponse(request, nullptr));
  CHECK(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
  writeAll(request, "\r\n");
  REQUIRE(WinHttpReceiveResponse(request, nullptr));
  requireChunkedEcho(readEcho(request), "part");
}

namespace {

// Writes the framed pieces from the callback, one WRITE_COMPLETE each, then
// receives and reads the echo.
struct AsyncUpload {
  HANDLE done = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  HANDLE closed = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  std::vector<std::string> writes;
  std::size_t next = 0;
  std::vector<DWORD> completed;  // WRITE_COMPLETE counts
  std::string echoed;
  char buffer[65536];
  DWORD errorApi = 0, error = 0;
  ~AsyncUpload() {
    CloseHandle(done);
    CloseHandle(closed);
  }
};

void finishWith(AsyncUpload* u) { SetEvent(u->done); }

void writeOrReceive(HINTERNET h, AsyncUpload* u) {
  if (u->next < u->writes.size()) {
    const std::string& data = u->writes[u->next++];
    if (!WinHttpWriteData(h, data.data(), DWORD(data.size()), nullptr)) finishWith(u);
  } else if (!WinHttpReceiveResponse(h, nullptr)) {
    u->error = GetLastError();
    finishWith(u);
  }
}

void CALLBACK onAsyncUpload(HINTERNET h, DWORD_PTR context, DWORD status, LPVOID info, DWORD length) {
  auto* u = reinterpret_cast<AsyncUpload*>(context);
  switch (status) {
    case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
      writeOrReceive(h, u);
      break;
    case WINHTTP_CALLBACK_STATUS_WRITE_COMPLETE:
      u->completed.push_back(*static_cast<DWORD*>(info));
      writeOrReceive(h, u);
      break;
    case WINHTTP_CALLBACK_STATUS_READ_COMPLETE:
      if (!length) {
        finishWith(u);
        break;
      }
      u->echoed.append(static_cast<char*>(info), length);
      [[fallthrough]];
    case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE:
      if (!WinHttpReadData(h, u->buffer, sizeof(u->buffer), nullptr)) finishWith(u);
      break;
    case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR: {
      const auto* result = static_cast<WINHTTP_ASYNC_RESULT*>(info);
      u->errorApi = DWORD(result->dwResult);
      u->error = result->dwError;
      finishWith(u);
      break;
    }
    case WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING:
      SetEvent(u->closed);
      break;
  }
}

void runAsync(AsyncUpload& u) {
  Connection c(true);
  HINTERNET request = c.open();
  REQUIRE(WinHttpSetStatusCallback(request, onAsyncUpload, WINHTTP_CALLBACK_FLAG_ALL_COMPLETIONS |
                                                               WINHTTP_CALLBACK_FLAG_HANDLES, 0) !=
          WINHTTP_INVALID_STATUS_CALLBACK);
  REQUIRE(WinHttpSendRequest(request, L"Transfer-Encoding: chunked", DWORD(-1), WINHTTP_NO_REQUEST_DATA, 0,
                             WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH, reinterpret_cast<DWORD_PTR>(&u)));
  REQUIRE(WaitForSingleObject(u.done, 60000) == WAIT_OBJECT_0);
  WinHttpCloseHandle(request);
  REQUIRE(WaitForSingleObject(u.closed, 60000) == WAIT_OBJECT_0);
}

}  // namespace

TEST_CASE("WinHTTP chunked upload, async: one WRITE_COMPLETE per write, the body arrives chunked") {
  std::string payload(1u << 20, 'q');
  AsyncUpload u;
  u.writes = {chunk("tiny"), chunk(payload), chunk("!"), kLastChunk};
  runAsync(u);
  CHECK(u.error == 0);
  REQUIRE(u.completed.size() == u.writes.size());
  for (std::size_t i = 0; i < u.writes.size(); ++i) CHECK(u.completed[i] == u.writes[i].size());
  const std::size_t end = u.echoed.find("\r\n\r\n");
  REQUIRE(end != std::string::npos);
  CHECK(headFields(u.echoed.substr(0, end + 4), "Transfer-Encoding: chunked") == 1);
  CHECK(headFields(u.echoed.substr(0, end + 4), "Content-Length") == 0);
  CHECK(u.echoed.substr(end + 4) == "tiny" + payload + "!");
}

TEST_CASE("WinHTTP chunked upload, async: malformed framing ends in REQUEST_ERROR for the write") {
  AsyncUpload u;
  u.writes = {chunk("ok"), "3\r\nabcd\r\n"};
  runAsync(u);
  CHECK(u.completed.size() == 1);
  CHECK(u.errorApi == API_WRITE_DATA);
  CHECK(u.error == ERROR_INVALID_PARAMETER);
}

TEST_CASE("WinHTTP chunked upload, async: ReceiveResponse without the last chunk is refused at once") {
  AsyncUpload u;
  u.writes = {chunk("unfinished")};
  runAsync(u);
  CHECK(u.completed.size() == 1);
  CHECK(u.errorApi == 0);
  CHECK(u.error == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
}
