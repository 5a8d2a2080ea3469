// WinHTTP WebSocket API, synchronous mode, against the edge server's
// /ws/echo (echo, fragments, "!close CODE REASON", "!fragment N TEXT",
// "!big N") over ws and wss.
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <string>
#include <thread>
#include <vector>

#include "test_servers.h"
#include "websocket_receive.h"
#include "websocket_test_util.h"

namespace {

using Received = WsReceived;

Received receive(HINTERNET socket, DWORD size = 65536) {
  Received r;
  std::vector<char> buffer(size);
  DWORD read = 0xdeadbeef;
  WINHTTP_WEB_SOCKET_BUFFER_TYPE type = WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE;
  r.error = WinHttpWebSocketReceive(socket, buffer.data(), size, &read, &type);
  r.type = type;
  if (!r.error) r.data.assign(buffer.data(), read);
  return r;
}

std::string receiveMessage(HINTERNET socket, WINHTTP_WEB_SOCKET_BUFFER_TYPE kind, DWORD size,
                           std::size_t* pieces = nullptr) {
  return receiveWholeMessage([socket](DWORD n) { return receive(socket, n); }, kind, size, pieces);
}

DWORD sendText(HINTERNET socket, const std::string& text,
               WINHTTP_WEB_SOCKET_BUFFER_TYPE type = WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE) {
  return WinHttpWebSocketSend(socket, type, const_cast<char*>(text.data()), static_cast<DWORD>(text.size()));
}

void requireCloseStatus(HINTERNET socket, USHORT expectedStatus, const std::string& expectedReason) {
  USHORT status = 0;
  char reason[WINHTTP_WEB_SOCKET_MAX_CLOSE_REASON_LENGTH];
  DWORD length = 0;
  REQUIRE(WinHttpWebSocketQueryCloseStatus(socket, &status, reason, sizeof(reason), &length) == ERROR_SUCCESS);
  REQUIRE(status == expectedStatus);
  REQUIRE(std::string(reason, length) == expectedReason);
}

}  // namespace

TEST_CASE("WinHTTP WebSocket: the upgrade is a 101 and the socket outlives the request, connect and session") {
  for (bool secure : {false, true}) {
    INFO((secure ? "wss" : "ws"));
    WsHandles ws(secure);
    REQUIRE(ws.upgrade() == 101);
    REQUIRE(wideHeader(ws.request, L"Upgrade") == L"websocket");
    // Programs commonly close everything but the socket right away.
    REQUIRE(WinHttpCloseHandle(ws.request));
    REQUIRE(WinHttpCloseHandle(ws.connect));
    REQUIRE(WinHttpCloseHandle(ws.session));
    ws.request = ws.connect = ws.session = nullptr;
    REQUIRE(sendText(ws.socket, "still here") == ERROR_SUCCESS);
    Received r = receive(ws.socket);
    REQUIRE(r.error == ERROR_SUCCESS);
    REQUIRE(r.type == WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE);
    REQUIRE(r.data == "still here");
  }
}

TEST_CASE("WinHTTP WebSocket: a subprotocol offered in the request headers comes back in the 101") {
  WsHandles ws(true);
  REQUIRE(ws.upgrade(L"/ws/echo", true, L"Sec-WebSocket-Protocol: chat, superchat\r\n") == 101);
  REQUIRE(wideHeader(ws.request, L"Sec-WebSocket-Protocol") == L"chat");
}

TEST_CASE("WinHTTP WebSocket: text, binary, empty and fragmented messages echo over ws and wss") {
  for (bool secure : {false, true}) {
    INFO((secure ? "wss" : "ws"));
    WsHandles ws(secure);
    REQUIRE(ws.upgrade() == 101);

    REQUIRE(sendText(ws.socket, "hello") == ERROR_SUCCESS);
    Received r = receive(ws.socket);
    REQUIRE(r.error == ERROR_SUCCESS);
    REQUIRE(r.type == WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE);
    REQUIRE(r.data == "hello");

    std::string binary;
    for (int i = 0; i < 1000; ++i) binary += static_cast<char>(i * 7);
    REQUIRE(sendText(ws.socket, binary, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE) == ERROR_SUCCESS);
    r = receive(ws.socket);
    REQUIRE(r.type == WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE);
    REQUIRE(r.data == binary);

    // An empty message is a message too, and a null buffer may carry it.
    REQUIRE(WinHttpWebSocketSend(ws.socket, WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE, nullptr, 0) == ERROR_SUCCESS);
    r = receive(ws.socket);
    REQUIRE(r.error == ERROR_SUCCESS);
    REQUIRE(r.type == WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE);
    REQUIRE(r.data.empty());

    // Fragments we send: the server reassembles them into one message.
    REQUIRE(sendText(ws.socket, "frag", WINHTTP_WEB_SOCKET_UTF8_FRAGMENT_BUFFER_TYPE) == ERROR_SUCCESS);
    REQUIRE(sendText(ws.socket, "ment", WINHTTP_WEB_SOCKET_UTF8_FRAGMENT_BUFFER_TYPE) == ERROR_SUCCESS);
    REQUIRE(sendText(ws.socket, "ed") == ERROR_SUCCESS);
    REQUIRE(receiveMessage(ws.socket, WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE, 4096) == "fragmented");

    // Fragments it sends come out as fragments, the last as the message.
    REQUIRE(sendText(ws.socket, "!fragment 3 abcdefghi") == ERROR_SUCCESS);
    std::size_t pieces = 0;
    REQUIRE(receiveMessage(ws.socket, WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE, 4096, &pieces) == "abcdefghi");
    REQUIRE(pieces == 3);

    REQUIRE(WinHttpWebSocketClose(ws.socket, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, const_cast<char*>("bye"), 3) ==
            ERROR_SUCCESS);
    requireCloseStatus(ws.socket, 1000, "bye");  // the server echoes ours
  }
}

