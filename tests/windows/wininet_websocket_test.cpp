// WinINet WebSocket API (HttpWebSocket*), synchronous mode, against the edge
// server's /ws/echo (echo, fragments, "!close CODE REASON", "!ping DATA",
// "!fragment N TEXT", "!big N") over ws and wss. The program writes the
// handshake headers itself, as WinINet programs do.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "../../wininet/websocket_sdk.h"
#include "edge_pattern.h"
#include "test_servers.h"
#include "websocket_receive.h"
#include "wininet_helpers.h"
#include "wininet_websocket_util.h"

namespace {

// RFC 6455's sample nonce, and the accept value it yields.
constexpr char kKey[] = "dGhlIHNhbXBsZSBub25jZQ==";
constexpr char kAccept[] = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

const std::string& kHandshake = wsHandshakeHeaders();

std::string responseHeader(HINTERNET request, const char* name) {
  char buffer[256];
  std::strncpy(buffer, name, sizeof(buffer) - 1);
  buffer[sizeof(buffer) - 1] = '\0';
  DWORD size = sizeof(buffer);
  if (!HttpQueryInfoA(request, HTTP_QUERY_CUSTOM, buffer, &size, nullptr)) return "<" + std::to_string(GetLastError()) + ">";
  return std::string(buffer, size);
}

// Session, connect and request to the edge server, and the socket once
// upgraded; whatever is still open is closed at the end.
struct InetWs {
  HINTERNET session = nullptr, connect = nullptr, request = nullptr, socket = nullptr;
  bool secure;

  explicit InetWs(bool secure) : secure(secure) {
    session = InternetOpenA("hinternet-ws", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, 0);
    REQUIRE(session);
    connect = InternetConnectA(session, secure ? "localhost" : "127.0.0.1", secure ? edgeTlsPort() : edgePort(),
                               nullptr, nullptr, INTERNET_SERVICE_HTTP, 0, 0);
    REQUIRE(connect);
  }
  ~InetWs() {
    for (HINTERNET h : {socket, request, connect, session})
      if (h) InternetCloseHandle(h);
  }

  void open(const char* path = "/ws/echo") {
    request = HttpOpenRequestA(connect, "GET", path, nullptr, nullptr, nullptr,
                               INTERNET_FLAG_RELOAD | (secure ? INTERNET_FLAG_SECURE : 0), 0);
    REQUIRE(request);
  }

  // Sends the handshake (or `headers`); returns the status, with the
  // socket on a 101.
  DWORD upgrade(const char* path = "/ws/echo", const std::string& headers = kHandshake) {
    if (!request) open(path);
    REQUIRE(HttpSendRequestA(request, headers.c_str(), DWORD(-1), nullptr, 0));
    const DWORD status = statusOf(request);
    if (status == 101) {
      SetLastError(0xdeadbeef);
      socket = HttpWebSocketCompleteUpgrade(request, 7);
      REQUIRE(socket);
      REQUIRE(GetLastError() == ERROR_SUCCESS);
    }
    return status;
  }
};

using Received = WsReceived;

Received receive(HINTERNET socket, DWORD size = 65536) {
  Received r;
  std::vector<char> buffer(size);
  DWORD read = 0xdeadbeef;
  HTTP_WEB_SOCKET_BUFFER_TYPE type = HTTP_WEB_SOCKET_BINARY_MESSAGE_TYPE;
  if (HttpWebSocketReceive(socket, buffer.data(), size, &read, &type))
    r.data.assign(buffer.data(), read);
  else
    r.error = GetLastError();
  r.type = type;
  return r;
}

std::string receiveMessage(HINTERNET socket, HTTP_WEB_SOCKET_BUFFER_TYPE kind, DWORD size,
                           std::size_t* pieces = nullptr) {
  return receiveWholeMessage([socket](DWORD n) { return receive(socket, n); }, kind, size, pieces);
}

// The last error of a send, ERROR_SUCCESS included.
DWORD sendText(HINTERNET socket, const std::string& text,
               HTTP_WEB_SOCKET_BUFFER_TYPE type = HTTP_WEB_SOCKET_UTF8_MESSAGE_TYPE) {
  SetLastError(0xdeadbeef);
  const BOOL ok = HttpWebSocketSend(socket, type, const_cast<char*>(text.data()), static_cast<DWORD>(text.size()));
  const DWORD error = GetLastError();
  REQUIRE(bool(ok) == (error == ERROR_SUCCESS));
  return error;
}

DWORD closeSocket(HINTERNET socket, USHORT status, const char* reason = nullptr) {
  return lastError([&] {
    return HttpWebSocketClose(socket, status, const_cast<char*>(reason), reason ? DWORD(std::strlen(reason)) : 0);
  });
}

}  // namespace

