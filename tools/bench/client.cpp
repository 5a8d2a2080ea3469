#include "client.h"

namespace bench {

std::unique_ptr<Client> makeWinHttpClient();
std::unique_ptr<Client> makeWinInetClient();

std::unique_ptr<Client> makeClient(const std::string& api) {
  return api == "wininet" ? makeWinInetClient() : makeWinHttpClient();
}

Target targetFrom(const Args& args) {
  Target target;
  target.host = args.str("host", "127.0.0.1");
  target.port = static_cast<int>(args.num("port", 80));
  target.tls = args.flag("tls");
  target.http2 = args.flag("http2");
  return target;
}

void Client::consume(Response& response, const char* data, DWORD size, bool verify, double sent) {
  if (!size) return;
  if (!response.bytes) response.firstByte = now() - sent;
  response.bytes += size;
  if (verify) response.crc = crc32(response.crc, data, size);
  if (response.body.size() < Response::kKeptBody)
    response.body.append(data, std::min<size_t>(size, Response::kKeptBody - response.body.size()));
}

}  // namespace bench
