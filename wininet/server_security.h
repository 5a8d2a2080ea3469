#pragma once
#include <optional>
#include <string>

#include "transfer.h"

namespace hinternet::wininet {

// What the process's last TLS connection to a server (host and port) that
// answered showed, for InternetGetSecurityInfoByURL: the certificates it
// sent and the certificate checks its request waived (tls::Waiver bits).
// Connections refused for their certificate leave no record, as on Windows.
struct ServerSecurity {
  std::string host;  // lower case, an IPv6 literal without brackets
  ConnectionInfo connection;
  unsigned waivers = 0;
};

// Keeps what a response from `url` (absolute, as the transfer reports it)
// came over, replacing the server's earlier record; nothing for plain HTTP.
void recordServerSecurity(const std::string& url, const ConnectionInfo& connection, unsigned waivers);

// The record for the https server a URL names (path and query do not
// matter); nothing for other schemes, text that is no URL, or a server this
// process has no TLS connection record of.
std::optional<ServerSecurity> serverSecurityFor(const std::string& url);

}  // namespace hinternet::wininet
