// How a request's options shape the exchange the core runs for it.
#include <algorithm>
#include <climits>
#include <cstdio>

#include "header_list.h"
#include "option_ids.h"
#include "option_table.h"

namespace hinternet::winhttp {
namespace {

unsigned tlsVersions(std::uint64_t protocols) {
  unsigned versions = 0;
  if (protocols & WINHTTP_FLAG_SECURE_PROTOCOL_TLS1) versions |= tls::kTls10;
  if (protocols & WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1) versions |= tls::kTls11;
  if (protocols & WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2) versions |= tls::kTls12;
  if (protocols & WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3) versions |= tls::kTls13;
  // SSL 2 and 3 alone: TLS 1.0 is the nearest we can name, and the TLS
  // library refuses it as Windows' servers would refuse SSL.
  return versions ? versions : tls::kTls10;
}

std::string acceptEncoding(std::uint64_t decompression) {
  std::string codings;
  if (decompression & WINHTTP_DECOMPRESSION_FLAG_GZIP) codings = "gzip";
  if (decompression & WINHTTP_DECOMPRESSION_FLAG_DEFLATE) codings += codings.empty() ? "deflate" : ", deflate";
  return codings;
}

// WinHTTP's own Accept-Encoding replaces the caller's when it decompresses.
void dropAcceptEncoding(HeaderList& headers) {
  for (std::size_t at; (at = headers.position("Accept-Encoding")) != HeaderList::npos;) headers.erase(at);
}

}  // namespace

void applyRequestOptions(const Request& request, RequestSpec& spec) {
  const Session& session = request.connect().session();
  {
    std::lock_guard<std::mutex> lock(request.settingsMutex);
    spec.connectHost = request.resolutionHostname;
    spec.http10 = request.version == "HTTP/1.0";
    spec.webSocket = request.upgradeToWebSocket;
  }

  const std::uint64_t disabled = optionValue(request, WINHTTP_OPTION_DISABLE_FEATURE);
  const std::uint64_t policy = optionValue(request, WINHTTP_OPTION_REDIRECT_POLICY);
  spec.followRedirects = policy != WINHTTP_OPTION_REDIRECT_POLICY_NEVER && !(disabled & WINHTTP_DISABLE_REDIRECTS);
  spec.refuseHttpsToHttp = policy == WINHTTP_OPTION_REDIRECT_POLICY_DISALLOW_HTTPS_TO_HTTP;
  spec.maxRedirects =
      static_cast<long>(std::min<std::uint64_t>(optionValue(request, WINHTTP_OPTION_MAX_HTTP_AUTOMATIC_REDIRECTS), LONG_MAX));
  spec.keepAlive = !(disabled & WINHTTP_DISABLE_KEEP_ALIVE);
  spec.useCookies = !(disabled & WINHTTP_DISABLE_COOKIES);
  spec.autoAuthenticate = !(disabled & WINHTTP_DISABLE_AUTHENTICATION);

  spec.tlsWaivers = tls::waiversFromSecurityFlags(optionValue(request, WINHTTP_OPTION_SECURITY_FLAGS));
  spec.checkRevocation = optionValue(request, WINHTTP_OPTION_ENABLE_FEATURE) & WINHTTP_ENABLE_SSL_REVOCATION;
  spec.acceptRevocationOffline = optionValue(request, WINHTTP_OPTION_IGNORE_CERT_REVOCATION_OFFLINE) != 0;
  if (session.options.has(WINHTTP_OPTION_SECURE_PROTOCOLS))
    spec.tlsVersions = tlsVersions(session.options.get(WINHTTP_OPTION_SECURE_PROTOCOLS, 0));
  spec.allowHttp2 = optionValue(request, WINHTTP_OPTION_ENABLE_HTTP_PROTOCOL) & WINHTTP_PROTOCOL_FLAG_HTTP2;
  spec.maxResponseHeaderBytes = optionValue(request, WINHTTP_OPTION_MAX_RESPONSE_HEADER_SIZE);
  spec.acceptEncoding = acceptEncoding(optionValue(request, WINHTTP_OPTION_DECOMPRESSION));
  if (!spec.acceptEncoding.empty()) dropAcceptEncoding(spec.headers);

  // curl times name resolution and connecting as one.
  const long connect = timeoutOption(request, WINHTTP_OPTION_CONNECT_TIMEOUT);
  const long resolve = timeoutOption(request, WINHTTP_OPTION_RESOLVE_TIMEOUT);
  spec.connectTimeoutMs = connect < 0 ? -1 : connect + std::max(0L, std::min(resolve, LONG_MAX - connect));
  // WINHTTP_OPTION_CONNECT_RETRIES: one attempt per address of the server,
  // this many addresses at most.
  spec.connectAttempts = static_cast<unsigned>(
      std::min<std::uint64_t>(optionValue(request, WINHTTP_OPTION_CONNECT_RETRIES), UINT_MAX));

  if (const std::uint64_t keepAlive = session.options.get(WINHTTP_OPTION_TCP_KEEPALIVE, 0)) {
    spec.keepAliveIdleMs = static_cast<long>(std::min<std::uint64_t>(keepAlive >> 32, LONG_MAX));
    spec.keepAliveIntervalMs = static_cast<long>(std::min<std::uint64_t>(keepAlive & 0xFFFFFFFF, LONG_MAX));
  }

  const std::uint64_t limit = optionValue(session, WINHTTP_OPTION_MAX_CONNS_PER_SERVER);
  if (limit < INFINITE) {
    char key[32];
    std::snprintf(key, sizeof(key), "%p ", static_cast<const void*>(&session));
    spec.poolKey = key + makeUrl(request.flags & WINHTTP_FLAG_SECURE, request.server().host, request.server().port, "");
    spec.poolLimit = static_cast<unsigned>(limit);
  }
}

}  // namespace hinternet::winhttp
