// Every option of the Windows 11 "Option Flags" page: which handles may
// query and set it, how its value travels, its default and its handlers.
// First: winhttp.h declares WINHTTP_CONNECTION_INFO only after Winsock 2.
#include <winsock2.h>
#include <ws2tcpip.h>
#include "option_table.h"

#include <algorithm>
#include <climits>
#include <vector>

#include "option_handlers.h"
#include "option_lookup.h"
#include "option_ids.h"

namespace hinternet::winhttp {
namespace {

using namespace handlers;

constexpr DWORD kInsufficient = ERROR_INSUFFICIENT_BUFFER;
constexpr DWORD kInvalid = ERROR_INVALID_PARAMETER;
constexpr unsigned kSR = kSession | kRequest;
constexpr unsigned kSCR = kSession | kConnect | kRequest;

OptionDef dword(DWORD id, const char* name, unsigned query, unsigned set, std::uint64_t fallback = 0,
                OptionGetter get = nullptr, OptionSetter put = nullptr, DWORD badSize = kInsufficient) {
  return {id, name, query, set, Shape::Dword, 0, fallback, badSize, false, get, put};
}
OptionDef pointer(DWORD id, const char* name, unsigned query, unsigned set, OptionGetter get,
                  OptionSetter put = nullptr) {
  return {id, name, query, set, Shape::Pointer, 0, 0, kInsufficient, false, get, put};
}
OptionDef text(DWORD id, const char* name, unsigned query, unsigned set, OptionGetter get,
               OptionSetter put = nullptr) {
  return {id, name, query, set, Shape::String, 0, 0, kInvalid, false, get, put};
}
OptionDef block(DWORD id, const char* name, unsigned query, unsigned set, DWORD size, OptionGetter get,
                OptionSetter put = nullptr, DWORD badSize = kInsufficient) {
  return {id, name, query, set, Shape::Struct, size, 0, badSize, true, get, put};
}
OptionDef action(DWORD id, const char* name, unsigned set, OptionSetter put) {
  return {id, name, 0, set, Shape::None, 0, 0, kInvalid, false, nullptr, put};
}
// Set-only switches Windows takes and that change nothing here.
OptionDef ignored(DWORD id, const char* name, unsigned set) {
  return dword(id, name, 0, set, 0, nullptr, putIgnored);
}

std::vector<OptionDef> makeTable() {
  std::vector<OptionDef> t = {
      pointer(WINHTTP_OPTION_CALLBACK, "CALLBACK", kHandles, kHandles, getCallback, putCallback),
      dword(WINHTTP_OPTION_RESOLVE_TIMEOUT, "RESOLVE_TIMEOUT", kSCR, kSR, 0),
      dword(WINHTTP_OPTION_CONNECT_TIMEOUT, "CONNECT_TIMEOUT", kSCR, kSR, 60000),
      dword(WINHTTP_OPTION_CONNECT_RETRIES, "CONNECT_RETRIES", kSR, kSR, 5),
      dword(WINHTTP_OPTION_SEND_TIMEOUT, "SEND_TIMEOUT", kSCR, kSR, 30000),
      dword(WINHTTP_OPTION_RECEIVE_TIMEOUT, "RECEIVE_TIMEOUT", kSCR, kSR, 30000),
      dword(WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT, "RECEIVE_RESPONSE_TIMEOUT", kSCR, kSR, 0xFFFFFFFF,
            getReceiveResponseTimeout),
      dword(WINHTTP_OPTION_HANDLE_TYPE, "HANDLE_TYPE", kHandles, 0, 0, getHandleType),
      dword(WINHTTP_OPTION_READ_BUFFER_SIZE, "READ_BUFFER_SIZE", kRequest, kRequest, 8192),
      dword(WINHTTP_OPTION_WRITE_BUFFER_SIZE, "WRITE_BUFFER_SIZE", kRequest, kRequest, 8192),
      pointer(WINHTTP_OPTION_PARENT_HANDLE, "PARENT_HANDLE", kHandles, 0, getParentHandle),
      dword(WINHTTP_OPTION_EXTENDED_ERROR, "EXTENDED_ERROR", kGlobal | kHandles, 0, 0),
      {WINHTTP_OPTION_SECURITY_FLAGS, "SECURITY_FLAGS", kRequest, kRequest, Shape::Dword, 0, 0, kInsufficient,
       true, getSecurityFlags, putSecurityFlags},
      block(WINHTTP_OPTION_SECURITY_CERTIFICATE_STRUCT, "SECURITY_CERTIFICATE_STRUCT", kRequest, 0,
            sizeof(WINHTTP_CERTIFICATE_INFO), getCertificateInfo),
      text(WINHTTP_OPTION_URL, "URL", kRequest, 0, getUrl),
      dword(WINHTTP_OPTION_SECURITY_KEY_BITNESS, "SECURITY_KEY_BITNESS", kRequest, 0, 0, getKeyBitness),
      block(WINHTTP_OPTION_PROXY, "PROXY", kGlobal | kSR, kSR, sizeof(WINHTTP_PROXY_INFO), getProxy, putProxy),
      text(WINHTTP_OPTION_USER_AGENT, "USER_AGENT", kSession, kSession, getUserAgent, putUserAgent),
      pointer(WINHTTP_OPTION_CONTEXT_VALUE, "CONTEXT_VALUE", kHandles, kHandles, getContext, putContext),
      block(WINHTTP_OPTION_CLIENT_CERT_CONTEXT, "CLIENT_CERT_CONTEXT", 0, kRequest, 0, nullptr,
            putClientCertificate, kInvalid),
      dword(WINHTTP_OPTION_REQUEST_PRIORITY, "REQUEST_PRIORITY", kRequest, kRequest, 0),
      {WINHTTP_OPTION_HTTP_VERSION, "HTTP_VERSION", kGlobal | kSR, kGlobal | kSR, Shape::Struct,
       sizeof(HTTP_VERSION_INFO), (1ull << 32) | 1, kInsufficient, true, getHttpVersion, putHttpVersion},
      dword(WINHTTP_OPTION_DISABLE_FEATURE, "DISABLE_FEATURE", 0, kRequest, 0, nullptr, putDisableFeature),
      ignored(WINHTTP_OPTION_CODEPAGE, "CODEPAGE", kSession),
      dword(WINHTTP_OPTION_MAX_CONNS_PER_SERVER, "MAX_CONNS_PER_SERVER", kSession, kSession, INFINITE, nullptr,
            putMaxConnections),
      dword(WINHTTP_OPTION_MAX_CONNS_PER_1_0_SERVER, "MAX_CONNS_PER_1_0_SERVER", kSession, kSession, INFINITE,
            nullptr, putMaxConnections),
      dword(WINHTTP_OPTION_AUTOLOGON_POLICY, "AUTOLOGON_POLICY", 0, kRequest, WINHTTP_AUTOLOGON_SECURITY_LEVEL_DEFAULT),
      pointer(WINHTTP_OPTION_SERVER_CERT_CONTEXT, "SERVER_CERT_CONTEXT", kRequest, 0, getServerCertificate),
      dword(WINHTTP_OPTION_ENABLE_FEATURE, "ENABLE_FEATURE", 0, kSR, 0, nullptr, putEnableFeature, kInvalid),
      dword(WINHTTP_OPTION_WORKER_THREAD_COUNT, "WORKER_THREAD_COUNT", 0, kGlobal, 0, nullptr, putIgnored),
      text(WINHTTP_OPTION_PASSPORT_COBRANDING_TEXT, "PASSPORT_COBRANDING_TEXT", kRequest, 0, getEmptyText),
      text(WINHTTP_OPTION_PASSPORT_COBRANDING_URL, "PASSPORT_COBRANDING_URL", kRequest, 0, getEmptyText),
      dword(WINHTTP_OPTION_CONFIGURE_PASSPORT_AUTH, "CONFIGURE_PASSPORT_AUTH", 0, kSession, 0),
      dword(WINHTTP_OPTION_SECURE_PROTOCOLS, "SECURE_PROTOCOLS", 0, kSession, 0, nullptr, putSecureProtocols),
      dword(WINHTTP_OPTION_ENABLETRACING, "ENABLETRACING", kGlobal, kGlobal, 0),
      text(WINHTTP_OPTION_PASSPORT_SIGN_OUT, "PASSPORT_SIGN_OUT", 0, kSession, nullptr, putIgnored),
      text(WINHTTP_OPTION_PASSPORT_RETURN_URL, "PASSPORT_RETURN_URL", kRequest, 0, getEmptyText),
      dword(WINHTTP_OPTION_REDIRECT_POLICY, "REDIRECT_POLICY", kSR, kSR, WINHTTP_OPTION_REDIRECT_POLICY_DEFAULT,
            nullptr, putRedirectPolicy),
      dword(WINHTTP_OPTION_MAX_HTTP_AUTOMATIC_REDIRECTS, "MAX_HTTP_AUTOMATIC_REDIRECTS", kSR, kSR, 10, nullptr,
            nullptr, kInvalid),
      dword(WINHTTP_OPTION_MAX_HTTP_STATUS_CONTINUE, "MAX_HTTP_STATUS_CONTINUE", kSR, kSR, 10),
      dword(WINHTTP_OPTION_MAX_RESPONSE_HEADER_SIZE, "MAX_RESPONSE_HEADER_SIZE", kSR, kSR, 64 * 1024),
      dword(WINHTTP_OPTION_MAX_RESPONSE_DRAIN_SIZE, "MAX_RESPONSE_DRAIN_SIZE", kSR, kSR, 1024 * 1024),
      block(WINHTTP_OPTION_CONNECTION_INFO, "CONNECTION_INFO", kRequest, 0, sizeof(WINHTTP_CONNECTION_INFO),
            getConnectionInfo),
      pointer(WINHTTP_OPTION_CLIENT_CERT_ISSUER_LIST, "CLIENT_CERT_ISSUER_LIST", kRequest, 0,
              getClientCertIssuerList),
      dword(WINHTTP_OPTION_SPN, "SPN", 0, kRequest, WINHTTP_DISABLE_SPN_SERVER_PORT),
      block(WINHTTP_OPTION_GLOBAL_PROXY_CREDS, "GLOBAL_PROXY_CREDS", 0, kGlobal | kSR, 0, nullptr,
            putGlobalCredentials),
      block(WINHTTP_OPTION_GLOBAL_SERVER_CREDS, "GLOBAL_SERVER_CREDS", 0, kGlobal | kSR, 0, nullptr,
            putGlobalCredentials),
      pointer(WINHTTP_OPTION_UNLOAD_NOTIFY_EVENT, "UNLOAD_NOTIFY_EVENT", 0, kSession, nullptr, putUnloadEvent),
      ignored(WINHTTP_OPTION_REJECT_USERPWD_IN_URL, "REJECT_USERPWD_IN_URL", kRequest),
      ignored(WINHTTP_OPTION_USE_GLOBAL_SERVER_CREDENTIALS, "USE_GLOBAL_SERVER_CREDENTIALS", kSR),
      ignored(WINHTTP_OPTION_RECEIVE_PROXY_CONNECT_RESPONSE, "RECEIVE_PROXY_CONNECT_RESPONSE", kSR),
      dword(WINHTTP_OPTION_IS_PROXY_CONNECT_RESPONSE, "IS_PROXY_CONNECT_RESPONSE", kSR, 0, FALSE),
      text(WINHTTP_OPTION_SERVER_SPN_USED, "SERVER_SPN_USED", kRequest, 0, getEmptyText),
      text(WINHTTP_OPTION_PROXY_SPN_USED, "PROXY_SPN_USED", kRequest, 0, getEmptyText),
      block(WINHTTP_OPTION_SERVER_CBT, "SERVER_CBT", kRequest, 0, sizeof(void*), getUnavailable),
      ignored(WINHTTP_OPTION_UNSAFE_HEADER_PARSING, "UNSAFE_HEADER_PARSING", kRequest),
      ignored(WINHTTP_OPTION_ASSURED_NON_BLOCKING_CALLBACKS, "ASSURED_NON_BLOCKING_CALLBACKS", kSession),
      action(WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET, "UPGRADE_TO_WEB_SOCKET", kRequest, putUpgradeToWebSocket),
      dword(WINHTTP_OPTION_WEB_SOCKET_CLOSE_TIMEOUT, "WEB_SOCKET_CLOSE_TIMEOUT", kWebSocket, kWebSocket, 10000),
      dword(WINHTTP_OPTION_WEB_SOCKET_KEEPALIVE_INTERVAL, "WEB_SOCKET_KEEPALIVE_INTERVAL", kWebSocket, kWebSocket,
            30000, nullptr, putWebSocketKeepAlive),
      dword(WINHTTP_OPTION_DECOMPRESSION, "DECOMPRESSION", 0, kSR, 0, nullptr, putDecompression),
      dword(WINHTTP_OPTION_WEB_SOCKET_RECEIVE_BUFFER_SIZE, "WEB_SOCKET_RECEIVE_BUFFER_SIZE", kSR, kSR, 32768),
      dword(WINHTTP_OPTION_WEB_SOCKET_SEND_BUFFER_SIZE, "WEB_SOCKET_SEND_BUFFER_SIZE", kSR, kSR, 32768),
      ignored(WINHTTP_OPTION_TCP_PRIORITY_HINT, "TCP_PRIORITY_HINT", kSR),
      dword(WINHTTP_OPTION_ENABLE_HTTP_PROTOCOL, "ENABLE_HTTP_PROTOCOL", 0, kSR, 0, nullptr, putEnableHttpProtocol,
            kInvalid),
      dword(WINHTTP_OPTION_HTTP_PROTOCOL_USED, "HTTP_PROTOCOL_USED", kRequest, 0, 0, getProtocolUsed),
      ignored(WINHTTP_OPTION_ENCODE_EXTRA, "ENCODE_EXTRA", kSR),
      ignored(WINHTTP_OPTION_DISABLE_STREAM_QUEUE, "DISABLE_STREAM_QUEUE", kSR),
      ignored(WINHTTP_OPTION_IPV6_FAST_FALLBACK, "IPV6_FAST_FALLBACK", kSession),
      block(WINHTTP_OPTION_CONNECTION_STATS_V0, "CONNECTION_STATS_V0", kRequest, 0, 4, getUnavailable),
      block(WINHTTP_OPTION_REQUEST_TIMES, "REQUEST_TIMES", kRequest, 0, 4, getUnavailable),
      action(WINHTTP_OPTION_EXPIRE_CONNECTION, "EXPIRE_CONNECTION", kRequest, putIgnored),
      ignored(WINHTTP_OPTION_DISABLE_SECURE_PROTOCOL_FALLBACK, "DISABLE_SECURE_PROTOCOL_FALLBACK", kSession),
      ignored(WINHTTP_OPTION_HTTP_PROTOCOL_REQUIRED, "HTTP_PROTOCOL_REQUIRED", kSR),
      block(WINHTTP_OPTION_REQUEST_STATS, "REQUEST_STATS", kRequest, 0, 4, getUnavailable),
      pointer(WINHTTP_OPTION_SERVER_CERT_CHAIN_CONTEXT, "SERVER_CERT_CHAIN_CONTEXT", kRequest, 0,
              getServerCertificateChain),
      block(WINHTTP_OPTION_CONNECTION_STATS_V1, "CONNECTION_STATS_V1", kRequest, 0, 4, getUnavailable),
      block(WINHTTP_OPTION_SECURITY_INFO, "SECURITY_INFO", kRequest, 0, 4, getUnavailable),
      block(WINHTTP_OPTION_TCP_KEEPALIVE, "TCP_KEEPALIVE", 0, kSession, 3 * sizeof(ULONG), nullptr,
            putTcpKeepAlive),
      ignored(WINHTTP_OPTION_TCP_FAST_OPEN, "TCP_FAST_OPEN", kSession),
      ignored(WINHTTP_OPTION_TLS_FALSE_START, "TLS_FALSE_START", kSession),
      dword(WINHTTP_OPTION_IGNORE_CERT_REVOCATION_OFFLINE, "IGNORE_CERT_REVOCATION_OFFLINE", 0, kRequest, 0),
      ignored(WINHTTP_OPTION_TLS_PROTOCOL_INSECURE_FALLBACK, "TLS_PROTOCOL_INSECURE_FALLBACK", kSession),
      dword(WINHTTP_OPTION_STREAM_ERROR_CODE, "STREAM_ERROR_CODE", kRequest, 0, 0),
      ignored(WINHTTP_OPTION_REQUIRE_STREAM_END, "REQUIRE_STREAM_END", kSR),
      ignored(WINHTTP_OPTION_ENABLE_HTTP2_PLUS_CLIENT_CERT, "ENABLE_HTTP2_PLUS_CLIENT_CERT", kSession),
      dword(WINHTTP_OPTION_HTTP2_KEEPALIVE, "HTTP2_KEEPALIVE", 0, kSession, 0, nullptr, putHttp2KeepAlive),
      text(WINHTTP_OPTION_RESOLUTION_HOSTNAME, "RESOLUTION_HOSTNAME", 0, kRequest, nullptr, putResolutionHostname),
      ignored(WINHTTP_OPTION_HTTP2_PLUS_TRANSFER_ENCODING, "HTTP2_PLUS_TRANSFER_ENCODING", kSR),
      ignored(WINHTTP_OPTION_DISABLE_CERT_CHAIN_BUILDING, "DISABLE_CERT_CHAIN_BUILDING", kSession),
      ignored(WINHTTP_OPTION_BACKGROUND_CONNECTIONS, "BACKGROUND_CONNECTIONS", kSession),
      ignored(WINHTTP_OPTION_FIRST_AVAILABLE_CONNECTION, "FIRST_AVAILABLE_CONNECTION", kSession),
      dword(WINHTTP_OPTION_TCP_PRIORITY_STATUS, "TCP_PRIORITY_STATUS", kRequest, 0, 0),
      block(WINHTTP_OPTION_CONNECTION_GUID, "CONNECTION_GUID", 0, kRequest, sizeof(GUID), nullptr, putIgnored),
      block(WINHTTP_OPTION_MATCH_CONNECTION_GUID, "MATCH_CONNECTION_GUID", 0, kRequest, sizeof(GUID) + 8, nullptr,
            putIgnored),
      block(WINHTTP_OPTION_HTTP2_RECEIVE_WINDOW, "HTTP2_RECEIVE_WINDOW", 0, kSR, 2 * sizeof(ULONG), nullptr,
            putIgnored),
      block(WINHTTP_OPTION_FEATURE_SUPPORTED, "FEATURE_SUPPORTED", kGlobal | kHandles, 0, sizeof(DWORD),
            getFeatureSupported),
      block(WINHTTP_OPTION_QUIC_STATS, "QUIC_STATS", kRequest, 0, 4, getUnavailable),
      ignored(WINHTTP_OPTION_HTTP3_KEEPALIVE, "HTTP3_KEEPALIVE", kSR),
      ignored(WINHTTP_OPTION_HTTP3_HANDSHAKE_TIMEOUT, "HTTP3_HANDSHAKE_TIMEOUT", kSR),
      ignored(WINHTTP_OPTION_HTTP3_INITIAL_RTT, "HTTP3_INITIAL_RTT", kSR),
      dword(WINHTTP_OPTION_HTTP3_STREAM_ERROR_CODE, "HTTP3_STREAM_ERROR_CODE", kRequest, 0, 0),
      text(WINHTTP_OPTION_REQUEST_ANNOTATION, "REQUEST_ANNOTATION", kRequest, kRequest, getAnnotation,
           putAnnotation),
      ignored(WINHTTP_OPTION_DISABLE_PROXY_AUTH_SCHEMES, "DISABLE_PROXY_AUTH_SCHEMES", kSession),
      ignored(WINHTTP_OPTION_REVERT_IMPERSONATION_SERVER_CERT, "REVERT_IMPERSONATION_SERVER_CERT", kSR),
      ignored(WINHTTP_OPTION_DISABLE_GLOBAL_POOLING, "DISABLE_GLOBAL_POOLING", kSession),
      ignored(WINHTTP_OPTION_USE_SESSION_SCH_CRED, "USE_SESSION_SCH_CRED", kSession),
      text(WINHTTP_OPTION_USERNAME, "USERNAME", kRequest, kRequest, getUsername, putUsername),
      text(WINHTTP_OPTION_PASSWORD, "PASSWORD", kRequest, kRequest, getPassword, putPassword),
      text(WINHTTP_OPTION_PROXY_USERNAME, "PROXY_USERNAME", kRequest, kRequest, getProxyUsername, putProxyUsername),
      text(WINHTTP_OPTION_PROXY_PASSWORD, "PROXY_PASSWORD", kRequest, kRequest, getProxyPassword, putProxyPassword),
  };
  std::sort(t.begin(), t.end(), [](const OptionDef& a, const OptionDef& b) { return a.id < b.id; });
  return t;
}

const std::vector<OptionDef>& table() {
  static const std::vector<OptionDef> instance = makeTable();
  return instance;
}

}  // namespace

const OptionDef* findOption(DWORD id) {
  return findSortedById(table(), id);
}

Session* OptionTarget::session() const {
  return static_cast<Session*>(ancestorOfKind(object.get(), HandleKind::Session));
}

Request* OptionTarget::request() const {
  return kind == kRequest ? static_cast<Request*>(object.get()) : nullptr;
}

OptionStore& OptionTarget::store() const {
  if (!object) return globalOptions();
  if (kind == kConnect) return object->parent()->options;
  return object->options;
}

OptionStore& globalOptions() {
  static OptionStore* store = new OptionStore;  // outlives every handle
  return *store;
}

std::uint64_t optionValue(const OptionStore& store, DWORD id) {
  const OptionDef* def = findOption(id);
  return store.get(id, def ? def->fallback : 0);
}

std::uint64_t optionValue(const HandleObject& object, DWORD id) { return optionValue(object.options, id); }

std::string defaultHttpVersion() {
  const std::uint64_t value = optionValue(globalOptions(), WINHTTP_OPTION_HTTP_VERSION);
  return "HTTP/" + std::to_string(value >> 32) + "." + std::to_string(value & 0xFFFFFFFF);
}

long timeoutOption(const HandleObject& object, DWORD id) {
  const std::uint64_t value = id == WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT ? receiveResponseTimeout(object.options)
                                                                            : optionValue(object, id);
  if (value == 0 || value >= INFINITE) return -1;
  return static_cast<long>(std::min<std::uint64_t>(value, LONG_MAX));
}

DWORD receiveResponseTimeout(const OptionStore& store) {
  return static_cast<DWORD>(std::max(optionValue(store, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT),
                                     optionValue(store, WINHTTP_OPTION_RECEIVE_TIMEOUT)));
}

}  // namespace hinternet::winhttp