TEST_CASE("WinHTTP WebSocket: a message larger than the receive buffer arrives in fragments") {
  for (bool secure : {false, true}) {
    INFO((secure ? "wss" : "ws"));
    WsHandles ws(secure);
    REQUIRE(ws.upgrade() == 101);
    REQUIRE(sendText(ws.socket, "!big 100000") == ERROR_SUCCESS);
    std::size_t pieces = 0;
    const std::string big = receiveMessage(ws.socket, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, 4096, &pieces);
    REQUIRE(big == pattern(100000));
    REQUIRE(pieces >= 100000 / 4096);

    // Several MiB each way: sends wait for the socket, receives pause the
    // transfer at its buffer bound.
    const std::string payload = pattern(3u << 20);
    REQUIRE(sendText(ws.socket, payload, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE) == ERROR_SUCCESS);
    REQUIRE(receiveMessage(ws.socket, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, 1u << 20) == payload);
    REQUIRE(WinHttpWebSocketClose(ws.socket, 1000, nullptr, 0) == ERROR_SUCCESS);
  }
}

TEST_CASE("WinHTTP WebSocket: more than the receive bound pauses the connection, sends still go out") {
  WsHandles ws(true);
  REQUIRE(ws.upgrade() == 101);
  REQUIRE(sendText(ws.socket, "!big 9000000") == ERROR_SUCCESS);
  Sleep(500);  // the buffer fills to its bound and the transfer pauses
  REQUIRE(sendText(ws.socket, "after the big one") == ERROR_SUCCESS);
  REQUIRE(receiveMessage(ws.socket, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, 65536) == pattern(9000000));
  Received r = receive(ws.socket);
  REQUIRE(r.type == WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE);
  REQUIRE(r.data == "after the big one");
  REQUIRE(WinHttpWebSocketClose(ws.socket, 1000, nullptr, 0) == ERROR_SUCCESS);
}

TEST_CASE("WinHTTP WebSocket: a ping from the server is answered while receiving") {
  WsHandles ws(false);
  REQUIRE(ws.upgrade() == 101);
  REQUIRE(sendText(ws.socket, "!ping are you there") == ERROR_SUCCESS);
  // The server reports our pong as a text message.
  Received r = receive(ws.socket);
  REQUIRE(r.error == ERROR_SUCCESS);
  REQUIRE(r.data == "pong are you there");
  REQUIRE(WinHttpWebSocketClose(ws.socket, 1000, nullptr, 0) == ERROR_SUCCESS);
}

TEST_CASE("WinHTTP WebSocket: a close from the server is received, then answered by WinHttpWebSocketClose") {
  WsHandles ws(false);
  REQUIRE(ws.upgrade() == 101);
  USHORT status = 0;
  DWORD length = 0;
  char reason[8];
  REQUIRE(WinHttpWebSocketQueryCloseStatus(ws.socket, &status, reason, sizeof(reason), &length) ==
          ERROR_INVALID_OPERATION);
  REQUIRE(sendText(ws.socket, "!close 4001 bye") == ERROR_SUCCESS);
  Received r = receive(ws.socket);
  REQUIRE(r.error == ERROR_SUCCESS);
  REQUIRE(r.type == WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE);
  REQUIRE(r.data.empty());
  requireCloseStatus(ws.socket, 4001, "bye");
  // The reason does not fit: the size it needs, and the status, come back.
  status = 0;
  length = 0;
  REQUIRE(WinHttpWebSocketQueryCloseStatus(ws.socket, &status, reason, 2, &length) == ERROR_INSUFFICIENT_BUFFER);
  REQUIRE(status == 4001);
  REQUIRE(length == 3);
  // Both channels are done once the close is in.
  REQUIRE(receive(ws.socket).error == ERROR_INVALID_OPERATION);
  REQUIRE(sendText(ws.socket, "late") == ERROR_INVALID_OPERATION);
  REQUIRE(WinHttpWebSocketClose(ws.socket, 1000, nullptr, 0) == ERROR_SUCCESS);
  requireCloseStatus(ws.socket, 4001, "bye");
  REQUIRE(WinHttpWebSocketClose(ws.socket, 1000, nullptr, 0) == ERROR_INVALID_OPERATION);
}