TEST_CASE("WinINet WebSocket: the program's handshake headers go out, the 101 comes back, the socket echoes") {
  for (bool secure : {false, true}) {
    INFO((secure ? "wss" : "ws"));
    InetWs ws(secure);
    REQUIRE(ws.upgrade() == 101);
    REQUIRE(responseHeader(ws.request, "Upgrade") == "websocket");
    // The server answered the key the program sent.
    REQUIRE(responseHeader(ws.request, "Sec-WebSocket-Accept") == kAccept);
    REQUIRE(sendText(ws.socket, "hello") == ERROR_SUCCESS);
    Received r = receive(ws.socket);
    REQUIRE(r.error == ERROR_SUCCESS);
    REQUIRE(r.type == HTTP_WEB_SOCKET_UTF8_MESSAGE_TYPE);
    REQUIRE(r.data == "hello");
    REQUIRE(closeSocket(ws.socket, HTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS) == ERROR_SUCCESS);
  }
}

TEST_CASE("WinINet WebSocket: header names and the Upgrade token are matched without regard to case") {
  InetWs ws(false);
  const std::string headers = std::string("upgrade: WebSocket\r\nconnection: keep-alive, Upgrade\r\n") +
                              "sec-websocket-key: " + kKey + "\r\nsec-websocket-version: 13\r\n" +
                              "Sec-WebSocket-Protocol: chat, superchat\r\n";
  REQUIRE(ws.upgrade("/ws/echo", headers) == 101);
  REQUIRE(responseHeader(ws.request, "Sec-WebSocket-Protocol") == "chat");
  REQUIRE(sendText(ws.socket, "case") == ERROR_SUCCESS);
  REQUIRE(receive(ws.socket).data == "case");
}

TEST_CASE("WinINet WebSocket: text, binary, empty and fragmented messages echo over ws and wss") {
  for (bool secure : {false, true}) {
    INFO((secure ? "wss" : "ws"));
    InetWs ws(secure);
    REQUIRE(ws.upgrade() == 101);

    std::string binary;
    for (int i = 0; i < 1000; ++i) binary += static_cast<char>(i * 7);
    REQUIRE(sendText(ws.socket, binary, HTTP_WEB_SOCKET_BINARY_MESSAGE_TYPE) == ERROR_SUCCESS);
    Received r = receive(ws.socket);
    REQUIRE(r.type == HTTP_WEB_SOCKET_BINARY_MESSAGE_TYPE);
    REQUIRE(r.data == binary);

    // An empty message is a message too, and a null buffer may carry it.
    REQUIRE(lastError([&] { return HttpWebSocketSend(ws.socket, HTTP_WEB_SOCKET_UTF8_MESSAGE_TYPE, nullptr, 0); }) ==
            ERROR_SUCCESS);
    r = receive(ws.socket);
    REQUIRE(r.error == ERROR_SUCCESS);
    REQUIRE(r.type == HTTP_WEB_SOCKET_UTF8_MESSAGE_TYPE);
    REQUIRE(r.data.empty());

    // Fragments we send: the server reassembles them into one message.
    REQUIRE(sendText(ws.socket, "frag", HTTP_WEB_SOCKET_UTF8_FRAGMENT_TYPE) == ERROR_SUCCESS);
    REQUIRE(sendText(ws.socket, "ment", HTTP_WEB_SOCKET_UTF8_FRAGMENT_TYPE) == ERROR_SUCCESS);
    REQUIRE(sendText(ws.socket, "ed") == ERROR_SUCCESS);
    REQUIRE(receiveMessage(ws.socket, HTTP_WEB_SOCKET_UTF8_MESSAGE_TYPE, 4096) == "fragmented");
    REQUIRE(sendText(ws.socket, "bin", HTTP_WEB_SOCKET_BINARY_FRAGMENT_TYPE) == ERROR_SUCCESS);
    REQUIRE(sendText(ws.socket, "ary", HTTP_WEB_SOCKET_BINARY_MESSAGE_TYPE) == ERROR_SUCCESS);
    REQUIRE(receiveMessage(ws.socket, HTTP_WEB_SOCKET_BINARY_MESSAGE_TYPE, 4096) == "binary");

    // Fragments it sends come out as fragments, the last as the message.
    REQUIRE(sendText(ws.socket, "!fragment 3 abcdefghi") == ERROR_SUCCESS);
    std::size_t pieces = 0;
    REQUIRE(receiveMessage(ws.socket, HTTP_WEB_SOCKET_UTF8_MESSAGE_TYPE, 4096, &pieces) == "abcdefghi");
    REQUIRE(pieces == 3);

    // A message larger than the buffer arrives in buffer-sized fragments.
    REQUIRE(sendText(ws.socket, "0123456789") == ERROR_SUCCESS);
    REQUIRE(receiveMessage(ws.socket, HTTP_WEB_SOCKET_UTF8_MESSAGE_TYPE, 4, &pieces) == "0123456789");
    REQUIRE(pieces == 3);

    REQUIRE(closeSocket(ws.socket, HTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, "bye") == ERROR_SUCCESS);
    requireCloseStatus(ws.socket, 1000, "bye");  // the server echoes ours
  }
}

