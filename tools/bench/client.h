#pragma once
// One synchronous client interface over both APIs, so that bulk, small,
// latency and upload run the same loop through WinHTTP and WinINet.
#include <windows.h>

#include <cstdint>
#include <memory>
#include <string>

#include "bench.h"

namespace bench {

struct Target {
  std::string host = "127.0.0.1";
  int port = 80;
  bool tls = false;
  bool http2 = false;  // ask the DLL for HTTP/2; Response::version says what it got
};

struct Response {
  DWORD status = 0;
  std::string version;  // "HTTP/1.1", "HTTP/2"
  uint64_t bytes = 0;
  uint32_t crc = 0;      // only with verify
  double firstByte = 0;  // seconds from sending to the first body byte
  std::string body;      // the first kKeptBody bytes
  static constexpr size_t kKeptBody = 4096;
};

class Client {
 public:
  virtual ~Client() = default;
  virtual bool open(const Target& target) = 0;
  // GET path, reading with `buffer`-byte reads.
  virtual bool get(const std::string& path, size_t buffer, bool verify, Response& response) = 0;
  // POST `length` bytes of the pattern, written `chunk` bytes at a time.
  virtual bool post(const std::string& path, uint64_t length, size_t chunk, Response& response) = 0;

  // What failed last ("WinHttpSendRequest") and its error code.
  std::string failedCall;
  DWORD failedError = 0;

 protected:
  bool failed(const char* call) {
    failedError = GetLastError();
    failedCall = call;
    return false;
  }
  void consume(Response& response, const char* data, DWORD size, bool verify, double sent);
};

std::unique_ptr<Client> makeClient(const std::string& api);  // "winhttp" or "wininet"
Target targetFrom(const Args& args);

}  // namespace bench