TEST_CASE("WinHTTP WebSocket: an empty close frame reports status 1005 and no reason") {
  WsHandles ws(true);
  REQUIRE(ws.upgrade() == 101);
  REQUIRE(sendText(ws.socket, "!close 0") == ERROR_SUCCESS);
  Received r = receive(ws.socket);
  REQUIRE(r.error == ERROR_SUCCESS);
  REQUIRE(r.type == WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE);
  requireCloseStatus(ws.socket, WINHTTP_WEB_SOCKET_EMPTY_CLOSE_STATUS, "");
  REQUIRE(WinHttpWebSocketClose(ws.socket, WINHTTP_WEB_SOCKET_EMPTY_CLOSE_STATUS, nullptr, 0) == ERROR_SUCCESS);
}

TEST_CASE("WinHTTP WebSocket: shutdown closes the send channel, the receive channel stays open") {
  WsHandles ws(false);
  REQUIRE(ws.upgrade() == 101);
  REQUIRE(sendText(ws.socket, "before") == ERROR_SUCCESS);
  REQUIRE(WinHttpWebSocketShutdown(ws.socket, 1000, const_cast<char*>("done"), 4) == ERROR_SUCCESS);
  REQUIRE(sendText(ws.socket, "after") == ERROR_INVALID_OPERATION);
  REQUIRE(WinHttpWebSocketShutdown(ws.socket, 1000, nullptr, 0) == ERROR_INVALID_OPERATION);
  // What the server sent before its close still arrives, then the close.
  Received r = receive(ws.socket);
  REQUIRE(r.data == "before");
  r = receive(ws.socket);
  REQUIRE(r.error == ERROR_SUCCESS);
  REQUIRE(r.type == WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE);
  requireCloseStatus(ws.socket, 1000, "done");
  REQUIRE(WinHttpWebSocketClose(ws.socket, 1000, nullptr, 0) == ERROR_SUCCESS);
}

