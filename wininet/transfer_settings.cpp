// What a request's flags, options and connect handle make of its transfer.
#include "transfer_settings.h"

#include <string_view>

#include "server_credentials.h"
#include "tls_backend.h"
#include "url_parts.h"
#include "user_proxy_settings.h"

namespace hinternet::wininet {
namespace {

// Windows warns about (and, without a dialog, refuses) redirects between
// http and https only when "Warn if changing between secure and not secure
// mode" is on in Internet Settings; it is off unless someone turned it on.
bool warnsOnZoneCrossing() { return win32::readInternetSettingsDword(L"WarnonZoneCrossing", 0) != 0; }

void applyRedirects(const Request& request, RequestSpec& spec) {
  spec.followRedirects = !(request.flags & INTERNET_FLAG_NO_AUTO_REDIRECT);
  spec.redirectsBecomeGet = true;
  if (!spec.followRedirects || !warnsOnZoneCrossing()) return;
  spec.refuseHttpsToHttp = !(request.flags & INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTP);
  spec.refuseHttpToHttps = !(request.flags & INTERNET_FLAG_IGNORE_REDIRECT_TO_HTTPS);
}

// WinINet answers Basic, Digest and NTLM challenges with the connect
// handle's credentials (InternetConnect's, or the USERNAME/PASSWORD options
// set since), after the challenge: it never sends Basic unasked.
void applyAuth(const Request& request, RequestSpec& spec) {
  if (request.flags & INTERNET_FLAG_NO_AUTH) return;
  const Connect& connect = request.connect();
  std::lock_guard<std::mutex> lock(connect.settingsMutex);
  constexpr unsigned kSchemes = kAuthBasic | kAuthDigest | kAuthNtlm;
  if (!connect.user.empty()) {
    spec.serverAuth = HttpAuth{kSchemes, connect.user, connect.password};
    rememberServerCredentials(spec.url, connect.user, connect.password);
  }
  if (!connect.proxyUser.empty()) spec.proxyAuth = HttpAuth{kSchemes, connect.proxyUser, connect.proxyPassword};
}

// With INTERNET_OPTION_HTTP_DECODING, WinINet decodes only the codings the
// program itself asked for in Accept-Encoding, and drops Content-Encoding
// from the response once it has.
void applyDecoding(const Request& request, RequestSpec& spec) {
  if (!optionValue(request, INTERNET_OPTION_HTTP_DECODING)) return;
  std::string asked;
  for (std::size_t i = 0; const HeaderList::Field* field = spec.headers.find("Accept-Encoding", i); ++i)
    asked += field->value + ",";
  std::string codings;
  for (const char* coding : {"gzip", "deflate"}) {
    if (asked.find(coding) == std::string::npos) continue;
    codings += codings.empty() ? coding : std::string(", ") + coding;
  }
  spec.acceptEncoding = codings;  // curl keeps the program's own header
  spec.hideDecodedEncoding = true;
}

// Internet Options' "Check for server certificate revocation"
// (CertificateRevocation): on unless someone turned it off.
bool checksRevocation() { return win32::readInternetSettingsDword(L"CertificateRevocation", 1) != 0; }

void applyCertificateChecks(const Request& request, RequestSpec& spec) {
  unsigned flags = static_cast<unsigned>(optionValue(request, INTERNET_OPTION_SECURITY_FLAGS));
  // The request flags of HttpOpenRequest/InternetOpenUrl waive the same
  // checks as their SECURITY_FLAG_ twins.
  if (request.flags & INTERNET_FLAG_IGNORE_CERT_CN_INVALID) flags |= SECURITY_FLAG_IGNORE_CERT_CN_INVALID;
  if (request.flags & INTERNET_FLAG_IGNORE_CERT_DATE_INVALID) flags |= SECURITY_FLAG_IGNORE_CERT_DATE_INVALID;
  spec.tlsWaivers = tls::waiversFromSecurityFlags(flags);
  spec.verifyHost = true;  // the name check is one of the waivers
  spec.checkRevocation = checksRevocation();
  spec.acceptRevocationOffline = flags & SECURITY_FLAG_IGNORE_REVOCATION;
}

}  // namespace

void applyTransferSettings(const Request& request, RequestSpec& spec) {
  // The request line says what HttpOpenRequest was given.
  spec.http10 = request.version == "HTTP/1.0";
  applyRedirects(request, spec);
  applyAuth(request, spec);
  applyDecoding(request, spec);
  applyCertificateChecks(request, spec);
}

RequestHead sentRequestHead(const Request& request) {
  RequestHead head = request.requestHead();
  const auto transfer = request.exchange.responseReceived() ? request.exchange.transfer() : nullptr;
  if (!transfer || transfer->responseUrl().empty() || transfer->responseUrl() == transfer->spec().url) return head;
  const std::string url = transfer->responseUrl();
  const std::string_view text(url);
  UrlLayout layout;
  const auto scheme = findScheme(text);
  if (!scheme || splitUrl(text, *scheme, layout) != Error::None) return head;
  const std::string method = transfer->responseMethod();
  if (!method.empty() && method != head.method) {
    // A redirect that turned the request into a GET sent no body.
    if (method == "GET") {
      const std::size_t length = head.headers.position("Content-Length");
      if (length != HeaderList::npos) head.headers.erase(length);
    }
    head.method = method;
  }
  head.target = layout.path.length ? url.substr(layout.path.offset) : "/";
  const std::size_t hostEnd = layout.hasPort ? layout.port.offset + layout.port.length
                                             : layout.host.offset + layout.host.length;
  const std::size_t host = head.headers.position("Host");
  if (host != HeaderList::npos)
    head.headers.at(host).value = url.substr(layout.host.offset, hostEnd - layout.host.offset);
  return head;
}

std::string currentUrl(const Request& request) {
  const auto transfer = request.exchange.responseReceived() ? request.exchange.transfer() : nullptr;
  if (transfer && !transfer->responseUrl().empty()) return transfer->responseUrl();
  return makeUrl(request.flags & INTERNET_FLAG_SECURE, request.server().host, request.server().port, request.path);
}

}  // namespace hinternet::wininet