TEST_CASE("WinINet WebSocket: large messages both ways") {
  for (bool secure : {false, true}) {
    INFO((secure ? "wss" : "ws"));
    InetWs ws(secure);
    REQUIRE(ws.upgrade() == 101);
    REQUIRE(sendText(ws.socket, "!big 100000") == ERROR_SUCCESS);
    std::size_t pieces = 0;
    REQUIRE(receiveMessage(ws.socket, HTTP_WEB_SOCKET_BINARY_MESSAGE_TYPE, 4096, &pieces) == pattern(100000));
    REQUIRE(pieces >= 100000 / 4096);

    // Several MiB each way: sends wait for the socket, receives pause the
    // transfer at its buffer bound.
    const std::string payload = pattern(3u << 20);
    REQUIRE(sendText(ws.socket, payload, HTTP_WEB_SOCKET_BINARY_MESSAGE_TYPE) == ERROR_SUCCESS);
    REQUIRE(receiveMessage(ws.socket, HTTP_WEB_SOCKET_BINARY_MESSAGE_TYPE, 1u << 20) == payload);
    REQUIRE(closeSocket(ws.socket, 1000) == ERROR_SUCCESS);
  }
}

TEST_CASE("WinINet WebSocket: a ping from the server is answered while receiving") {
  InetWs ws(false);
  REQUIRE(ws.upgrade() == 101);
  REQUIRE(sendText(ws.socket, "!ping are you there") == ERROR_SUCCESS);
  // The server reports our pong as a text message.
  Received r = receive(ws.socket);
  REQUIRE(r.error == ERROR_SUCCESS);
  REQUIRE(r.data == "pong are you there");
  REQUIRE(closeSocket(ws.socket, 1000) == ERROR_SUCCESS);
}

