// InternetGetConnectedState(Ex), InternetCheckConnection,
// InternetAttemptConnect, InternetGetLastResponseInfo: what this machine's
// network and the last server exchange say, without dial-up or UI.
#include <winsock2.h>
#include <ws2tcpip.h>

#include <algorithm>
#include <climits>
#include <vector>

#include "api_guard.h"
#include "connection_state.h"
#include "handles.h"
#include "last_response.h"
#include "option_table.h"
#include "session_settings.h"
#include "text.h"
#include "url_parts.h"

using namespace hinternet;
using namespace hinternet::wininet;
using win32::failWith;
using win32::guardedCall;

namespace {

// What Windows calls a LAN connection without RAS.
const char kConnectionName[] = "LAN Connection";

struct WinsockUse {
  bool ok;
  WinsockUse() {
    WSADATA data;
    ok = WSAStartup(MAKEWORD(2, 2), &data) == 0;
  }
  ~WinsockUse() {
    if (ok) WSACleanup();
  }
};

bool isLoopbackAddress(const SOCKADDR* address) {
  if (address->sa_family == AF_INET)
    return (ntohl(reinterpret_cast<const sockaddr_in*>(address)->sin_addr.s_addr) >> 24) == 127;
  if (address->sa_family == AF_INET6) return IN6_IS_ADDR_LOOPBACK(&reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr);
  return false;
}

// Whether an address family has a configured address other than loopback.
bool hasAddress(int family) {
  SOCKET s = socket(family, SOCK_DGRAM, 0);
  if (s == INVALID_SOCKET) return false;
  std::vector<char> buffer(16 * 1024);
  DWORD used = 0;
  bool found = false;
  if (WSAIoctl(s, SIO_ADDRESS_LIST_QUERY, nullptr, 0, buffer.data(), static_cast<DWORD>(buffer.size()), &used,
               nullptr, nullptr) == 0) {
    const auto* list = reinterpret_cast<const SOCKET_ADDRESS_LIST*>(buffer.data());
    for (INT i = 0; i < list->iAddressCount && !found; ++i)
      found = !isLoopbackAddress(list->Address[i].lpSockaddr);
  }
  closesocket(s);
  return found;
}

bool networkUp() {
  WinsockUse winsock;
  return winsock.ok && (hasAddress(AF_INET) || hasAddress(AF_INET6));
}

}  // namespace

namespace hinternet::wininet {

bool connectedState(DWORD& flags) {
  flags = INTERNET_RAS_INSTALLED;
  if (globallyOffline()) {
    flags |= INTERNET_CONNECTION_OFFLINE;
    return false;
  }
  if (!networkUp()) return false;
  flags |= INTERNET_CONNECTION_LAN;
  if (processProxy().accessType == INTERNET_OPEN_TYPE_PROXY) flags |= INTERNET_CONNECTION_PROXY;
  return true;
}

}  // namespace hinternet::wininet

namespace {

template <class Char>
void copyName(Char* name, DWORD nameLength) {
  // A name that does not fit is cut, never refused.
  if (!name || !nameLength) return;
  const DWORD n = std::min<DWORD>(nameLength - 1, sizeof(kConnectionName) - 1);
  for (DWORD i = 0; i < n; ++i) name[i] = static_cast<Char>(kConnectionName[i]);
  name[n] = 0;
}

template <class Char>
BOOL connectedStateEx(const char* api, LPDWORD flags, Char* name, DWORD nameLength, DWORD reserved) {
  LOG_TRACE("%s(%p, %p, %lu, %lu)", api, static_cast<void*>(flags), static_cast<void*>(name), nameLength, reserved);
  return guardedCall(api, FALSE, [&]() -> BOOL {
    DWORD state = 0;
    const bool online = connectedState(state);
    if (flags) *flags = state;
    copyName(name, nameLength);
    if (!online) return failWith(ERROR_NOT_CONNECTED);
    return TRUE;
  });
}

// Connects to the URL's host and port within the connect timeout.
DWORD tryConnect(const std::string& host, const std::string& port) {
  WinsockUse winsock;
  if (!winsock.ok) return ERROR_INTERNET_CANNOT_CONNECT;
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0) return ERROR_INTERNET_NAME_NOT_RESOLVED;
  const std::uint64_t limit = globalOptions().get(INTERNET_OPTION_CONNECT_TIMEOUT, optionDefault(INTERNET_OPTION_CONNECT_TIMEOUT));
  const int waitMs = limit == 0 || limit >= INT_MAX ? INT_MAX : static_cast<int>(limit);
  DWORD result = ERROR_INTERNET_CANNOT_CONNECT;
  for (addrinfo* a = found; a && result != ERROR_SUCCESS; a = a->ai_next) {
    SOCKET s = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (s == INVALID_SOCKET) continue;
    u_long nonBlocking = 1;
    ioctlsocket(s, FIONBIO, &nonBlocking);
    if (connect(s, a->ai_addr, static_cast<int>(a->ai_addrlen)) == 0) {
      result = ERROR_SUCCESS;
    } else if (WSAGetLastError() == WSAEWOULDBLOCK) {
      WSAPOLLFD poll{s, POLLWRNORM, 0};
      if (WSAPoll(&poll, 1, waitMs) == 1 && !(poll.revents & (POLLERR | POLLHUP))) result = ERROR_SUCCESS;
    }
    closesocket(s);
  }
  freeaddrinfo(found);
  return result;
}

