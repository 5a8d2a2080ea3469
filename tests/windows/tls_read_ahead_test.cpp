// The TLS read-ahead under mbedTLS (common/tls_read_ahead.cpp) holds bytes
// curl does not know about: these would hang, or lose or reorder bytes, if
// the event loop failed to treat them as readable input.
#include <catch.hpp>
#include <windows.h>
#include <winhttp.h>

#include <string>
#include <vector>

#include "test_servers.h"
#include "winhttp_helpers.h"

namespace {

constexpr std::size_t kBigSize = 16u << 20;  // tests/environment.py's big.bin
constexpr std::size_t kBlock = 64u << 10;

HINTERNET openSecureGet(HINTERNET connect, LPCWSTR path) {
  return WinHttpOpenRequest(connect, L"GET", path, nullptr, WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES,
                            WINHTTP_FLAG_SECURE);
}

}  // namespace

TEST_CASE("TLS read-ahead: sequential HTTPS requests on one kept-alive connection each get their whole body") {
  WinHttpHandle session(WinHttpOpen(L"hinternet-test", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  REQUIRE(session.h);
  WinHttpHandle connect(WinHttpConnect(session, L"localhost", httpsPort(), 0));
  REQUIRE(connect.h);
  // TLS 1.3 session tickets arrive after the handshake, in the same reads
  // as a response: they wait in the read-ahead for the next request.
  for (int i = 0; i < 25; ++i) {
    INFO("request " << i);
    WinHttpHandle request(openSecureGet(connect, i % 5 == 4 ? L"/index.html" : L"/hello.txt"));
    REQUIRE(request.h);
    REQUIRE(sendAndReceive(request));
    REQUIRE(statusCode(request) == 200);
    REQUIRE(readBody(request) ==
            (i % 5 == 4 ? "<html><body>hinternet test server</body></html>\n" : "hello from hinternet\n"));
  }
}

TEST_CASE("TLS read-ahead: a 16 MiB HTTPS body read in small pieces, pausing the transfer, arrives intact") {
  WinHttpHandle session(WinHttpOpen(L"hinternet-test", WINHTTP_ACCESS_TYPE_NO_PROXY, nullptr, nullptr, 0));
  REQUIRE(session.h);
  WinHttpHandle connect(WinHttpConnect(session, L"localhost", httpsPort(), 0));
  REQUIRE(connect.h);
  WinHttpHandle request(openSecureGet(connect, L"/big.bin"));
  REQUIRE(request.h);
  REQUIRE(sendAndReceive(request));
  REQUIRE(statusCode(request) == 200);
  // Reads of odd sizes that straddle records and blocks; the first ones are
  // slow enough for the 4 MiB receive window to fill and the transfer to
  // pause with bytes left in the read-ahead.
  std::vector<unsigned char> body;
  body.reserve(kBigSize);
  std::vector<unsigned char> piece(7001);
  for (;;) {
    DWORD available = 0;
    REQUIRE(WinHttpQueryDataAvailable(request, &available));
    if (!available) break;
    DWORD read = 0;
    REQUIRE(WinHttpReadData(request, piece.data(), static_cast<DWORD>(piece.size()), &read));
    REQUIRE(read > 0);
    body.insert(body.end(), piece.begin(), piece.begin() + read);
  }
  REQUIRE(body.size() == kBigSize);
  // Block i of 64 KiB is block 0 with its first byte replaced by i & 255.
  bool intact = true;
  for (std::size_t block = 1; intact && block < kBigSize / kBlock; ++block) {
    const unsigned char* b = body.data() + block * kBlock;
    intact = b[0] == (block & 255) && std::equal(b + 1, b + kBlock, body.data() + 1);
  }
  REQUIRE(intact);
}
