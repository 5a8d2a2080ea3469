// latency: time to first byte of a small GET (from sending the request to
// the first body byte read), median and p99 of --count (default 2,000)
// requests on one kept-alive connection, after --warmup requests.
//   latency.exe --api winhttp|wininet --host H --port P --path /bench/1k.bin
//               [--count N] [--warmup N] [--verify]
#include <algorithm>

#include "sequential.h"

using namespace bench;

int wmain(int argc, wchar_t** argv) {
  Args args(argc, argv);
  Result result("latency", args);
  auto client = makeClient(args.str("api", "winhttp"));
  if (!client->open(targetFrom(args))) return result.fail(client->failedCall, client->failedError);
  const std::string path = args.str("path");
  // The first request pays for the connection (and the event thread, and
  // the TLS trust store); what is measured is each request's own latency.
  Sequential warmup, run;
  if (!runSequential(*client, path, args.num("warmup", 20), false, warmup) ||
      !runSequential(*client, path, args.num("count", 2000), args.flag("verify"), run))
    return result.fail(client->failedCall, client->failedError);
  std::vector<double> sorted = run.firstByte;
  std::sort(sorted.begin(), sorted.end());
  auto percentile = [&](double p) { return sorted[std::min(sorted.size() - 1, size_t(p * sorted.size()))]; };
  result.set("requests", static_cast<long long>(sorted.size())).set("bytes", run.bytes);
  result.set("mismatches", run.mismatches);
  if (args.flag("verify")) result.set("crc32", static_cast<long long>(run.crc));
  return result.set("median_us", percentile(0.5) * 1e6)
      .set("p99_us", percentile(0.99) * 1e6)
      .set("max_us", sorted.back() * 1e6)
      .print(run.mismatches ? "error" : "ok");
}