TEST_CASE("WinINet WebSocket: a close from the server, its status and reason, and the query's buffer rules") {
  InetWs ws(true);
  REQUIRE(ws.upgrade() == 101);
  USHORT status = 0;
  DWORD length = 0;
  char reason[8];
  // Nothing to report before the server's close frame.
  REQUIRE(lastError([&] { return HttpWebSocketQueryCloseStatus(ws.socket, &status, reason, sizeof(reason), &length); }) ==
          ERROR_INVALID_OPERATION);
  REQUIRE(sendText(ws.socket, "!close 4001 going away") == ERROR_SUCCESS);
  Received r = receive(ws.socket);
  REQUIRE(r.error == ERROR_SUCCESS);
  REQUIRE(r.type == HTTP_WEB_SOCKET_CLOSE_TYPE);
  REQUIRE(r.data.empty());
  requireCloseStatus(ws.socket, 4001, "going away");
  // The reason does not fit: the status and the size it needs come back.
  status = 0;
  length = 0;
  REQUIRE(lastError([&] { return HttpWebSocketQueryCloseStatus(ws.socket, &status, reason, 2, &length); }) ==
          ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(status == 4001);
  REQUIRE(length == 10);
  // No buffer at all is a zero-length one.
  status = 0;
  length = 0;
  REQUIRE(lastError([&] { return HttpWebSocketQueryCloseStatus(ws.socket, &status, nullptr, 0, &length); }) ==
          ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(status == 4001);
  REQUIRE(length == 10);
  // Exactly the reason's size is enough: it is not terminated.
  char exact[10];
  REQUIRE(HttpWebSocketQueryCloseStatus(ws.socket, &status, exact, sizeof(exact), &length));
  REQUIRE(std::string(exact, length) == "going away");
  // Both channels are done once the close is in.
  REQUIRE(receive(ws.socket).error == ERROR_INVALID_OPERATION);
  REQUIRE(sendText(ws.socket, "late") == ERROR_INVALID_OPERATION);
  // The close answers it; the status stays the server's.
  REQUIRE(closeSocket(ws.socket, 1000) == ERROR_SUCCESS);
  requireCloseStatus(ws.socket, 4001, "going away");
  REQUIRE(closeSocket(ws.socket, 1000) == ERROR_INVALID_OPERATION);
  REQUIRE(lastError([&] { return HttpWebSocketShutdown(ws.socket, 1000, nullptr, 0); }) == ERROR_INVALID_OPERATION);
}

TEST_CASE("WinINet WebSocket: an empty close frame reports status 1005 and no reason") {
  InetWs ws(false);
  REQUIRE(ws.upgrade() == 101);
  REQUIRE(sendText(ws.socket, "!close 0") == ERROR_SUCCESS);
  Received r = receive(ws.socket);
  REQUIRE(r.error == ERROR_SUCCESS);
  REQUIRE(r.type == HTTP_WEB_SOCKET_CLOSE_TYPE);
  requireCloseStatus(ws.socket, HTTP_WEB_SOCKET_EMPTY_CLOSE_STATUS, "");
  REQUIRE(closeSocket(ws.socket, HTTP_WEB_SOCKET_EMPTY_CLOSE_STATUS) == ERROR_SUCCESS);
}

TEST_CASE("WinINet WebSocket: the client's close is echoed, and the handle stays open until closed") {
  InetWs ws(false);
  REQUIRE(ws.upgrade() == 101);
  const std::string longest(HTTP_WEB_SOCKET_MAX_CLOSE_REASON_LENGTH, 'r');
  REQUIRE(closeSocket(ws.socket, 4321, longest.c_str()) == ERROR_SUCCESS);
  requireCloseStatus(ws.socket, 4321, longest);
  REQUIRE(sendText(ws.socket, "x") == ERROR_INVALID_OPERATION);
  REQUIRE(receive(ws.socket).error == ERROR_INVALID_OPERATION);
  REQUIRE(InternetCloseHandle(ws.socket));
  ws.socket = nullptr;
}

TEST_CASE("WinINet WebSocket: shutdown closes the send channel, the receive channel stays open") {
  InetWs ws(true);
  REQUIRE(ws.upgrade() == 101);
  REQUIRE(sendText(ws.socket, "before") == ERROR_SUCCESS);
  REQUIRE(lastError([&] { return HttpWebSocketShutdown(ws.socket, 1000, const_cast<char*>("done"), 4); }) ==
          ERROR_SUCCESS);
  REQUIRE(sendText(ws.socket, "after") == ERROR_INVALID_OPERATION);
  REQUIRE(lastError([&] { return HttpWebSocketShutdown(ws.socket, 1000, nullptr, 0); }) == ERROR_INVALID_OPERATION);
  // What the server sent before its close still arrives, then the close.
  Received r = receive(ws.socket);
  REQUIRE(r.data == "before");
  r = receive(ws.socket);
  REQUIRE(r.error == ERROR_SUCCESS);
  REQUIRE(r.type == HTTP_WEB_SOCKET_CLOSE_TYPE);
  requireCloseStatus(ws.socket, 1000, "done");
  // The close does not send a second close frame.
  REQUIRE(closeSocket(ws.socket, 1000) == ERROR_SUCCESS);
}

TEST_CASE("WinINet WebSocket: no socket without a 101 to a handshake") {
  InetWs ws(false);
  SECTION("before the request is sent") {
    ws.open();
    SetLastError(0);
    REQUIRE(HttpWebSocketCompleteUpgrade(ws.request, 0) == nullptr);
    REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_STATE);
  }
  SECTION("a refused upgrade is an ordinary response") {
    REQUIRE(ws.upgrade("/status/404") == 404);
    SetLastError(0);
    REQUIRE(HttpWebSocketCompleteUpgrade(ws.request, 0) == nullptr);
    REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_STATE);
  }
  SECTION("without the handshake headers the server refuses") {
    REQUIRE(ws.upgrade("/ws/echo", "X-Nothing: here\r\n") == 400);
    SetLastError(0);
    REQUIRE(HttpWebSocketCompleteUpgrade(ws.request, 0) == nullptr);
    REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_STATE);
  }
  SECTION("one socket per upgrade, and the request has no body to read") {
    REQUIRE(ws.upgrade() == 101);
    SetLastError(0);
    REQUIRE(HttpWebSocketCompleteUpgrade(ws.request, 0) == nullptr);
    REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    char buffer[16];
    DWORD read = 0;
    REQUIRE_FALSE(InternetReadFile(ws.request, buffer, sizeof(buffer), &read));
    REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_STATE);
    REQUIRE(closeSocket(ws.socket, 1000) == ERROR_SUCCESS);
  }
}

