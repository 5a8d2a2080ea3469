// Option handlers for values of any handle, and for values with a range.
#include "option_handlers.h"

#include <cstdio>
#include <cstring>

#include "log.h"
#include "option_ids.h"
#include "text.h"

namespace hinternet::winhttp::handlers {
namespace {

DWORD store(const OptionTarget& target, std::uint64_t value) {
  target.store().set(target.def->id, value);
  return ERROR_SUCCESS;
}

// Strings handed out in structures are the caller's to GlobalFree.
LPWSTR globalCopy(const std::string& utf8) {
  if (utf8.empty()) return nullptr;
  const std::wstring wide = win32::wideFromUtf8(utf8);
  auto* copy = static_cast<LPWSTR>(GlobalAlloc(GMEM_FIXED, (wide.size() + 1) * sizeof(wchar_t)));
  if (copy) std::memcpy(copy, wide.c_str(), (wide.size() + 1) * sizeof(wchar_t));
  return copy;
}

}  // namespace

DWORD getCallback(const OptionTarget& target, OptionOutput& out) {
  out.number = reinterpret_cast<std::uintptr_t>(target.object->status.callback.load());
  return ERROR_SUCCESS;
}

DWORD putCallback(const OptionTarget& target, const OptionInput& in) {
  target.object->status.callback.store(reinterpret_cast<void*>(static_cast<std::uintptr_t>(in.number)));
  return ERROR_SUCCESS;
}

DWORD getHandleType(const OptionTarget& target, OptionOutput& out) {
  switch (target.kind) {
    case kSession: out.number = WINHTTP_HANDLE_TYPE_SESSION; break;
    case kConnect: out.number = WINHTTP_HANDLE_TYPE_CONNECT; break;
    case kRequest: out.number = WINHTTP_HANDLE_TYPE_REQUEST; break;
    default: out.number = WINHTTP_HANDLE_TYPE_WEBSOCKET; break;
  }
  return ERROR_SUCCESS;
}

DWORD getParentHandle(const OptionTarget& target, OptionOutput& out) {
  const auto& parent = target.object->parent();
  out.number = parent ? parent->value() : 0;
  return ERROR_SUCCESS;
}

DWORD getContext(const OptionTarget& target, OptionOutput& out) {
  out.number = target.object->status.context.load();
  return ERROR_SUCCESS;
}

DWORD putContext(const OptionTarget& target, const OptionInput& in) {
  target.object->status.context.store(static_cast<std::uintptr_t>(in.number));
  return ERROR_SUCCESS;
}

DWORD getReceiveResponseTimeout(const OptionTarget& target, OptionOutput& out) {
  out.number = receiveResponseTimeout(target.store());
  return ERROR_SUCCESS;
}

DWORD getHttpVersion(const OptionTarget& target, OptionOutput& out) {
  auto* info = static_cast<HTTP_VERSION_INFO*>(out.buffer);
  if (Request* request = target.request()) {
    std::lock_guard<std::mutex> lock(request->settingsMutex);
    unsigned major = 1, minor = 1;
    std::sscanf(request->version.c_str(), "HTTP/%u.%u", &major, &minor);
    *info = {major, minor};
  } else {
    const std::uint64_t value = optionValue(globalOptions(), WINHTTP_OPTION_HTTP_VERSION);
    *info = {static_cast<DWORD>(value >> 32), static_cast<DWORD>(value)};
  }
  return ERROR_SUCCESS;
}

DWORD putHttpVersion(const OptionTarget& target, const OptionInput& in) {
  HTTP_VERSION_INFO info;
  std::memcpy(&info, in.buffer, sizeof(info));
  if (Request* request = target.request()) {
    std::lock_guard<std::mutex> lock(request->settingsMutex);
    request->version = "HTTP/" + std::to_string(info.dwMajorVersion) + "." + std::to_string(info.dwMinorVersion);
  } else {
    // Process-wide: the version of requests opened without one.
    globalOptions().set(WINHTTP_OPTION_HTTP_VERSION,
                        (std::uint64_t(info.dwMajorVersion) << 32) | info.dwMinorVersion);
  }
  return ERROR_SUCCESS;
}

DWORD getProxy(const OptionTarget& target, OptionOutput& out) {
  auto* info = static_cast<WINHTTP_PROXY_INFO*>(out.buffer);
  if (!target.object) {
    // The process's default: what WinHttpGetDefaultProxyConfiguration says.
    if (!WinHttpGetDefaultProxyConfiguration(info)) return GetLastError();
    return ERROR_SUCCESS;
  }
  ProxySetting setting;
  Request* request = target.request();
  bool own = false;
  if (request) {
    std::lock_guard<std::mutex> lock(request->settingsMutex);
    if ((own = request->hasProxy)) setting = request->proxy;
  }
  if (!own) {
    Session* session = target.session();
    std::lock_guard<std::mutex> lock(session->settingsMutex);
    setting = session->proxy;
  }
  info->dwAccessType = setting.accessType;
  info->lpszProxy = globalCopy(setting.proxy);
  info->lpszProxyBypass = globalCopy(setting.bypass);
  return ERROR_SUCCESS;
}

DWORD putProxy(const OptionTarget& target, const OptionInput& in) {
  WINHTTP_PROXY_INFO info;
  std::memcpy(&info, in.buffer, sizeof(info));
  ProxySetting setting;
  setting.accessType = info.dwAccessType;
  switch (info.dwAccessType) {
    case WINHTTP_ACCESS_TYPE_NAMED_PROXY:
      if (!info.lpszProxy || !*info.lpszProxy) return ERROR_INVALID_PARAMETER;
      setting.proxy = win32::utf8FromWide(info.lpszProxy);
      setting.bypass = win32::utf8FromWide(info.lpszProxyBypass);
      break;
    case WINHTTP_ACCESS_TYPE_NO_PROXY:
    case WINHTTP_ACCESS_TYPE_DEFAULT_PROXY:
      break;
    default:
      return ERROR_INVALID_PARAMETER;
  }
  if (Request* request = target.request()) {
    std::lock_guard<std::mutex> lock(request->settingsMutex);
    request->hasProxy = true;
    request->proxy = std::move(setting);
  } else {
    Session* session = target.session();
    std::lock_guard<std::mutex> lock(session->settingsMutex);
    session->proxy = std::move(setting);
  }
  return ERROR_SUCCESS;
}

DWORD getFeatureSupported(const OptionTarget&, OptionOutput& out) {
  // The caller names the option in the buffer; the answer replaces it.
  DWORD id;
  std::memcpy(&id, out.buffer, sizeof(id));
  const DWORD supported = findOption(id) ? TRUE : FALSE;
  std::memcpy(out.buffer, &supported, sizeof(supported));
  return ERROR_SUCCESS;
}

DWORD getEmptyText(const OptionTarget&, OptionOutput& out) {
  out.text.clear();
  return ERROR_SUCCESS;
}

DWORD getUnavailable(const OptionTarget& target, OptionOutput&) {
  LOG_INFO("WinHttpQueryOption: %s is not available here", target.def->name);
  return ERROR_WINHTTP_INCORRECT_HANDLE_STATE;
}

DWORD putGlobalCredentials(const OptionTarget& target, const OptionInput&) {
  // Windows refuses these unless the registry lets WinINet share
  // credentials with WinHTTP, which cannot apply to this DLL.
  LOG_INFO("WinHttpSetOption: %s needs credentials shared by WinINet; refused", target.def->name);
  return ERROR_WINHTTP_INVALID_OPTION;
}

DWORD putIgnored(const OptionTarget& target, const OptionInput& in) {
  LOG_INFO("WinHttpSetOption: %s accepted; it has no effect here", target.def->name);
  if (target.def->shape == Shape::Dword) store(target, in.number);
  return ERROR_SUCCESS;
}

DWORD putRedirectPolicy(const OptionTarget& target, const OptionInput& in) {
  if (in.number > WINHTTP_OPTION_REDIRECT_POLICY_LAST) return ERROR_INVALID_PARAMETER;
  return store(target, in.number);
}

DWORD putDisableFeature(const OptionTarget& target, const OptionInput& in) {
  // Features once disabled stay disabled.
  return store(target, target.store().get(target.def->id, 0) | in.number);
}

DWORD putEnableFeature(const OptionTarget& target, const OptionInput& in) {
  const DWORD allowed = target.kind == kRequest ? WINHTTP_ENABLE_SSL_REVOCATION : WINHTTP_ENABLE_SSL_REVERT_IMPERSONATION;
  if (in.number != allowed) return ERROR_INVALID_PARAMETER;
  return store(target, target.store().get(target.def->id, 0) | in.number);
}

DWORD putSecureProtocols(const OptionTarget& target, const OptionInput& in) {
  constexpr DWORD kKnown = WINHTTP_FLAG_SECURE_PROTOCOL_ALL | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 |
                           WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;
  if (in.number & ~std::uint64_t(kKnown)) return ERROR_INVALID_PARAMETER;
  return store(target, in.number);
}

DWORD putDecompression(const OptionTarget& target, const OptionInput& in) {
  if (in.number & ~std::uint64_t(WINHTTP_DECOMPRESSION_FLAG_ALL)) return ERROR_INVALID_PARAMETER;
  return store(target, in.number);
}

DWORD putEnableHttpProtocol(const OptionTarget& target, const OptionInput& in) {
  if (in.number & ~std::uint64_t(WINHTTP_PROTOCOL_FLAG_HTTP2 | WINHTTP_PROTOCOL_FLAG_HTTP3))
    return ERROR_INVALID_PARAMETER;
  if (in.number & WINHTTP_PROTOCOL_FLAG_HTTP3) LOG_INFO("WinHttpSetOption: HTTP/3 is not available here");
  return store(target, in.number);
}

DWORD putMaxConnections(const OptionTarget& target, const OptionInput& in) {
  return store(target, in.number ? in.number : 2);  // Windows reads 0 as 2
}

DWORD putWebSocketKeepAlive(const OptionTarget& target, const OptionInput& in) {
  if (in.number < 15000) return ERROR_INVALID_PARAMETER;
  return store(target, in.number);
}

DWORD putHttp2KeepAlive(const OptionTarget& target, const OptionInput& in) {
  if (in.number < 5000) return ERROR_INVALID_PARAMETER;
  return store(target, in.number);
}

DWORD putTcpKeepAlive(const OptionTarget& target, const OptionInput& in) {
  ULONG fields[3];  // struct tcp_keepalive: onoff, keepalivetime, keepaliveinterval
  std::memcpy(fields, in.buffer, sizeof(fields));
  return store(target, fields[0] ? (std::uint64_t(fields[1]) << 32) | fields[2] : 0);
}

}  // namespace hinternet::winhttp::handlers
