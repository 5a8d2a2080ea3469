// Every WinINet option of the Windows 11 "Option Flags" page that a
// program can still use: which handles may query and set it, how its value
// travels, and its handlers.
#include "option_table.h"

#include <algorithm>
#include <atomic>
#include <vector>

#include "option_handlers.h"
#include "option_lookup.h"

namespace hinternet::wininet {
namespace {

using namespace handlers;

constexpr DWORD kBadLength = ERROR_INTERNET_BAD_OPTION_LENGTH;
constexpr DWORD kWrongType = ERROR_INTERNET_INCORRECT_HANDLE_TYPE;
constexpr unsigned kCR = kConnect | kRequest;

OptionDef dword(DWORD id, const char* name, unsigned query, unsigned set, OptionGetter get = nullptr,
                OptionSetter put = nullptr, DWORD badSize = kBadLength, DWORD wrongHandle = kWrongType) {
  return {id, name, query, set, Shape::Dword, badSize, wrongHandle, get, put};
}
OptionDef pointer(DWORD id, const char* name, unsigned query, unsigned set, OptionGetter get,
                  OptionSetter put = nullptr) {
  return {id, name, query, set, Shape::Pointer, kBadLength, kWrongType, get, put};
}
OptionDef text(DWORD id, const char* name, unsigned query, unsigned set, OptionGetter get,
               OptionSetter put = nullptr) {
  return {id, name, query, set, Shape::Text, kBadLength, kWrongType, get, put};
}
OptionDef custom(DWORD id, const char* name, unsigned query, unsigned set, OptionGetter get,
                 OptionSetter put = nullptr) {
  return {id, name, query, set, Shape::Custom, kBadLength, kWrongType, get, put};
}
OptionDef action(DWORD id, const char* name, unsigned set, OptionSetter put) {
  return {id, name, 0, set, Shape::None, kBadLength, kWrongType, nullptr, put};
}
// Switches Windows takes that change nothing here.
OptionDef ignored(DWORD id, const char* name, unsigned kinds) {
  return dword(id, name, kinds, kinds, nullptr, putIgnored);
}

std::vector<OptionDef> makeTable() {
  constexpr DWORD kInvalidOperation = ERROR_INTERNET_INVALID_OPERATION;
  std::vector<OptionDef> t = {
      pointer(INTERNET_OPTION_CALLBACK, "CALLBACK", kHandles, 0, getCallback),
      dword(INTERNET_OPTION_CONNECT_TIMEOUT, "CONNECT_TIMEOUT", kAny, kAny),
      dword(INTERNET_OPTION_CONNECT_RETRIES, "CONNECT_RETRIES", kAny, kAny),
      dword(INTERNET_OPTION_CONNECT_BACKOFF, "CONNECT_BACKOFF", kAny, kAny),
      dword(INTERNET_OPTION_SEND_TIMEOUT, "SEND_TIMEOUT", kAny, kAny),
      dword(INTERNET_OPTION_RECEIVE_TIMEOUT, "RECEIVE_TIMEOUT", kAny, kAny),
      dword(INTERNET_OPTION_DATA_SEND_TIMEOUT, "DATA_SEND_TIMEOUT", kAny, kAny),
      dword(INTERNET_OPTION_DATA_RECEIVE_TIMEOUT, "DATA_RECEIVE_TIMEOUT", kAny, kAny),
      dword(INTERNET_OPTION_HANDLE_TYPE, "HANDLE_TYPE", kHandles, 0, getHandleType),
      dword(INTERNET_OPTION_LISTEN_TIMEOUT, "LISTEN_TIMEOUT", kAny, kAny),
      dword(INTERNET_OPTION_READ_BUFFER_SIZE, "READ_BUFFER_SIZE", kHandles, kHandles),
      dword(INTERNET_OPTION_WRITE_BUFFER_SIZE, "WRITE_BUFFER_SIZE", kHandles, kHandles),
      dword(INTERNET_OPTION_ASYNC_ID, "ASYNC_ID", kHandles, 0, getZero),
      dword(INTERNET_OPTION_ASYNC_PRIORITY, "ASYNC_PRIORITY", kHandles, kHandles),
      pointer(INTERNET_OPTION_PARENT_HANDLE, "PARENT_HANDLE", kHandles, 0, getParentHandle),
      dword(INTERNET_OPTION_KEEP_CONNECTION, "KEEP_CONNECTION", kRequest, 0),
      dword(INTERNET_OPTION_REQUEST_FLAGS, "REQUEST_FLAGS", kRequest, 0, getRequestFlags),
      dword(INTERNET_OPTION_EXTENDED_ERROR, "EXTENDED_ERROR", kAny, 0, getZero),
      ignored(INTERNET_OPTION_OFFLINE_MODE, "OFFLINE_MODE", kAny),
      text(INTERNET_OPTION_USERNAME, "USERNAME", kCR, kCR, getUsername, putUsername),
      text(INTERNET_OPTION_PASSWORD, "PASSWORD", kCR, kCR, getPassword, putPassword),
      dword(INTERNET_OPTION_SECURITY_FLAGS, "SECURITY_FLAGS", kRequest, kRequest, getSecurityFlags,
            putSecurityFlags, ERROR_INVALID_PARAMETER),
      custom(INTERNET_OPTION_SECURITY_CERTIFICATE_STRUCT, "SECURITY_CERTIFICATE_STRUCT", kRequest, 0,
             getCertificateInfo),
      text(INTERNET_OPTION_DATAFILE_NAME, "DATAFILE_NAME", kRequest, 0, getNoCacheEntry),
      text(INTERNET_OPTION_URL, "URL", kRequest, 0, getUrl),
      custom(INTERNET_OPTION_SECURITY_CERTIFICATE, "SECURITY_CERTIFICATE", kRequest, 0, getCertificateText),
      dword(INTERNET_OPTION_SECURITY_KEY_BITNESS, "SECURITY_KEY_BITNESS", kRequest, 0, getKeyBitness),
      custom(INTERNET_OPTION_SECURITY_CONNECTION_INFO, "SECURITY_CONNECTION_INFO", kRequest, 0,
             getSecurityConnectionInfo),
      action(INTERNET_OPTION_REFRESH, "REFRESH", kGlobal | kSession, putRefresh),
      custom(INTERNET_OPTION_PROXY, "PROXY", kGlobal | kSession, kGlobal | kSession, getProxy, putProxy),
      action(INTERNET_OPTION_SETTINGS_CHANGED, "SETTINGS_CHANGED", kAny, putSettingsChanged),
      custom(INTERNET_OPTION_VERSION, "VERSION", kAny, 0, getVersion),
      text(INTERNET_OPTION_USER_AGENT, "USER_AGENT", kSession, kSession, getUserAgent, putUserAgent),
      action(INTERNET_OPTION_END_BROWSER_SESSION, "END_BROWSER_SESSION", kAny, putEndBrowserSession),
      text(INTERNET_OPTION_PROXY_USERNAME, "PROXY_USERNAME", kCR, kCR, getProxyUsername, putProxyUsername),
      text(INTERNET_OPTION_PROXY_PASSWORD, "PROXY_PASSWORD", kCR, kCR, getProxyPassword, putProxyPassword),
      pointer(INTERNET_OPTION_CONTEXT_VALUE, "CONTEXT_VALUE", kHandles, kHandles, getContext, putContext),
      ignored(INTERNET_OPTION_CONNECT_LIMIT, "CONNECT_LIMIT", kAny),
      custom(INTERNET_OPTION_POLICY, "POLICY", kAny, kAny, refusePolicy, refusePolicySet),
      dword(INTERNET_OPTION_DISCONNECTED_TIMEOUT, "DISCONNECTED_TIMEOUT", kAny, kAny),
      custom(INTERNET_OPTION_CONNECTED_STATE, "CONNECTED_STATE", kGlobal, kGlobal, getConnectedState,
             putConnectedState),
      ignored(INTERNET_OPTION_IDLE_STATE, "IDLE_STATE", kGlobal),
      ignored(INTERNET_OPTION_OFFLINE_SEMANTICS, "OFFLINE_SEMANTICS", kAny),
      text(INTERNET_OPTION_SECONDARY_CACHE_KEY, "SECONDARY_CACHE_KEY", 0, kRequest, nullptr, putIgnored),
      ignored(INTERNET_OPTION_CALLBACK_FILTER, "CALLBACK_FILTER", kAny),
      dword(INTERNET_OPTION_CONNECT_TIME, "CONNECT_TIME", kRequest, 0, getZero),
      dword(INTERNET_OPTION_SEND_THROUGHPUT, "SEND_THROUGHPUT", kRequest, 0, getZero),
      dword(INTERNET_OPTION_RECEIVE_THROUGHPUT, "RECEIVE_THROUGHPUT", kRequest, 0, getZero),
      dword(INTERNET_OPTION_REQUEST_PRIORITY, "REQUEST_PRIORITY", kRequest, kRequest),
      custom(INTERNET_OPTION_HTTP_VERSION, "HTTP_VERSION", kGlobal | kRequest, kGlobal | kRequest, getHttpVersion,
             putHttpVersion),
      action(INTERNET_OPTION_RESET_URLCACHE_SESSION, "RESET_URLCACHE_SESSION", kGlobal, putSettingsChanged),
      dword(INTERNET_OPTION_ERROR_MASK, "ERROR_MASK", kHandles, kHandles, nullptr, putErrorMask),
      dword(INTERNET_OPTION_FROM_CACHE_TIMEOUT, "FROM_CACHE_TIMEOUT", kAny, kAny),
      ignored(INTERNET_OPTION_BYPASS_EDITED_ENTRY, "BYPASS_EDITED_ENTRY", kAny),
      dword(INTERNET_OPTION_HTTP_DECODING, "HTTP_DECODING", kHandles, kHandles),
      ignored(INTERNET_OPTION_CODEPAGE, "CODEPAGE", kAny),
      ignored(INTERNET_OPTION_DISABLE_AUTODIAL, "DISABLE_AUTODIAL", kGlobal),
      dword(INTERNET_OPTION_MAX_CONNS_PER_SERVER, "MAX_CONNS_PER_SERVER", kGlobal, kGlobal, nullptr,
            putMaxConnections, kBadLength, kInvalidOperation),
      dword(INTERNET_OPTION_MAX_CONNS_PER_1_0_SERVER, "MAX_CONNS_PER_1_0_SERVER", kGlobal, kGlobal, nullptr,
            putMaxConnections, kBadLength, kInvalidOperation),
      custom(INTERNET_OPTION_PER_CONNECTION_OPTION, "PER_CONNECTION_OPTION", kGlobal | kSession, kGlobal | kSession,
             getPerConnection, putPerConnection),
      action(INTERNET_OPTION_DIGEST_AUTH_UNLOAD, "DIGEST_AUTH_UNLOAD", kGlobal, putSettingsChanged),
      ignored(INTERNET_OPTION_IGNORE_OFFLINE, "IGNORE_OFFLINE", kRequest),
      ignored(INTERNET_OPTION_SUPPRESS_BEHAVIOR, "SUPPRESS_BEHAVIOR", kGlobal),
      custom(INTERNET_OPTION_CLIENT_CERT_CONTEXT, "CLIENT_CERT_CONTEXT", 0, kRequest, nullptr,
             putClientCertificate),
      ignored(INTERNET_OPTION_AUTH_FLAGS, "AUTH_FLAGS", kHandles),
      ignored(INTERNET_OPTION_DISABLE_PASSPORT_AUTH, "DISABLE_PASSPORT_AUTH", kSession),
      ignored(INTERNET_OPTION_SEND_UTF8_SERVERNAME_TO_PROXY, "SEND_UTF8_SERVERNAME_TO_PROXY", kAny),
      ignored(INTERNET_OPTION_EXEMPT_CONNECTION_LIMIT, "EXEMPT_CONNECTION_LIMIT", kRequest),
      ignored(INTERNET_OPTION_ENABLE_PASSPORT_AUTH, "ENABLE_PASSPORT_AUTH", kSession),
      action(INTERNET_OPTION_PROXY_SETTINGS_CHANGED, "PROXY_SETTINGS_CHANGED", kAny, putSettingsChanged),
      ignored(INTERNET_OPTION_CODEPAGE_PATH, "CODEPAGE_PATH", kAny),
      ignored(INTERNET_OPTION_CODEPAGE_EXTRA, "CODEPAGE_EXTRA", kAny),
      ignored(INTERNET_OPTION_IDN, "IDN", kAny),
      dword(INTERNET_OPTION_MAX_CONNS_PER_PROXY, "MAX_CONNS_PER_PROXY", kGlobal, kGlobal, nullptr, putMaxConnections,
            kBadLength, kInvalidOperation),
      ignored(INTERNET_OPTION_SUPPRESS_SERVER_AUTH, "SUPPRESS_SERVER_AUTH", kRequest),
      pointer(INTERNET_OPTION_SERVER_CERT_CHAIN_CONTEXT, "SERVER_CERT_CHAIN_CONTEXT", kRequest, 0,
              getCertificateChain),
      ignored(INTERNET_OPTION_ENABLE_REDIRECT_CACHE_READ, "ENABLE_REDIRECT_CACHE_READ", kAny),
      dword(INTERNET_OPTION_ENABLE_HTTP_PROTOCOL, "ENABLE_HTTP_PROTOCOL", kAny, kAny, nullptr,
            putEnableHttpProtocol, kBadLength),
      dword(INTERNET_OPTION_HTTP_PROTOCOL_USED, "HTTP_PROTOCOL_USED", kRequest, 0, getProtocolUsed),
      ignored(INTERNET_OPTION_ENCODE_EXTRA, "ENCODE_EXTRA", kAny),
      ignored(INTERNET_OPTION_HSTS, "HSTS", kAny),
  };
  std::sort(t.begin(), t.end(), [](const OptionDef& a, const OptionDef& b) { return a.id < b.id; });
  return t;
}

const std::vector<OptionDef>& table() {
  static const std::vector<OptionDef> instance = makeTable();
  return instance;
}

std::atomic<bool> offlineState{false};

}  // namespace

const OptionDef* findOption(DWORD id) {
  return findSortedById(table(), id);
}

Session* OptionTarget::session() const {
  return static_cast<Session*>(ancestorOfKind(object.get(), HandleKind::Session));
}

Connect* OptionTarget::connect() const {
  if (kind == kConnect) return static_cast<Connect*>(object.get());
  if (kind == kRequest) return &static_cast<Request*>(object.get())->connect();
  return nullptr;
}

Request* OptionTarget::request() const {
  return kind == kRequest ? static_cast<Request*>(object.get()) : nullptr;
}

OptionStore& OptionTarget::store() const { return object ? object->options : globalOptions(); }

bool http2Enabled(const HandleObject& object) {
  // A value set on the handle or an ancestor after the handle was made
  // still counts: the nearest one wins.
  for (const HandleObject* node = &object; node; node = node->parent().get())
    if (node->options.has(INTERNET_OPTION_ENABLE_HTTP_PROTOCOL))
      return node->options.get(INTERNET_OPTION_ENABLE_HTTP_PROTOCOL, 0) & HTTP_PROTOCOL_FLAG_HTTP2;
  return globalOptions().get(INTERNET_OPTION_ENABLE_HTTP_PROTOCOL, 0) & HTTP_PROTOCOL_FLAG_HTTP2;
}

bool globallyOffline() { return offlineState.load(); }
void setGloballyOffline(bool value) { offlineState.store(value); }

bool offline(const Request& request) {
  return (request.flags & INTERNET_FLAG_OFFLINE) || (request.connect().session().flags & INTERNET_FLAG_OFFLINE) ||
         globallyOffline();
}

}  // namespace hinternet::wininet
