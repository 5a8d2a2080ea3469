// InternetGetProxyForUrl and InternetFreeProxyInfoList: the proxy a request
// for a URL on a session would go through, from the same resolution the
// session's requests use (session_settings.cpp), so the two cannot differ.
#include "proxy_info_sdk.h"

#include <string>

#include "api_guard.h"
#include "handles.h"
#include "internet_url.h"
#include "proxy_config.h"
#include "session_settings.h"
#include "text.h"
#include "url_chars.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::guardedCall;

extern "C" {
DWORD WINAPI InternetGetProxyForUrl(HINTERNET internet, PCWSTR url, WININET_PROXY_INFO_LIST* list);
void WINAPI InternetFreeProxyInfoList(WININET_PROXY_INFO_LIST* list);
}

namespace {

// A proxy as ProxyConfig names it for curl: "http://host:port",
// "socks4://host:port".
struct ProxyAddress {
  INTERNET_SCHEME scheme = INTERNET_SCHEME_HTTP;
  std::string host;
  INTERNET_PORT port = 0;
};

ProxyAddress proxyAddress(const std::string& curlProxy) {
  ProxyAddress address;
  const std::size_t mark = curlProxy.find("://");
  const std::string scheme = curlProxy.substr(0, mark);
  if (ProxyConfig::isSocks(curlProxy)) address.scheme = INTERNET_SCHEME_SOCKS;
  else if (scheme == "https") address.scheme = INTERNET_SCHEME_HTTPS;
  const std::string rest = curlProxy.substr(mark + 3);
  const std::size_t colon = rest.rfind(':');
  address.host = rest.substr(0, colon);
  if (address.host.size() >= 2 && address.host.front() == '[')
    address.host = address.host.substr(1, address.host.size() - 2);
  address.port = static_cast<INTERNET_PORT>(std::stoul(rest.substr(colon + 1)));
  return address;
}

}  // namespace

extern "C" DWORD WINAPI InternetGetProxyForUrl(HINTERNET internet, PCWSTR url, WININET_PROXY_INFO_LIST* list) {
  LOG_TRACE("InternetGetProxyForUrl(%p, %s, %p)", internet, win32::utf8FromWide(url).c_str(),
            static_cast<void*>(list));
  return guardedCall("InternetGetProxyForUrl", DWORD(ERROR_NOT_ENOUGH_MEMORY), [&]() -> DWORD {
    if (!url || !list) return ERROR_INVALID_PARAMETER;
    list->dwProxyInfoCount = 0;
    list->pProxyInfo = nullptr;
    // Any handle of a session answers for that session, as its requests'
    // sends read the proxy from it.
    auto object = find<HandleObject>(internet, {HandleKind::Session, HandleKind::Connect, HandleKind::Request});
    if (!object) return GetLastError();
    using Chars = UrlChars<wchar_t>;
    const auto text = Chars::core(url, Chars::length(url));
    InternetUrl cracked;
    const Error error = crackInternetUrl(text, cracked);
    if (error != Error::None) return errorCode(error);

    WININET_PROXY_INFO info{};
    std::string proxy;
    const char* scheme = schemeName(cracked.scheme);
    const bool proxied = cracked.scheme == UrlScheme::Http || cracked.scheme == UrlScheme::Https ||
                         cracked.scheme == UrlScheme::Ftp;
    if (proxied && scheme) {
      const std::u16string host16(text.substr(cracked.layout.host.offset, cracked.layout.host.length));
      const std::string host = win32::utf8FromWide(win32::asWide(host16.c_str()), static_cast<int>(host16.size()));
      const ProxyChoice choice = sessionProxy(sessionOf(*object));
      proxy = proxyForScheme(choice, scheme, host, cracked.port);
      info.fBypass = proxy.empty() && choice.accessType == INTERNET_OPEN_TYPE_PROXY &&
                     bypassesProxy(choice.bypass, scheme, host, cracked.port);
    }
    // The list and its strings are GlobalAlloc'd, as the strings WinINet
    // hands its callers elsewhere (the per-connection options).
    if (!proxy.empty()) {
      const ProxyAddress address = proxyAddress(proxy);
      info.fProxy = TRUE;
      info.ProxyScheme = address.scheme;
      info.ProxyPort = address.port;
      info.pwszProxy = win32::globalString(win32::wideFromUtf8(address.host));
    }
    auto* entry = static_cast<WININET_PROXY_INFO*>(GlobalAlloc(GMEM_FIXED, sizeof(info)));
    if (!entry) {
      if (info.pwszProxy) GlobalFree(info.pwszProxy);
      return ERROR_NOT_ENOUGH_MEMORY;
    }
    *entry = info;
    list->dwProxyInfoCount = 1;
    list->pProxyInfo = entry;
    return ERROR_SUCCESS;
  });
}

extern "C" void WINAPI InternetFreeProxyInfoList(WININET_PROXY_INFO_LIST* list) {
  LOG_TRACE("InternetFreeProxyInfoList(%p)", static_cast<void*>(list));
  guardedCall("InternetFreeProxyInfoList", 0, [&]() -> int {
    if (!list) return 0;
    if (list->pProxyInfo) {
      for (DWORD i = 0; i < list->dwProxyInfoCount; ++i)
        if (list->pProxyInfo[i].pwszProxy) GlobalFree(list->pProxyInfo[i].pwszProxy);
      GlobalFree(list->pProxyInfo);
    }
    list->dwProxyInfoCount = 0;
    list->pProxyInfo = nullptr;
    return 0;
  });
}
