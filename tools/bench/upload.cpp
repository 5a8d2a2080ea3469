// upload: one POST of --size bytes of the edge server's pattern, written
// --chunk bytes at a time (WinHttpWriteData / InternetWriteFile), to the
// edge server's /upload-sink or /upload-paced/<rate>. The receiver's byte
// count and SHA-256 come back in the result for the caller to check.
//   upload.exe --api winhttp|wininet --host H --port P --path /upload-sink
//              --size BYTES [--chunk 65536]
#include "client.h"

using namespace bench;

namespace {

std::string field(const std::string& body, const std::string& name) {
  const size_t at = body.find(name + "=");
  if (at == std::string::npos) return {};
  const size_t start = at + name.size() + 1;
  return body.substr(start, body.find('\n', start) - start);
}

}  // namespace

int wmain(int argc, wchar_t** argv) {
  Args args(argc, argv);
  Result result("upload", args);
  auto client = makeClient(args.str("api", "winhttp"));
  if (!client->open(targetFrom(args))) return result.fail(client->failedCall, client->failedError);
  const uint64_t size = static_cast<uint64_t>(args.num("size", 256LL << 20));
  Sampler sampler;
  Response response;
  const double start = now();
  const bool ok = client->post(args.str("path", "/upload-sink"), size,
                               static_cast<size_t>(args.num("chunk", 64 * 1024)), response);
  const double seconds = now() - start;
  sampler.stop();
  if (!ok) return result.fail(client->failedCall, client->failedError);
  const std::string received = field(response.body, "bytes");
  result.set("http_status", response.status).set("bytes", size).set("server_bytes", received);
  result.set("server_sha256", field(response.body, "sha256"));
  return result.set("seconds", seconds)
      .set("mib_per_s", size / 1048576.0 / seconds)
      .samples(sampler)
      .print(response.status == 200 && received == std::to_string(size) ? "ok" : "error");
}
