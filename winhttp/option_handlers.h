#pragma once
// The option handlers option_table.cpp refers to; see OptionGetter and
// OptionSetter. Handles and values are already checked against the table.
#include "option_table.h"

namespace hinternet::winhttp::handlers {

// Any handle (option_handlers.cpp).
DWORD getCallback(const OptionTarget&, OptionOutput&);
DWORD putCallback(const OptionTarget&, const OptionInput&);
DWORD getHandleType(const OptionTarget&, OptionOutput&);
DWORD getParentHandle(const OptionTarget&, OptionOutput&);
DWORD getContext(const OptionTarget&, OptionOutput&);
DWORD putContext(const OptionTarget&, const OptionInput&);
DWORD getReceiveResponseTimeout(const OptionTarget&, OptionOutput&);
DWORD getHttpVersion(const OptionTarget&, OptionOutput&);
DWORD putHttpVersion(const OptionTarget&, const OptionInput&);
DWORD getProxy(const OptionTarget&, OptionOutput&);
DWORD putProxy(const OptionTarget&, const OptionInput&);
DWORD getFeatureSupported(const OptionTarget&, OptionOutput&);
DWORD getEmptyText(const OptionTarget&, OptionOutput&);
// Options Windows documents but that need what we do not have (SChannel
// statistics, channel bindings, QUIC): as before a connection exists.
DWORD getUnavailable(const OptionTarget&, OptionOutput&);
// Registry-gated credential sharing with WinINet, never enabled here.
DWORD putGlobalCredentials(const OptionTarget&, const OptionInput&);
// Values Windows accepts without their having an effect here: logged.
DWORD putIgnored(const OptionTarget&, const OptionInput&);

// Values with a range (option_handlers.cpp).
DWORD putRedirectPolicy(const OptionTarget&, const OptionInput&);
DWORD putDisableFeature(const OptionTarget&, const OptionInput&);
DWORD putEnableFeature(const OptionTarget&, const OptionInput&);
DWORD putSecureProtocols(const OptionTarget&, const OptionInput&);
DWORD putDecompression(const OptionTarget&, const OptionInput&);
DWORD putEnableHttpProtocol(const OptionTarget&, const OptionInput&);
DWORD putMaxConnections(const OptionTarget&, const OptionInput&);
DWORD putWebSocketKeepAlive(const OptionTarget&, const OptionInput&);
DWORD putHttp2KeepAlive(const OptionTarget&, const OptionInput&);
DWORD putTcpKeepAlive(const OptionTarget&, const OptionInput&);

// Session and request text (option_text.cpp).
DWORD getUserAgent(const OptionTarget&, OptionOutput&);
DWORD putUserAgent(const OptionTarget&, const OptionInput&);
DWORD getUsername(const OptionTarget&, OptionOutput&);
DWORD putUsername(const OptionTarget&, const OptionInput&);
DWORD getPassword(const OptionTarget&, OptionOutput&);
DWORD putPassword(const OptionTarget&, const OptionInput&);
DWORD getProxyUsername(const OptionTarget&, OptionOutput&);
DWORD putProxyUsername(const OptionTarget&, const OptionInput&);
DWORD getProxyPassword(const OptionTarget&, OptionOutput&);
DWORD putProxyPassword(const OptionTarget&, const OptionInput&);
DWORD getAnnotation(const OptionTarget&, OptionOutput&);
DWORD putAnnotation(const OptionTarget&, const OptionInput&);
DWORD putResolutionHostname(const OptionTarget&, const OptionInput&);
DWORD putUnloadEvent(const OptionTarget&, const OptionInput&);
DWORD putUpgradeToWebSocket(const OptionTarget&, const OptionInput&);
DWORD getUrl(const OptionTarget&, OptionOutput&);

// What the exchange learned (option_security.cpp).
DWORD getSecurityFlags(const OptionTarget&, OptionOutput&);
DWORD putSecurityFlags(const OptionTarget&, const OptionInput&);
DWORD getServerCertificate(const OptionTarget&, OptionOutput&);
DWORD getServerCertificateChain(const OptionTarget&, OptionOutput&);
DWORD getCertificateInfo(const OptionTarget&, OptionOutput&);
DWORD getKeyBitness(const OptionTarget&, OptionOutput&);
DWORD putClientCertificate(const OptionTarget&, const OptionInput&);
DWORD getConnectionInfo(const OptionTarget&, OptionOutput&);
DWORD getProtocolUsed(const OptionTarget&, OptionOutput&);

// The authorities a server's certificate request named (option_issuer_list.cpp).
DWORD getClientCertIssuerList(const OptionTarget&, OptionOutput&);

}  // namespace hinternet::winhttp::handlers