TEST_CASE("WinHTTP WebSocket: bad arguments, wrong handles and wrong states") {
  WsHandles ws(false);
  SECTION("before the upgrade") {
    SetLastError(0);
    REQUIRE(WinHttpWebSocketCompleteUpgrade(nullptr, 0) == nullptr);
    REQUIRE(GetLastError() == ERROR_INVALID_HANDLE);
    REQUIRE(WinHttpWebSocketCompleteUpgrade(ws.session, 0) == nullptr);
    REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    REQUIRE_FALSE(WinHttpSetOption(ws.session, WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET, nullptr, 0));
    REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    // No response yet.
    ws.open();
    REQUIRE(WinHttpSetOption(ws.request, WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET, nullptr, 0));
    REQUIRE(WinHttpWebSocketCompleteUpgrade(ws.request, 0) == nullptr);
    REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
  }
  SECTION("a refused upgrade is an ordinary response, and no socket") {
    REQUIRE(ws.upgrade(L"/status/404") == 404);
    SetLastError(0);
    REQUIRE(WinHttpWebSocketCompleteUpgrade(ws.request, 0) == nullptr);
    REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
  }
  SECTION("without the upgrade option there is no socket") {
    REQUIRE(ws.upgrade(L"/ws/echo", false) == 400);  // the edge server wants the handshake headers
    REQUIRE(WinHttpWebSocketCompleteUpgrade(ws.request, 0) == nullptr);
    REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
  }
  SECTION("on the socket") {
    REQUIRE(ws.upgrade() == 101);
    // One socket per upgrade; the request has no body to read any more.
    REQUIRE(WinHttpWebSocketCompleteUpgrade(ws.request, 0) == nullptr);
    REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);
    char buffer[16];
    DWORD read = 0;
    REQUIRE_FALSE(WinHttpReadData(ws.request, buffer, sizeof(buffer), &read));
    REQUIRE(GetLastError() == ERROR_WINHTTP_INCORRECT_HANDLE_STATE);

    WINHTTP_WEB_SOCKET_BUFFER_TYPE type;
    USHORT status;
    DWORD length;
    REQUIRE(WinHttpWebSocketSend(ws.socket, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, nullptr, 5) ==
            ERROR_INVALID_PARAMETER);
    REQUIRE(WinHttpWebSocketSend(nullptr, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, buffer, 1) ==
            ERROR_INVALID_HANDLE);
    REQUIRE(WinHttpWebSocketSend(ws.request, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, buffer, 1) ==
            ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    REQUIRE(WinHttpWebSocketSend(ws.socket, WINHTTP_WEB_SOCKET_CLOSE_BUFFER_TYPE, buffer, 1) ==
            ERROR_INVALID_PARAMETER);
    REQUIRE(WinHttpWebSocketReceive(ws.socket, nullptr, 10, &read, &type) == ERROR_INVALID_PARAMETER);
    REQUIRE(WinHttpWebSocketReceive(ws.socket, buffer, 0, &read, &type) == ERROR_INVALID_PARAMETER);
    REQUIRE(WinHttpWebSocketReceive(ws.connect, buffer, 1, &read, &type) == ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);
    REQUIRE(WinHttpWebSocketShutdown(ws.socket, 1000, nullptr, 1) == ERROR_INVALID_PARAMETER);
    std::string tooLong(WINHTTP_WEB_SOCKET_MAX_CLOSE_REASON_LENGTH + 1, 'x');
    REQUIRE(WinHttpWebSocketClose(ws.socket, 1000, tooLong.data(), DWORD(tooLong.size())) == ERROR_INVALID_PARAMETER);
    REQUIRE(WinHttpWebSocketQueryCloseStatus(ws.socket, nullptr, buffer, 1, &length) == ERROR_INVALID_PARAMETER);
    REQUIRE(WinHttpWebSocketQueryCloseStatus(ws.socket, &status, nullptr, 1, &length) == ERROR_INVALID_PARAMETER);
    REQUIRE(WinHttpWebSocketQueryCloseStatus(ws.session, &status, buffer, 1, &length) ==
            ERROR_WINHTTP_INCORRECT_HANDLE_TYPE);

    // A fragmented message keeps its type to the end.
    REQUIRE(sendText(ws.socket, "ab", WINHTTP_WEB_SOCKET_BINARY_FRAGMENT_BUFFER_TYPE) == ERROR_SUCCESS);
    REQUIRE(sendText(ws.socket, "cd", WINHTTP_WEB_SOCKET_UTF8_FRAGMENT_BUFFER_TYPE) == ERROR_INVALID_PARAMETER);
    REQUIRE(sendText(ws.socket, "cd") == ERROR_INVALID_PARAMETER);
    REQUIRE(sendText(ws.socket, "cd", WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE) == ERROR_SUCCESS);
    Received r = receive(ws.socket);
    REQUIRE(r.type == WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE);
    REQUIRE(r.data == "abcd");

    REQUIRE(WinHttpWebSocketClose(ws.socket, 1000, nullptr, 0) == ERROR_SUCCESS);
    REQUIRE(sendText(ws.socket, "x") == ERROR_INVALID_OPERATION);
    REQUIRE(receive(ws.socket).error == ERROR_INVALID_OPERATION);
    REQUIRE(WinHttpWebSocketShutdown(ws.socket, 1000, nullptr, 0) == ERROR_INVALID_OPERATION);
    REQUIRE(WinHttpWebSocketClose(ws.socket, 1000, nullptr, 0) == ERROR_INVALID_OPERATION);
  }
}

TEST_CASE("WinHTTP WebSocket: closing the handle wakes a blocked receive with OPERATION_CANCELLED") {
  WsHandles ws(true);
  REQUIRE(ws.upgrade() == 101);
  DWORD error = 0;
  std::thread reader([&] { error = receive(ws.socket).error; });
  Sleep(200);
  REQUIRE(WinHttpCloseHandle(ws.socket));
  ws.socket = nullptr;
  reader.join();
  REQUIRE(error == ERROR_WINHTTP_OPERATION_CANCELLED);
}

TEST_CASE("WinHTTP WebSocket: a connection that closes without a close frame is a connection error") {
  for (bool secure : {false, true}) {
    INFO((secure ? "wss" : "ws"));
    WsHandles ws(secure);
    REQUIRE(ws.upgrade() == 101);
    REQUIRE(sendText(ws.socket, "!drop") == ERROR_SUCCESS);
    REQUIRE(receive(ws.socket).error == ERROR_WINHTTP_CONNECTION_ERROR);
    USHORT status = 0;
    DWORD length = 0;
    char reason[8];
    REQUIRE(WinHttpWebSocketQueryCloseStatus(ws.socket, &status, reason, sizeof(reason), &length) ==
            ERROR_INVALID_OPERATION);
    REQUIRE(sendText(ws.socket, "anyone?") == ERROR_WINHTTP_CONNECTION_ERROR);
  }
}
