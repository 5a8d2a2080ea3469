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

std::string proxyForServer(const ProxySetting& proxy, bool secure, const std::string& host, unsigned port) {
  // The named proxy, or the default one read from the registry; automatic
  // discovery (PAC) is not supported yet and goes direct.
  if (proxy.accessType == WINHTTP_ACCESS_TYPE_NO_PROXY || proxy.accessType == WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY ||
      proxy.proxy.empty())
    return std::string();
  const ProxyConfig config(proxy.proxy, proxy.bypass);
  return config.proxyFor(secure ? "https" : "http", host, port ? port : (secure ? 443 : 80));
}

void applyAuthCookiesProxy(Request& request, RequestSpec& spec) {
  Session& session = request.connect().session();
  ProxySetting proxy;
  {
    std::lock_guard<std::mutex> lock(session.settingsMutex);
    proxy = session.proxy;
  }
  std::string user, password, proxyUser, proxyPassword;
  {
    std::lock_guard<std::mutex> lock(request.settingsMutex);
    user = request.username;
    password = request.password;
    proxyUser = request.proxyUsername;
    proxyPassword = request.proxyPassword;
    if (request.hasProxy) proxy = request.proxy;
  }
  // WINHTTP_DISABLE_AUTHENTICATION / _COOKIES arrive through the options.
  const bool authDisabled = !spec.autoAuthenticate;
  spec.serverAuth = credentialsFor(request.serverCredentials, user, password, authDisabled);
  spec.proxyAuth = credentialsFor(request.proxyCredentials, proxyUser, proxyPassword, authDisabled);
  spec.share = session.share();
  spec.proxy = proxyForServer(proxy, request.flags & WINHTTP_FLAG_SECURE, request.server().host, request.server().port);
  spec.noProxy.clear();
}

}  // namespace hinternet::winhttp
