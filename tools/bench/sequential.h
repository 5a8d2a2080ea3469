#pragma once
// GETs of one small body in a row on one kept-alive connection: the loop
// behind both small.exe (throughput) and latency.exe (time to first byte).
#include <vector>

#include "client.h"

namespace bench {

struct Sequential {
  std::vector<double> firstByte;  // seconds, per request
  uint64_t bytes = 0;
  uint32_t crc = 0;       // of the first body (with verify)
  long long mismatches = 0;  // bodies whose size or checksum differ from the first
  double seconds = 0;
};

// False with client->failedCall set when a request fails.
inline bool runSequential(Client& client, const std::string& path, long long count, bool verify,
                          Sequential& out) {
  out.firstByte.reserve(static_cast<size_t>(count));
  uint64_t firstSize = 0;
  const double start = now();
  for (long long i = 0; i < count; ++i) {
    Response response;
    if (!client.get(path, 64 * 1024, verify, response)) return false;
    if (response.status != 200) {
      client.failedCall = "HTTP status " + std::to_string(response.status);
      return false;
    }
    if (i == 0) {
      firstSize = response.bytes;
      out.crc = response.crc;
    } else if (response.bytes != firstSize || response.crc != out.crc) {
      ++out.mismatches;
    }
    out.bytes += response.bytes;
    out.firstByte.push_back(response.firstByte);
  }
  out.seconds = now() - start;
  return true;
}

}  // namespace bench
