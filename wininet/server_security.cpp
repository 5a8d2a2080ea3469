#include "server_security.h"

#include <map>
#include <mutex>
#include <string_view>

#include "internet_url.h"

namespace hinternet::wininet {
namespace {

struct Records {
  std::mutex mutex;
  std::map<std::string, ServerSecurity> byServer;  // "host:port"
};

Records& records() {
  static Records table;
  return table;
}

// The server an https URL names, as host (lower case, no brackets) and port.
bool httpsServer(const std::string& url, std::string& host, unsigned& port) {
  InternetUrl cracked;
  if (crackInternetUrl<char>(std::string_view(url), cracked) != Error::None) return false;
  if (cracked.scheme != UrlScheme::Https || !cracked.layout.hasHost || !cracked.layout.host.length) return false;
  host = url.substr(cracked.layout.host.offset, cracked.layout.host.length);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  for (char& c : host)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  port = cracked.port;
  return true;
}

std::string serverKey(const std::string& host, unsigned port) { return host + ":" + std::to_string(port); }

}  // namespace

void recordServerSecurity(const std::string& url, const ConnectionInfo& connection, unsigned waivers) {
  if (connection.certificates.empty()) return;
  std::string host;
  unsigned port = 0;
  if (!httpsServer(url, host, port)) return;
  ServerSecurity record{host, connection, waivers};
  Records& table = records();
  std::lock_guard<std::mutex> lock(table.mutex);
  table.byServer[serverKey(host, port)] = std::move(record);
}

std::optional<ServerSecurity> serverSecurityFor(const std::string& url) {
  std::string host;
  unsigned port = 0;
  if (!httpsServer(url, host, port)) return std::nullopt;
  Records& table = records();
  std::lock_guard<std::mutex> lock(table.mutex);
  const auto found = table.byServer.find(serverKey(host, port));
  if (found == table.byServer.end()) return std::nullopt;
  return found->second;
}

}  // namespace hinternet::wininet
