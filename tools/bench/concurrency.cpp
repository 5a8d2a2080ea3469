// concurrency: --count (default 1,000) GETs started at once in asynchronous
// mode, each with its own --buffer-byte (default 16 KiB) read buffer; wall
// time until every body is read, peak threads and peak private memory.
//   concurrency.exe --api winhttp|wininet --host H --port P --path /bench/1m.bin
//                   [--count N] [--buffer B] [--timeout S] [--verify]
#include "concurrency.h"

using namespace bench;

int wmain(int argc, wchar_t** argv) {
  Args args(argc, argv);
  Result result("concurrency", args);
  Batch batch;
  batch.host = args.str("host", "127.0.0.1");
  batch.port = static_cast<int>(args.num("port", 80));
  batch.path = args.str("path");
  batch.verify = args.flag("verify");
  batch.requests.resize(static_cast<size_t>(args.num("count", 1000)));
  for (auto& request : batch.requests) request.buffer.assign(static_cast<size_t>(args.num("buffer", 16384)), 0);
  Sampler sampler(10);
  const double start = now();
  const bool started = args.str("api") == "wininet" ? startWinInetBatch(batch) : startWinHttpBatch(batch);
  if (!started) return result.fail(batch.failedCall, batch.failedError);
  const bool finished = WaitForSingleObject(batch.done, static_cast<DWORD>(args.num("timeout", 600)) * 1000) ==
                        WAIT_OBJECT_0;
  const double seconds = now() - start;
  sampler.stop();
  if (!finished) return result.set("pending", static_cast<long long>(batch.pending)).fail("waiting", WAIT_TIMEOUT);
  long long ok = 0, mismatches = 0;
  uint64_t bytes = 0;
  DWORD firstError = 0;
  const AsyncRequest& first = batch.requests.front();
  for (const AsyncRequest& request : batch.requests) {
    bytes += request.bytes;
    if (request.failed) {
      if (!firstError) firstError = request.error;
      continue;
    }
    ++ok;
    if (request.bytes != first.bytes || request.crc != first.crc) ++mismatches;
  }
  result.set("requests", static_cast<long long>(batch.requests.size())).set("completed", ok);
  result.set("failed", static_cast<long long>(batch.requests.size()) - ok).set("first_error", firstError);
  result.set("bytes", bytes).set("body_bytes", first.bytes).set("mismatches", mismatches);
  if (batch.verify) result.set("crc32", static_cast<long long>(first.crc));
  return result.set("seconds", seconds)
      .samples(sampler)
      .print(ok == static_cast<long long>(batch.requests.size()) && !mismatches ? "ok" : "error");
}