TEST_CASE("WinINet WebSocket: bad handles and bad arguments on every export") {
  InetWs ws(false);
  REQUIRE(ws.upgrade() == 101);
  char buffer[16] = {};
  DWORD read = 0, length = 0;
  USHORT status = 0;
  HTTP_WEB_SOCKET_BUFFER_TYPE type;
  const auto wrong = {HINTERNET(nullptr), ws.session, ws.connect, ws.request, HINTERNET(0x4321)};
  for (HINTERNET handle : wrong) {
    INFO("handle " << handle);
    const DWORD expected = handle == nullptr || handle == HINTERNET(0x4321) ? ERROR_INVALID_HANDLE
                                                                            : ERROR_INTERNET_INCORRECT_HANDLE_TYPE;
    REQUIRE(lastError([&] { return HttpWebSocketSend(handle, HTTP_WEB_SOCKET_BINARY_MESSAGE_TYPE, buffer, 1); }) ==
            expected);
    REQUIRE(lastError([&] { return HttpWebSocketReceive(handle, buffer, sizeof(buffer), &read, &type); }) ==
            expected);
    REQUIRE(lastError([&] { return HttpWebSocketShutdown(handle, 1000, nullptr, 0); }) == expected);
    REQUIRE(lastError([&] { return HttpWebSocketClose(handle, 1000, nullptr, 0); }) == expected);
    REQUIRE(lastError([&] { return HttpWebSocketQueryCloseStatus(handle, &status, buffer, 1, &length); }) ==
            expected);
    if (handle != ws.request) {
      SetLastError(0);
      REQUIRE(HttpWebSocketCompleteUpgrade(handle, 0) == nullptr);
      REQUIRE(GetLastError() == expected);
    }
  }
  SetLastError(0);
  REQUIRE(HttpWebSocketCompleteUpgrade(ws.socket, 0) == nullptr);
  REQUIRE(GetLastError() == ERROR_INTERNET_INCORRECT_HANDLE_TYPE);

  // Send: a length without a buffer; the close type and made-up types.
  REQUIRE(lastError([&] { return HttpWebSocketSend(ws.socket, HTTP_WEB_SOCKET_BINARY_MESSAGE_TYPE, nullptr, 5); }) ==
          ERROR_INVALID_PARAMETER);
  for (int bad : {int(HTTP_WEB_SOCKET_CLOSE_TYPE), 6, 99, -1}) {
    INFO("type " << bad);
    REQUIRE(lastError([&] {
              return HttpWebSocketSend(ws.socket, static_cast<HTTP_WEB_SOCKET_BUFFER_TYPE>(bad), buffer, 1);
            }) == ERROR_INVALID_PARAMETER);
  }
  // Receive: every pointer is required, and a buffer of at least a byte.
  REQUIRE(lastError([&] { return HttpWebSocketReceive(ws.socket, nullptr, 10, &read, &type); }) ==
          ERROR_INVALID_PARAMETER);
  REQUIRE(lastError([&] { return HttpWebSocketReceive(ws.socket, buffer, 0, &read, &type); }) ==
          ERROR_INVALID_PARAMETER);
  REQUIRE(lastError([&] { return HttpWebSocketReceive(ws.socket, buffer, 1, nullptr, &type); }) ==
          ERROR_INVALID_PARAMETER);
  REQUIRE(lastError([&] { return HttpWebSocketReceive(ws.socket, buffer, 1, &read, nullptr); }) ==
          ERROR_INVALID_PARAMETER);
  // Shutdown and close: a reason needs a buffer and at most 123 bytes.
  const std::string tooLong(HTTP_WEB_SOCKET_MAX_CLOSE_REASON_LENGTH + 1, 'x');
  REQUIRE(lastError([&] { return HttpWebSocketShutdown(ws.socket, 1000, nullptr, 1); }) == ERROR_INVALID_PARAMETER);
  REQUIRE(lastError([&] {
            return HttpWebSocketShutdown(ws.socket, 1000, const_cast<char*>(tooLong.data()), DWORD(tooLong.size()));
          }) == ERROR_INVALID_PARAMETER);
  REQUIRE(lastError([&] { return HttpWebSocketClose(ws.socket, 1000, nullptr, 3); }) == ERROR_INVALID_PARAMETER);
  REQUIRE(lastError([&] {
            return HttpWebSocketClose(ws.socket, 1000, const_cast<char*>(tooLong.data()), DWORD(tooLong.size()));
          }) == ERROR_INVALID_PARAMETER);
  // Query: the status and length pointers, and a buffer for a length.
  REQUIRE(lastError([&] { return HttpWebSocketQueryCloseStatus(ws.socket, nullptr, buffer, 1, &length); }) ==
          ERROR_INVALID_PARAMETER);
  REQUIRE(lastError([&] { return HttpWebSocketQueryCloseStatus(ws.socket, &status, nullptr, 1, &length); }) ==
          ERROR_INVALID_PARAMETER);
  REQUIRE(lastError([&] { return HttpWebSocketQueryCloseStatus(ws.socket, &status, buffer, 1, nullptr); }) ==
          ERROR_INVALID_PARAMETER);

  // A fragmented message keeps its type to the end; none of the refusals
  // above touched the connection.
  REQUIRE(sendText(ws.socket, "ab", HTTP_WEB_SOCKET_BINARY_FRAGMENT_TYPE) == ERROR_SUCCESS);
  REQUIRE(sendText(ws.socket, "cd", HTTP_WEB_SOCKET_UTF8_FRAGMENT_TYPE) == ERROR_INVALID_PARAMETER);
  REQUIRE(sendText(ws.socket, "cd") == ERROR_INVALID_PARAMETER);
  REQUIRE(sendText(ws.socket, "cd", HTTP_WEB_SOCKET_BINARY_MESSAGE_TYPE) == ERROR_SUCCESS);
  Received r = receive(ws.socket);
  REQUIRE(r.type == HTTP_WEB_SOCKET_BINARY_MESSAGE_TYPE);
  REQUIRE(r.data == "abcd");

  // A closed socket handle is no handle.
  HINTERNET socket = ws.socket;
  REQUIRE(InternetCloseHandle(socket));
  ws.socket = nullptr;
  REQUIRE(sendText(socket, "x") == ERROR_INVALID_HANDLE);
  REQUIRE(lastError([&] { return HttpWebSocketQueryCloseStatus(socket, &status, buffer, 1, &length); }) ==
          ERROR_INVALID_HANDLE);
  REQUIRE_FALSE(InternetCloseHandle(socket));
  REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
}

