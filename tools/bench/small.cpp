// small: --count GETs (default 10,000) of a small body, one after another
// on one kept-alive connection.
//   small.exe --api winhttp|wininet --host H --port P --path /bench/1k.bin
//             [--count N] [--verify]
#include "sequential.h"

using namespace bench;

int wmain(int argc, wchar_t** argv) {
  Args args(argc, argv);
  Result result("small", args);
  auto client = makeClient(args.str("api", "winhttp"));
  if (!client->open(targetFrom(args))) return result.fail(client->failedCall, client->failedError);
  const long long count = args.num("count", 10000);
  Sampler sampler(100);
  Sequential run;
  if (!runSequential(*client, args.str("path"), count, args.flag("verify"), run))
    return result.fail(client->failedCall, client->failedError);
  sampler.stop();
  result.set("requests", count).set("bytes", run.bytes).set("mismatches", run.mismatches);
  if (args.flag("verify")) result.set("crc32", static_cast<long long>(run.crc));
  return result.set("seconds", run.seconds)
      .set("requests_per_s", count / run.seconds)
      .samples(sampler)
      .print(run.mismatches ? "error" : "ok");
}
