#pragma once
// --count requests started at once in asynchronous mode, each driven from
// its status callbacks until its body is read.
#include <windows.h>

#include <atomic>
#include <string>
#include <vector>

#include "bench.h"

namespace bench {

struct AsyncRequest {
  void* handle = nullptr;  // HINTERNET of either API
  int state = 0;  // per API
  DWORD status = 0, lastRead = 0;
  uint64_t bytes = 0;
  uint32_t crc = 0;
  bool failed = false;
  DWORD error = 0;
  std::vector<char> buffer;
};

struct Batch {
  std::string host, path;
  int port = 80;
  bool verify = false;
  std::vector<AsyncRequest> requests;
  std::atomic<long> pending{0};
  HANDLE done = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  // Set when the batch could not start (a call failed synchronously).
  std::string failedCall;
  DWORD failedError = 0;

  ~Batch() { CloseHandle(done); }
  void consume(AsyncRequest& request, DWORD size) {
    request.bytes += size;
    if (verify) request.crc = crc32(request.crc, request.buffer.data(), size);
  }
  // Each request ends here exactly once.
  void finish(AsyncRequest& request, DWORD error) {
    if (error) {
      request.failed = true;
      request.error = error;
    }
    if (--pending == 0) SetEvent(done);
  }
};

// Start every request and return; false if the API refused to start.
bool startWinHttpBatch(Batch& batch);
bool startWinInetBatch(Batch& batch);

}  // namespace bench