TEST_CASE("WinINet WebSocket: the socket outlives its request; closing the connect or the session closes it") {
  // Programs close the request as soon as it is upgraded and go on with the
  // socket: Microsoft's WebSocket sample does so with the same calls of
  // WinHTTP ("The request handle is not needed anymore", Windows classic
  // samples, WinhttpWebsocket.cpp).
  {
    InetWs ws(false);
    REQUIRE(ws.upgrade() == 101);
    REQUIRE(InternetCloseHandle(ws.request));
    ws.request = nullptr;
    REQUIRE(sendText(ws.socket, "after the request") == ERROR_SUCCESS);
    const Received r = receive(ws.socket);
    REQUIRE(r.error == ERROR_SUCCESS);
    REQUIRE(r.data == "after the request");
    REQUIRE(closeSocket(ws.socket, 1000) == ERROR_SUCCESS);
  }
  for (bool viaSession : {false, true}) {
    INFO((viaSession ? "session" : "connect"));
    InetWs ws(viaSession);
    REQUIRE(ws.upgrade() == 101);
    HINTERNET& closed = viaSession ? ws.session : ws.connect;
    REQUIRE(InternetCloseHandle(closed));
    closed = nullptr;
    ws.request = nullptr;  // closed with its parent
    REQUIRE(sendText(ws.socket, "x") == ERROR_INVALID_HANDLE);
    REQUIRE(receive(ws.socket).error == ERROR_INVALID_HANDLE);
    REQUIRE(closeSocket(ws.socket, 1000) == ERROR_INVALID_HANDLE);
    REQUIRE_FALSE(InternetCloseHandle(ws.socket));
    REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
    ws.socket = nullptr;
  }
}

