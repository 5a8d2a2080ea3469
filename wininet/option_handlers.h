#pragma once
// The option handlers option_table.cpp refers to; see OptionGetter and
// OptionSetter. Handles and sizes of fixed values are already checked.
#include "option_table.h"

// The SDK's winineti.h has it; MinGW's headers do not.
#ifndef INTERNET_OPTION_SECURITY_CONNECTION_INFO
#define INTERNET_OPTION_SECURITY_CONNECTION_INFO 66
#endif

namespace hinternet::wininet::handlers {

// Any handle (option_handlers.cpp).
DWORD getCallback(const OptionTarget&, OptionIo&);
DWORD getHandleType(const OptionTarget&, OptionIo&);
DWORD getParentHandle(const OptionTarget&, OptionIo&);
DWORD getContext(const OptionTarget&, OptionIo&);
DWORD putContext(const OptionTarget&, const OptionIo&);
DWORD getRequestFlags(const OptionTarget&, OptionIo&);
DWORD getVersion(const OptionTarget&, OptionIo&);
DWORD getHttpVersion(const OptionTarget&, OptionIo&);
DWORD putHttpVersion(const OptionTarget&, const OptionIo&);
DWORD getConnectedState(const OptionTarget&, OptionIo&);
DWORD putConnectedState(const OptionTarget&, const OptionIo&);
DWORD putMaxConnections(const OptionTarget&, const OptionIo&);
DWORD putErrorMask(const OptionTarget&, const OptionIo&);
DWORD putEnableHttpProtocol(const OptionTarget&, const OptionIo&);
DWORD getProtocolUsed(const OptionTarget&, OptionIo&);
DWORD getZero(const OptionTarget&, OptionIo&);
DWORD refusePolicy(const OptionTarget&, OptionIo&);
DWORD refusePolicySet(const OptionTarget&, const OptionIo&);
DWORD getNoCacheEntry(const OptionTarget&, OptionIo&);
// Accepted and without effect here: logged.
DWORD putIgnored(const OptionTarget&, const OptionIo&);
// SETTINGS_CHANGED, PROXY_SETTINGS_CHANGED, END_BROWSER_SESSION.
DWORD putSettingsChanged(const OptionTarget&, const OptionIo&);
DWORD putEndBrowserSession(const OptionTarget&, const OptionIo&);
DWORD putRefresh(const OptionTarget&, const OptionIo&);

// Text (option_text.cpp).
DWORD getUserAgent(const OptionTarget&, OptionIo&);
DWORD putUserAgent(const OptionTarget&, const OptionIo&);
DWORD getUsername(const OptionTarget&, OptionIo&);
DWORD putUsername(const OptionTarget&, const OptionIo&);
DWORD getPassword(const OptionTarget&, OptionIo&);
DWORD putPassword(const OptionTarget&, const OptionIo&);
DWORD getProxyUsername(const OptionTarget&, OptionIo&);
DWORD putProxyUsername(const OptionTarget&, const OptionIo&);
DWORD getProxyPassword(const OptionTarget&, OptionIo&);
DWORD putProxyPassword(const OptionTarget&, const OptionIo&);
DWORD getUrl(const OptionTarget&, OptionIo&);

// Proxies (option_proxy.cpp).
DWORD getProxy(const OptionTarget&, OptionIo&);
DWORD putProxy(const OptionTarget&, const OptionIo&);
DWORD getPerConnection(const OptionTarget&, OptionIo&);
DWORD putPerConnection(const OptionTarget&, const OptionIo&);

// What the exchange learned about its connection (option_security.cpp).
DWORD getSecurityFlags(const OptionTarget&, OptionIo&);
DWORD putSecurityFlags(const OptionTarget&, const OptionIo&);
DWORD getCertificateInfo(const OptionTarget&, OptionIo&);
DWORD getCertificateText(const OptionTarget&, OptionIo&);
DWORD getKeyBitness(const OptionTarget&, OptionIo&);
DWORD getCertificateChain(const OptionTarget&, OptionIo&);
DWORD putClientCertificate(const OptionTarget&, const OptionIo&);
DWORD getSecurityConnectionInfo(const OptionTarget&, OptionIo&);

}  // namespace hinternet::wininet::handlers
