#include "request_settings.h"

#include "log.h"
#include "proxy_config.h"

namespace hinternet::winhttp {
namespace {

// WinHTTP answers a challenge only with credentials the program gave it:
// WinHttpSetCredentials for one scheme (Basic goes out before any
// challenge), else the USERNAME/PASSWORD options for whatever the server
// asks. With authentication disabled, only explicit Basic is still sent.
HttpAuth credentialsFor(const HttpAuth& explicitCredentials, const std::string& user, const std::string& password,
                        bool disabled) {
  if (explicitCredentials.schemes) {
    if (explicitCredentials.user.empty() && explicitCredentials.schemes != kAuthBasic)
      LOG_INFO("auth: default (logged-on user) credentials are not supported; not authenticating");
    if (disabled && explicitCredentials.schemes != kAuthBasic) return HttpAuth();
    return explicitCredentials;
  }
  if (disabled || user.empty()) return HttpAuth();
  return HttpAuth{kAuthBasic | kAuthDigest | kAuthNtlm, user, password};
}

}  // namespace

std::string proxyForServer(const Session& session, bool secure, const std::string& host, unsigned port) {
  if (session.accessType == WINHTTP_ACCESS_TYPE_NO_PROXY || session.proxy.empty()) return std::string();
  const ProxyConfig config(session.proxy, session.bypass);
  return config.proxyFor(secure ? "https" : "http", host, port ? port : (secure ? 443 : 80));
}

void applyAuthCookiesProxy(Request& request, RequestSpec& spec) {
  Session& session = request.connect().session();
  const bool authDisabled = request.disabledFeatures & WINHTTP_DISABLE_AUTHENTICATION;
  spec.serverAuth =
      credentialsFor(request.serverCredentials, request.optionUser, request.optionPassword, authDisabled);
  spec.proxyAuth = credentialsFor(request.proxyCredentials, request.optionProxyUser, request.optionProxyPassword,
                                  authDisabled);
  if (!(request.disabledFeatures & WINHTTP_DISABLE_COOKIES)) spec.cookies = session.cookieJar();
  spec.proxy = proxyForServer(session, request.flags & WINHTTP_FLAG_SECURE, request.server().host,
                              request.server().port);
  spec.noProxy.clear();
}

}  // namespace hinternet::winhttp