TEST_CASE("WinINet WebSocket: closing the socket or its connect wakes a blocked receive") {
  for (bool viaConnect : {false, true}) {
    INFO((viaConnect ? "connect" : "socket"));
    InetWs ws(true);
    REQUIRE(ws.upgrade() == 101);
    DWORD error = 0;
    std::thread reader([&] { error = receive(ws.socket).error; });
    Sleep(200);  // lets the reader block; it must wake either way
    HINTERNET& closed = viaConnect ? ws.connect : ws.socket;
    REQUIRE(InternetCloseHandle(closed));
    closed = nullptr;
    reader.join();
    REQUIRE(error == ERROR_INTERNET_OPERATION_CANCELLED);
    if (viaConnect) ws.socket = ws.request = nullptr;  // closed with their parent
  }
}

TEST_CASE("WinINet WebSocket: a server that vanishes or breaks the protocol fails the calls cleanly") {
  for (bool secure : {false, true}) {
    INFO((secure ? "wss" : "ws"));
    {
      INFO("the connection closes without a close frame");
      InetWs ws(secure);
      REQUIRE(ws.upgrade() == 101);
      REQUIRE(sendText(ws.socket, "!drop") == ERROR_SUCCESS);
      REQUIRE(receive(ws.socket).error == ERROR_INTERNET_CONNECTION_ABORTED);
      USHORT status = 0;
      DWORD length = 0;
      char reason[8];
      REQUIRE(lastError([&] { return HttpWebSocketQueryCloseStatus(ws.socket, &status, reason, 8, &length); }) ==
              ERROR_INVALID_OPERATION);
      REQUIRE(receive(ws.socket).error == ERROR_INTERNET_CONNECTION_ABORTED);
      REQUIRE(sendText(ws.socket, "anyone?") == ERROR_INTERNET_CONNECTION_ABORTED);
      REQUIRE(closeSocket(ws.socket, 1000) == ERROR_INTERNET_CONNECTION_ABORTED);
    }
    {
      INFO("a frame with a reserved bit set");
      InetWs ws(secure);
      REQUIRE(ws.upgrade() == 101);
      REQUIRE(sendText(ws.socket, "!bad-frame") == ERROR_SUCCESS);
      REQUIRE(receive(ws.socket).error == ERROR_HTTP_INVALID_SERVER_RESPONSE);
      REQUIRE(receive(ws.socket).error == ERROR_HTTP_INVALID_SERVER_RESPONSE);
      // The connection is dropped: nothing more goes out.
      REQUIRE(sendText(ws.socket, "after") != ERROR_SUCCESS);
      REQUIRE(InternetCloseHandle(ws.socket));
      ws.socket = nullptr;
    }
  }
}

