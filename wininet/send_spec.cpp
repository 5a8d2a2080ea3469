// What a request sends: the headers WinINet adds, and the transfer's
// settings from the request's flags, its connect handle and its session.
#include "cookie_jar.h"
#include "handles.h"
#include "log.h"
#include "option_values.h"
#include "session_settings.h"
#include "transfer_settings.h"
#include "trust_store.h"
#include "websocket_upgrade.h"

namespace hinternet::wininet {
namespace {

void mergeSendHeaders(Request& request, const std::string& extraHeaders, std::size_t bodyLength) {
  const Session& session = request.connect().session();
  if (const std::string agent = userAgent(session); !agent.empty()) request.addDefaultHeader("User-Agent", agent);
  addHostHeader(request);
  if (bodyLength || request.verb == "POST" || request.verb == "PUT")
    request.addHeaders({{"Content-Length", std::to_string(bodyLength)}}, kAddHeaderAdd | kAddHeaderReplace);
  if (request.flags & INTERNET_FLAG_KEEP_CONNECTION) request.addDefaultHeader("Connection", "Keep-Alive");
  if (extraHeaders.empty()) return;
  // HttpSendRequest does not fail on a bad line; it just never sends it.
  const ParsedHeaders parsed = parseHeaderBlock(extraHeaders, request.headerRules());
  if (parsed.malformed) LOG_WARN("HttpSendRequest: skipping header lines that are no header");
  request.addHeaders(parsed.fields, kAddHeaderAdd | kAddHeaderReplace);
}

}  // namespace

RequestSpec prepareSend(Request& request, const std::string& extraHeaders, std::string body) {
  mergeSendHeaders(request, extraHeaders, body.size());
  const bool cookies = !(request.flags & INTERNET_FLAG_NO_COOKIES);
  if (cookies) addStoredCookies(request);
  RequestSpec spec = request.describe(request.flags & INTERNET_FLAG_SECURE, std::move(body));
  applyTransferSettings(request, spec);  // redirects, auth, decoding, certificates
  spec.caPem = &trustAnchorsPem();
  applyConnectionOptions(request, spec);
  spec.webSocket = asksForWebSocket(request, spec);
  // An upgraded connection is the WebSocket's for its life, not a turn of
  // the per-server limit.
  if (spec.webSocket) spec.poolLimit = 0;
  if (cookies) spec.cookieStore = processCookies();
  return spec;
}

}  // namespace hinternet::wininet
