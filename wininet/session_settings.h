#pragma once
// What a session's settings mean for its requests: the user agent and the
// proxy (InternetOpen's access types, INTERNET_OPTION_PROXY and
// INTERNET_OPTION_PER_CONNECTION_OPTION), read and written under the
// session's settingsMutex.
#include <windows.h>

#include <string>

#include "handles.h"

namespace hinternet::wininet {

// A proxy setting as INTERNET_PROXY_INFO carries it: DIRECT or PROXY once
// resolved (PRECONFIG is resolved when it is applied).
struct ProxyChoice {
  DWORD accessType = INTERNET_OPEN_TYPE_DIRECT;
  std::string proxy;
  std::string bypass;
};

// What `accessType` means now: PRECONFIG (with or without auto-proxy)
// reads the process's INTERNET_OPTION_PROXY if one was set, else the
// user's Internet Settings, all schemes.
ProxyChoice resolveProxy(DWORD accessType, std::string proxy, std::string bypass);
// The process's proxy (INTERNET_OPTION_PROXY on the NULL handle).
ProxyChoice processProxy();
void setProcessProxy(const ProxyChoice& choice);
// Back to the user's settings.
void clearProcessProxy();

ProxyChoice sessionProxy(const Session& session);
void setSessionProxy(Session& session, const ProxyChoice& choice);
std::string userAgent(const Session& session);
void setUserAgent(Session& session, std::string agent);

// Whether scheme://host:port goes around a proxy under the bypass list
// `bypass`: its entries (ProxyConfig), and loopback hosts unless the list
// has "<-loopback>".
bool bypassesProxy(const std::string& bypass, const std::string& scheme, const std::string& host, unsigned port);

// The curl proxy for a request to scheme://host:port, "" for direct; a
// "socks=" entry gives a SOCKS 4 proxy (ProxyConfig). As on Windows since
// Internet Explorer 9, loopback hosts bypass the proxy unless the bypass
// list has "<-loopback>".
std::string proxyFor(const ProxyChoice& choice, bool secure, const std::string& host, unsigned port);
// The same for a URL of any scheme ("http", "https", "ftp", ...), as
// InternetGetProxyForUrl answers it.
std::string proxyForScheme(const ProxyChoice& choice, const std::string& scheme, const std::string& host,
                           unsigned port);

// Puts what this part of WinINet's options asks for into a send's spec:
// timeouts, proxy, HTTP/2, connection limits.
void applyConnectionOptions(const Request& request, RequestSpec& spec);

// The version of requests opened without one: INTERNET_OPTION_HTTP_VERSION
// on the NULL handle, else HTTP/1.1.
std::string defaultHttpVersion();

}  // namespace hinternet::wininet
