#include "session_settings.h"

#include <algorithm>
#include <cctype>
#include <climits>

#include "option_table.h"
#include "proxy_config.h"
#include "text.h"
#include "user_proxy_settings.h"

namespace hinternet::wininet {
namespace {

std::mutex processProxyMutex;
bool processProxySet = false;  // guarded by processProxyMutex
ProxyChoice processProxyChoice;

ProxyChoice userSettingsProxy() {
  const win32::UserProxySettings settings = win32::readUserProxySettings();
  ProxyChoice choice;
  if ((settings.flags & PROXY_TYPE_PROXY) && !settings.proxy.empty()) {
    choice.accessType = INTERNET_OPEN_TYPE_PROXY;
    choice.proxy = win32::utf8FromWide(settings.proxy.c_str());
    choice.bypass = win32::utf8FromWide(settings.bypass.c_str());
  }
  return choice;
}

bool isLoopback(std::string host) {
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
  if (!host.empty() && host.front() == '[') host = host.substr(1, host.size() - 2);
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

long timeoutMs(std::uint64_t value) {
  if (value == 0 || value >= 0xFFFFFFFFu) return -1;
  return static_cast<long>(std::min<std::uint64_t>(value, LONG_MAX));
}

}  // namespace

ProxyChoice resolveProxy(DWORD accessType, std::string proxy, std::string bypass) {
  ProxyChoice choice;
  switch (accessType) {
    case INTERNET_OPEN_TYPE_PROXY:
      choice.accessType = INTERNET_OPEN_TYPE_PROXY;
      choice.proxy = std::move(proxy);
      choice.bypass = std::move(bypass);
      return choice;
    case INTERNET_OPEN_TYPE_PRECONFIG:
    case INTERNET_OPEN_TYPE_PRECONFIG_WITH_NO_AUTOPROXY: {
      {
        std::lock_guard<std::mutex> lock(processProxyMutex);
        if (processProxySet) return processProxyChoice;
      }
      return userSettingsProxy();
    }
    default:
      return choice;
  }
}

ProxyChoice processProxy() {
  {
    std::lock_guard<std::mutex> lock(processProxyMutex);
    if (processProxySet) return processProxyChoice;
  }
  return userSettingsProxy();
}

void setProcessProxy(const ProxyChoice& choice) {
  std::lock_guard<std::mutex> lock(processProxyMutex);
  processProxySet = true;
  processProxyChoice = choice;
}

void clearProcessProxy() {
  std::lock_guard<std::mutex> lock(processProxyMutex);
  processProxySet = false;
  processProxyChoice = ProxyChoice();
}

ProxyChoice sessionProxy(const Session& session) {
  std::lock_guard<std::mutex> lock(session.settingsMutex);
  return {session.accessType, session.proxy, session.bypass};
}

void setSessionProxy(Session& session, const ProxyChoice& choice) {
  std::lock_guard<std::mutex> lock(session.settingsMutex);
  session.accessType = choice.accessType;
  session.proxy = choice.proxy;
  session.bypass = choice.bypass;
}

std::string userAgent(const Session& session) {
  std::lock_guard<std::mutex> lock(session.settingsMutex);
  return session.agent;
}

void setUserAgent(Session& session, std::string agent) {
  std::lock_guard<std::mutex> lock(session.settingsMutex);
  session.agent = std::move(agent);
}

bool bypassesProxy(const std::string& bypass, const std::string& scheme, const std::string& host, unsigned port) {
  if (isLoopback(host) && bypass.find("<-loopback>") == std::string::npos) return true;
  return ProxyConfig(std::string(), bypass).bypasses(scheme, host, port);
}

std::string proxyFor(const ProxyChoice& choice, bool secure, const std::string& host, unsigned port) {
  if (!port) port = secure ? 443 : 80;
  return proxyForScheme(choice, secure ? "https" : "http", host, port);
}

std::string proxyForScheme(const ProxyChoice& choice, const std::string& scheme, const std::string& host,
                           unsigned port) {
  if (choice.accessType != INTERNET_OPEN_TYPE_PROXY || choice.proxy.empty()) return std::string();
  if (bypassesProxy(choice.bypass, scheme, host, port)) return std::string();
  const ProxyConfig config(choice.proxy, choice.bypass, ProxyConfig::Socks::Use);
  return config.proxyFor(scheme, host, port);
}

void applyConnectionOptions(const Request& request, RequestSpec& spec) {
  const Session& session = request.connect().session();
  spec.proxy = proxyFor(sessionProxy(session), request.flags & INTERNET_FLAG_SECURE, request.server().host,
                        request.server().port);
  spec.noProxy.clear();
  spec.connectTimeoutMs = timeoutMs(optionValue(request, INTERNET_OPTION_CONNECT_TIMEOUT));
  // Windows tries one address after another, once each, this many at most.
  spec.connectAttempts = static_cast<unsigned>(
      std::min<std::uint64_t>(optionValue(request, INTERNET_OPTION_CONNECT_RETRIES), UINT_MAX));
  spec.allowHttp2 = http2Enabled(request);
  spec.http10 = request.version == "HTTP/1.0";
  // Windows queues requests beyond the per-server limit, a process-wide
  // option (6 by default, for HTTP/1.0 servers too since Internet Explorer
  // 8): a request waits for its turn until one before it has ended.
  const DWORD id = spec.http10 ? INTERNET_OPTION_MAX_CONNS_PER_1_0_SERVER : INTERNET_OPTION_MAX_CONNS_PER_SERVER;
  spec.poolKey =
      "wininet " + makeUrl(request.flags & INTERNET_FLAG_SECURE, request.server().host, request.server().port, "");
  spec.poolLimit = static_cast<unsigned>(globalOptions().get(id, optionDefault(id)));
}

std::string defaultHttpVersion() {
  const std::uint64_t value = globalOptions().get(INTERNET_OPTION_HTTP_VERSION, (1ull << 32) | 1);
  return "HTTP/" + std::to_string(value >> 32) + "." + std::to_string(value & 0xFFFFFFFF);
}

}  // namespace hinternet::wininet
