// Option handlers for values of any handle and values with a range.
#include "option_handlers.h"

#include <cstdio>
#include <cstring>

#include "cookie_jar.h"
#include "log.h"
#include "proxy_config.h"
#include "server_credentials.h"
#include "session_settings.h"

namespace hinternet::wininet::handlers {
namespace {

// Windows rejects a NULL buffer the size check let through.
DWORD needBuffer(const OptionIo& io, DWORD size) {
  if (!io.buffer || io.length < size) return ERROR_INSUFFICIENT_BUFFER;
  return ERROR_SUCCESS;
}

}  // namespace

DWORD getCallback(const OptionTarget& target, OptionIo& io) {
  io.number = reinterpret_cast<std::uintptr_t>(target.object->status.callback.load());
  return ERROR_SUCCESS;
}

DWORD getHandleType(const OptionTarget& target, OptionIo& io) {
  switch (target.kind) {
    case kSession: io.number = INTERNET_HANDLE_TYPE_INTERNET; break;
    case kConnect: io.number = INTERNET_HANDLE_TYPE_CONNECT_HTTP; break;
    default: io.number = INTERNET_HANDLE_TYPE_HTTP_REQUEST; break;
  }
  return ERROR_SUCCESS;
}

DWORD getParentHandle(const OptionTarget& target, OptionIo& io) {
  const auto& parent = target.object->parent();
  io.number = parent ? parent->value() : 0;
  return ERROR_SUCCESS;
}

DWORD getContext(const OptionTarget& target, OptionIo& io) {
  if (Request* request = target.request()) io.number = request->context;
  else if (Connect* connect = target.connect()) io.number = connect->context;
  else io.number = target.object->status.context.load();
  return ERROR_SUCCESS;
}

DWORD putContext(const OptionTarget& target, const OptionIo& io) {
  // The handle's context for its notifications from now on, and what
  // HttpOpenRequest / InternetConnect recorded for later queries.
  const auto context = static_cast<DWORD_PTR>(io.number);
  target.object->status.context.store(context);
  if (Request* request = target.request()) request->context = context;
  else if (Connect* connect = target.connect()) connect->context = context;
  return ERROR_SUCCESS;
}

DWORD getRequestFlags(const OptionTarget& target, OptionIo& io) {
  Request* request = target.request();
  auto transfer = request->exchange.transfer();
  DWORD flags = 0;
  if (!transfer || !transfer->hasHeaders()) flags |= INTERNET_REQFLAG_NO_HEADERS;
  if (request->connect().session().flags & INTERNET_FLAG_ASYNC) flags |= INTERNET_REQFLAG_ASYNC;
  // A SOCKS proxy only carries the connection: the request itself is the
  // one a direct connection would send, so it does not count as via a proxy.
  const std::string proxy = proxyFor(sessionProxy(request->connect().session()),
                                     request->flags & INTERNET_FLAG_SECURE, request->server().host,
                                     request->server().port);
  if (!proxy.empty() && !ProxyConfig::isSocks(proxy)) flags |= INTERNET_REQFLAG_VIA_PROXY;
  io.number = flags;
  return ERROR_SUCCESS;
}

DWORD getVersion(const OptionTarget&, OptionIo& io) {
  // WinINet has called itself 1.2 since Internet Explorer 4.
  const DWORD error = needBuffer(io, sizeof(INTERNET_VERSION_INFO));
  io.length = sizeof(INTERNET_VERSION_INFO);
  if (error) return error;
  const INTERNET_VERSION_INFO version{1, 2};
  std::memcpy(io.buffer, &version, sizeof(version));
  return ERROR_SUCCESS;
}

DWORD getHttpVersion(const OptionTarget& target, OptionIo& io) {
  const DWORD caller = io.length;
  io.length = sizeof(HTTP_VERSION_INFO);
  if (!io.buffer || caller < sizeof(HTTP_VERSION_INFO)) return ERROR_INSUFFICIENT_BUFFER;
  unsigned major = 1, minor = 1;
  if (Request* request = target.request()) {
    std::sscanf(request->version.c_str(), "HTTP/%u.%u", &major, &minor);
  } else {
    std::sscanf(defaultHttpVersion().c_str(), "HTTP/%u.%u", &major, &minor);
  }
  const HTTP_VERSION_INFO info{major, minor};
  std::memcpy(io.buffer, &info, sizeof(info));
  return ERROR_SUCCESS;
}

DWORD putHttpVersion(const OptionTarget& target, const OptionIo& io) {
  if (!io.buffer || io.length != sizeof(HTTP_VERSION_INFO)) return ERROR_INTERNET_BAD_OPTION_LENGTH;
  HTTP_VERSION_INFO info;
  std::memcpy(&info, io.buffer, sizeof(info));
  if (Request* request = target.request()) {
    // Only before the request is sent: the version is on its request line.
    request->version = "HTTP/" + std::to_string(info.dwMajorVersion) + "." + std::to_string(info.dwMinorVersion);
  } else {
    globalOptions().set(INTERNET_OPTION_HTTP_VERSION, (std::uint64_t(info.dwMajorVersion) << 32) | info.dwMinorVersion);
  }
  return ERROR_SUCCESS;
}

DWORD getConnectedState(const OptionTarget&, OptionIo& io) {
  const DWORD caller = io.length;
  io.length = sizeof(DWORD);
  if (!io.buffer || caller < sizeof(DWORD)) return ERROR_INSUFFICIENT_BUFFER;
  const DWORD state = globallyOffline() ? INTERNET_STATE_DISCONNECTED_BY_USER : INTERNET_STATE_CONNECTED;
  std::memcpy(io.buffer, &state, sizeof(state));
  return ERROR_SUCCESS;
}

DWORD putConnectedState(const OptionTarget&, const OptionIo& io) {
  if (!io.buffer || io.length != sizeof(INTERNET_CONNECTED_INFO)) return ERROR_INTERNET_BAD_OPTION_LENGTH;
  INTERNET_CONNECTED_INFO info;
  std::memcpy(&info, io.buffer, sizeof(info));
  if (info.dwConnectedState & INTERNET_STATE_DISCONNECTED_BY_USER) {
    setGloballyOffline(true);
  } else if (info.dwConnectedState & INTERNET_STATE_CONNECTED) {
    setGloballyOffline(false);
  } else if (!(info.dwConnectedState & (INTERNET_STATE_DISCONNECTED | INTERNET_STATE_IDLE | INTERNET_STATE_BUSY))) {
    return ERROR_INVALID_PARAMETER;
  }
  return ERROR_SUCCESS;
}

DWORD putMaxConnections(const OptionTarget& target, const OptionIo& io) {
  if (io.number == 0) return ERROR_BAD_ARGUMENTS;
  target.store().set(target.def->id, io.number);
  return ERROR_SUCCESS;
}

DWORD putErrorMask(const OptionTarget& target, const OptionIo& io) {
  constexpr std::uint64_t kKnown = INTERNET_ERROR_MASK_INSERT_CDROM | INTERNET_ERROR_MASK_COMBINED_SEC_CERT |
                                   INTERNET_ERROR_MASK_LOGIN_FAILURE_DISPLAY_ENTITY_BODY;
  if (io.number & ~kKnown) return ERROR_INVALID_PARAMETER;
  target.store().set(target.def->id, io.number);
  return ERROR_SUCCESS;
}

DWORD putEnableHttpProtocol(const OptionTarget& target, const OptionIo& io) {
  if (io.number & ~std::uint64_t(HTTP_PROTOCOL_MASK)) return ERROR_INVALID_PARAMETER;
  target.store().set(target.def->id, io.number);
  return ERROR_SUCCESS;
}

DWORD getProtocolUsed(const OptionTarget& target, OptionIo& io) {
  auto transfer = target.request()->exchange.transfer();
  io.number = transfer && transfer->hasHeaders() && transfer->usedHttp2() ? HTTP_PROTOCOL_FLAG_HTTP2 : 0;
  return ERROR_SUCCESS;
}

DWORD getZero(const OptionTarget&, OptionIo& io) {
  io.number = 0;
  return ERROR_SUCCESS;
}

DWORD refusePolicy(const OptionTarget&, OptionIo&) { return ERROR_INVALID_PARAMETER; }
DWORD refusePolicySet(const OptionTarget&, const OptionIo&) { return ERROR_INVALID_PARAMETER; }

DWORD getNoCacheEntry(const OptionTarget&, OptionIo&) {
  // Nothing is cached here, so no response has a cache file.
  return ERROR_INTERNET_ITEM_NOT_FOUND;
}

DWORD putIgnored(const OptionTarget& target, const OptionIo& io) {
  LOG_INFO("InternetSetOption: %s accepted; it has no effect here", target.def->name);
  if (target.def->shape == Shape::Dword) target.store().set(target.def->id, io.number);
  return ERROR_SUCCESS;
}

DWORD putSettingsChanged(const OptionTarget& target, const OptionIo&) {
  // Sessions read the user's proxy settings when they open, as on Windows;
  // these tell WinINet to re-read what it caches, and there is nothing
  // cached here beyond that.
  LOG_INFO("InternetSetOption: %s", target.def->name);
  return ERROR_SUCCESS;
}

DWORD putEndBrowserSession(const OptionTarget&, const OptionIo&) {
  // A browser session's end is what session cookies live until, and it
  // flushes the password cache.
  processCookies()->dropSessionCookies();
  forgetServerCredentials();
  return ERROR_SUCCESS;
}

DWORD putRefresh(const OptionTarget& target, const OptionIo&) {
  // A session that follows the user's settings reads them again.
  Session* session = target.session();
  if (!session) return ERROR_SUCCESS;
  const DWORD opened = session->openedAccessType;
  if (opened == INTERNET_OPEN_TYPE_PRECONFIG || opened == INTERNET_OPEN_TYPE_PRECONFIG_WITH_NO_AUTOPROXY)
    setSessionProxy(*session, resolveProxy(opened, std::string(), std::string()));
  return ERROR_SUCCESS;
}

}  // namespace hinternet::wininet::handlers