// The host and port a URL names; false when it is no URL.
bool serverOf(const std::string& url, std::string& host, std::string& port) {
  const std::string_view text(url);
  const std::optional<UrlSpan> scheme = findScheme(text);
  UrlLayout layout;
  if (!scheme || splitUrl(text, *scheme, layout) != Error::None || !layout.host.length) return false;
  host = url.substr(layout.host.offset, layout.host.length);
  if (host.front() == '[' && host.size() > 2) host = host.substr(1, host.size() - 2);
  unsigned number = defaultPort(schemeFromName(text.substr(scheme->offset, scheme->length)));
  if (layout.port.length && parsePort(text.substr(layout.port.offset, layout.port.length), number) != Error::None)
    return false;
  port = std::to_string(number ? number : 80);
  return true;
}

BOOL checkConnection(const char* api, const std::string& url, DWORD flags) {
  LOG_TRACE("%s(%s, 0x%lx)", api, url.c_str(), flags);
  return guardedCall(api, FALSE, [&]() -> BOOL {
    // Without a URL Windows pings the nearest server it has used; there is
    // no such list here.
    if (url.empty()) return failWith(ERROR_NOT_CONNECTED);
    std::string host, port;
    if (!serverOf(url, host, port)) return failWith(ERROR_INTERNET_INVALID_URL);
    if (globallyOffline()) return failWith(ERROR_INTERNET_CANNOT_CONNECT);
    // Windows pings without FLAG_ICC_FORCE_CONNECTION and connects with it;
    // ICMP needs privileges a program may lack, so both connect here.
    const DWORD result = tryConnect(host, port);
    if (result != ERROR_SUCCESS) return failWith(ERROR_INTERNET_CANNOT_CONNECT);
    return TRUE;
  });
}

template <class Char>
BOOL lastResponseInfo(const char* api, LPDWORD error, Char* buffer, LPDWORD length) {
  LOG_TRACE("%s(%p, %p, %p)", api, static_cast<void*>(error), static_cast<void*>(buffer), static_cast<void*>(length));
  return guardedCall(api, FALSE, [&]() -> BOOL {
    if (!error || !length) return failWith(ERROR_INVALID_PARAMETER);
    const LastResponse& last = lastResponse();
    *error = last.error;
    // HTTP leaves nothing here; FTP would leave the server's last reply.
    std::basic_string<Char> text;
    if constexpr (sizeof(Char) == sizeof(wchar_t)) text = win32::wideFromUtf8(last.text);
    else text = win32::ansiFromUtf8(last.text);
    if (text.empty()) {
      if (buffer && *length) buffer[0] = 0;
      *length = 0;
      return TRUE;
    }
    if (!buffer || *length < text.size() + 1) {
      *length = static_cast<DWORD>(text.size() + 1);
      return failWith(ERROR_INSUFFICIENT_BUFFER);
    }
    std::copy(text.c_str(), text.c_str() + text.size() + 1, buffer);
    *length = static_cast<DWORD>(text.size());
    return TRUE;
  });
}

}  // namespace

extern "C" BOOL WINAPI InternetGetConnectedState(LPDWORD flags, DWORD reserved) {
  LOG_TRACE("InternetGetConnectedState(%p, %lu)", static_cast<void*>(flags), reserved);
  return guardedCall("InternetGetConnectedState", FALSE, [&]() -> BOOL {
    DWORD state = 0;
    const bool online = connectedState(state);
    if (flags) *flags = state;
    if (!online) return failWith(ERROR_NOT_CONNECTED);
    return TRUE;
  });
}

extern "C" BOOL WINAPI InternetGetConnectedStateExA(LPDWORD flags, LPSTR name, DWORD nameLength, DWORD reserved) {
  return connectedStateEx("InternetGetConnectedStateExA", flags, name, nameLength, reserved);
}

extern "C" BOOL WINAPI InternetGetConnectedStateExW(LPDWORD flags, LPWSTR name, DWORD nameLength, DWORD reserved) {
  return connectedStateEx("InternetGetConnectedStateExW", flags, name, nameLength, reserved);
}

extern "C" BOOL WINAPI InternetCheckConnectionA(LPCSTR url, DWORD flags, DWORD reserved) {
  (void)reserved;
  return checkConnection("InternetCheckConnectionA", win32::utf8FromAnsi(url), flags);
}

extern "C" BOOL WINAPI InternetCheckConnectionW(LPCWSTR url, DWORD flags, DWORD reserved) {
  (void)reserved;
  return checkConnection("InternetCheckConnectionW", win32::utf8FromWide(url), flags);
}

extern "C" DWORD WINAPI InternetAttemptConnect(DWORD reserved) {
  LOG_TRACE("InternetAttemptConnect(%lu)", reserved);
  return guardedCall("InternetAttemptConnect", DWORD(ERROR_INTERNET_INTERNAL_ERROR), [&]() -> DWORD {
    // There is no dial-up to start: either the network is there or not.
    DWORD state = 0;
    return connectedState(state) ? ERROR_SUCCESS : ERROR_NOT_CONNECTED;
  });
}

extern "C" BOOL WINAPI InternetGetLastResponseInfoA(LPDWORD error, LPSTR buffer, LPDWORD length) {
  return lastResponseInfo("InternetGetLastResponseInfoA", error, buffer, length);
}

extern "C" BOOL WINAPI InternetGetLastResponseInfoW(LPDWORD error, LPWSTR buffer, LPDWORD length) {
  return lastResponseInfo("InternetGetLastResponseInfoW", error, buffer, length);
}
