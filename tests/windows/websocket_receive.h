#pragma once
// Reading whole WebSocket messages through either DLL's API. Needs neither
// winhttp.h nor wininet.h, which cannot share a translation unit.
#include <catch.hpp>
#include <windows.h>

#include <string>

// One receive call's outcome. Both DLLs' buffer types have the same values:
// binary message 0, binary fragment 1, UTF-8 message 2, UTF-8 fragment 3,
// close 4.
struct WsReceived {
  DWORD error = ERROR_SUCCESS;
  std::string data;
  int type = 0;
};

// Reads one whole message of type `kind` (a binary or UTF-8 message) in
// pieces of at most `size` bytes with `receive(size)`; every piece but the
// last must be a fragment of the same kind.
template <class Receive>
std::string receiveWholeMessage(Receive receive, int kind, DWORD size, std::size_t* pieces = nullptr) {
  const int fragment = kind + 1;
  std::string message;
  std::size_t count = 0;
  for (;;) {
    WsReceived r = receive(size);
    REQUIRE(r.error == ERROR_SUCCESS);
    REQUIRE(r.data.size() <= size);
    message += r.data;
    ++count;
    if (r.type == kind) break;
    REQUIRE(r.type == fragment);
  }
  if (pieces) *pieces = count;
  return message;
}
