// bulk: one large body, read with --buffer-byte reads (default 64 KiB).
//   bulk.exe --api winhttp|wininet --host H --port P [--tls] [--http2]
//            --path /bench/bulk.bin [--probe /bench/1k.bin] [--verify]
// With --http2 a small probe request first checks that the DLL really
// speaks HTTP/2; if not, the result is "unavailable" and nothing is timed.
#include "client.h"

using namespace bench;

int wmain(int argc, wchar_t** argv) {
  Args args(argc, argv);
  Result result("bulk", args);
  const Target target = targetFrom(args);
  auto client = makeClient(args.str("api", "winhttp"));
  if (!client->open(target)) return result.fail(client->failedCall, client->failedError);
  if (target.http2) {
    Response probe;
    if (!client->get(args.str("probe", "/hello.txt"), 4096, false, probe))
      return result.fail(client->failedCall, client->failedError);
    if (probe.version.rfind("HTTP/2", 0) != 0)
      return result.set("version", probe.version).set("error", "the DLL did not use HTTP/2").print("unavailable");
  }
  Sampler sampler;
  Response response;
  const double start = now();
  const bool ok = client->get(args.str("path"), static_cast<size_t>(args.num("buffer", 64 * 1024)),
                              args.flag("verify"), response);
  const double seconds = now() - start;
  sampler.stop();
  if (!ok) return result.fail(client->failedCall, client->failedError);
  result.set("http_status", response.status).set("version", response.version).set("bytes", response.bytes);
  if (args.flag("verify")) result.set("crc32", static_cast<long long>(response.crc));
  return result.set("seconds", seconds)
      .set("mib_per_s", response.bytes / 1048576.0 / seconds)
      .samples(sampler)
      .print(response.status == 200 ? "ok" : "error");
}