TEST_CASE("WinINet WebSocket: a ping buffer goes out as a ping frame, even inside a fragmented message") {
  InetWs ws(true);
  REQUIRE(ws.upgrade() == 101);
  REQUIRE(sendText(ws.socket, "!report alone", HTTP_WEB_SOCKET_PING_TYPE) == ERROR_SUCCESS);
  // The server's pong is not a message; its report is.
  Received r = receive(ws.socket);
  REQUIRE(r.type == HTTP_WEB_SOCKET_UTF8_MESSAGE_TYPE);
  REQUIRE(r.data == "pinged alone");

  REQUIRE(sendText(ws.socket, "mid", HTTP_WEB_SOCKET_BINARY_FRAGMENT_TYPE) == ERROR_SUCCESS);
  REQUIRE(sendText(ws.socket, "!report between", HTTP_WEB_SOCKET_PING_TYPE) == ERROR_SUCCESS);
  REQUIRE(sendText(ws.socket, "dle", HTTP_WEB_SOCKET_BINARY_MESSAGE_TYPE) == ERROR_SUCCESS);
  r = receive(ws.socket);
  REQUIRE(r.data == "pinged between");
  r = receive(ws.socket);
  REQUIRE(r.type == HTTP_WEB_SOCKET_BINARY_MESSAGE_TYPE);
  REQUIRE(r.data == "middle");

  // An empty ping is fine; a control frame holds at most 125 bytes.
  REQUIRE(lastError([&] { return HttpWebSocketSend(ws.socket, HTTP_WEB_SOCKET_PING_TYPE, nullptr, 0); }) ==
          ERROR_SUCCESS);
  REQUIRE(sendText(ws.socket, std::string(126, 'p'), HTTP_WEB_SOCKET_PING_TYPE) == ERROR_INVALID_PARAMETER);
  REQUIRE(sendText(ws.socket, "still fine") == ERROR_SUCCESS);
  REQUIRE(receive(ws.socket).data == "still fine");
  REQUIRE(lastError([&] { return HttpWebSocketShutdown(ws.socket, 1000, nullptr, 0); }) == ERROR_SUCCESS);
  REQUIRE(sendText(ws.socket, "late", HTTP_WEB_SOCKET_PING_TYPE) == ERROR_INVALID_OPERATION);
  REQUIRE(closeSocket(ws.socket, 1000) == ERROR_SUCCESS);
}

TEST_CASE("WinINet WebSocket: one thread receives while another sends") {
  InetWs ws(false);
  REQUIRE(ws.upgrade() == 101);
  constexpr int kMessages = 50;
  std::vector<std::string> echoed;
  DWORD readerError = ERROR_SUCCESS;
  const HINTERNET socket = ws.socket;
  std::thread reader([&] {
    for (int i = 0; i < kMessages; ++i) {
      Received r = receive(socket);
      if (r.error != ERROR_SUCCESS) {
        readerError = r.error;
        return;
      }
      echoed.push_back(r.data);
    }
  });
  DWORD senderError = ERROR_SUCCESS;
  for (int i = 0; i < kMessages && senderError == ERROR_SUCCESS; ++i) {
    const std::string text = "message " + std::to_string(i);
    SetLastError(0xdeadbeef);
    if (!HttpWebSocketSend(socket, HTTP_WEB_SOCKET_UTF8_MESSAGE_TYPE, const_cast<char*>(text.data()),
                           DWORD(text.size())))
      senderError = GetLastError();
  }
  if (senderError != ERROR_SUCCESS) {  // the reader would wait for echoes that never come
    InternetCloseHandle(socket);
    ws.socket = nullptr;
  }
  reader.join();
  REQUIRE(senderError == ERROR_SUCCESS);
  REQUIRE(readerError == ERROR_SUCCESS);
  REQUIRE(echoed.size() == std::size_t(kMessages));
  for (int i = 0; i < kMessages; ++i) REQUIRE(echoed[i] == "message " + std::to_string(i));
  REQUIRE(closeSocket(ws.socket, 1000) == ERROR_SUCCESS);
}
