// INTERNET_OPTION_PROXY and INTERNET_OPTION_PER_CONNECTION_OPTION: a
// session's proxy, the process's, and the user's Internet Settings.
#include <cstring>

#include "log.h"
#include "option_handlers.h"
#include "session_settings.h"
#include "text.h"
#include "user_proxy_settings.h"

namespace hinternet::wininet::handlers {
namespace {

// INTERNET_PROXY_INFO of either character type: only the strings differ.
struct ProxyInfo {
  DWORD dwAccessType;
  const void* lpszProxy;
  const void* lpszProxyBypass;
};

std::string textFrom(const void* text, bool wide) {
  return wide ? win32::utf8FromWide(static_cast<const wchar_t*>(text))
              : win32::utf8FromAnsi(static_cast<const char*>(text));
}

// The caller's characters, terminator included.
std::string encoded(const std::string& utf8, bool wide) {
  if (wide) {
    const std::wstring text = win32::wideFromUtf8(utf8);
    return std::string(reinterpret_cast<const char*>(text.c_str()), (text.size() + 1) * sizeof(wchar_t));
  }
  const std::string text = win32::ansiFromUtf8(utf8);
  return std::string(text.c_str(), text.size() + 1);
}

// A GlobalAlloc'ed copy in the caller's characters; NULL when empty.
void* globalText(const std::string& utf8, bool wide) {
  if (utf8.empty()) return nullptr;
  const std::string bytes = encoded(utf8, wide);
  void* copy = GlobalAlloc(GMEM_FIXED, bytes.size());
  if (copy) std::memcpy(copy, bytes.data(), bytes.size());
  return copy;
}

std::wstring wideText(const void* text, bool wide) { return win32::wideFromUtf8(textFrom(text, wide)); }

// INTERNET_PER_CONN_OPTION_LIST and INTERNET_PER_CONN_OPTION of either
// character type.
struct PerConnOption {
  DWORD dwOption;
  union {
    DWORD dwValue;
    void* pszValue;
    FILETIME ftValue;
  } Value;
};
struct PerConnList {
  DWORD dwSize;
  const void* pszConnection;
  DWORD dwOptionCount;
  DWORD dwOptionError;
  PerConnOption* pOptions;
};
static_assert(sizeof(PerConnList) == sizeof(INTERNET_PER_CONN_OPTION_LISTW), "layout");
static_assert(sizeof(PerConnOption) == sizeof(INTERNET_PER_CONN_OPTIONW), "layout");

// The settings a per-connection call reads and writes: the user's, or a
// session's own proxy seen the same way.
win32::UserProxySettings currentSettings(const OptionTarget& target) {
  if (!target.object) return win32::readUserProxySettings();
  const ProxyChoice choice = sessionProxy(*target.session());
  win32::UserProxySettings settings;
  settings.flags = choice.accessType == INTERNET_OPEN_TYPE_PROXY ? PROXY_TYPE_PROXY : PROXY_TYPE_DIRECT;
  settings.proxy = win32::wideFromUtf8(choice.proxy);
  settings.bypass = win32::wideFromUtf8(choice.bypass);
  return settings;
}

bool knownPerConnOption(DWORD option) {
  return option >= INTERNET_PER_CONN_FLAGS && option <= INTERNET_PER_CONN_FLAGS_UI;
}

}  // namespace

DWORD getProxy(const OptionTarget& target, OptionIo& io) {
  const ProxyChoice choice = target.object ? sessionProxy(*target.session()) : processProxy();
  const std::string proxy = choice.proxy.empty() ? std::string() : encoded(choice.proxy, target.wide);
  const std::string bypass = choice.bypass.empty() ? std::string() : encoded(choice.bypass, target.wide);
  const DWORD caller = io.length;
  io.length = static_cast<DWORD>(sizeof(ProxyInfo) + proxy.size() + bypass.size());
  if (!io.buffer || caller < io.length) return ERROR_INSUFFICIENT_BUFFER;
  // The strings follow the structure in the caller's buffer.
  auto* bytes = static_cast<char*>(io.buffer);
  ProxyInfo info{choice.accessType, nullptr, nullptr};
  if (!proxy.empty()) {
    std::memcpy(bytes + sizeof(ProxyInfo), proxy.data(), proxy.size());
    info.lpszProxy = bytes + sizeof(ProxyInfo);
  }
  if (!bypass.empty()) {
    std::memcpy(bytes + sizeof(ProxyInfo) + proxy.size(), bypass.data(), bypass.size());
    info.lpszProxyBypass = bytes + sizeof(ProxyInfo) + proxy.size();
  }
  std::memcpy(io.buffer, &info, sizeof(info));
  return ERROR_SUCCESS;
}

DWORD putProxy(const OptionTarget& target, const OptionIo& io) {
  if (!io.buffer || io.length < sizeof(ProxyInfo)) return ERROR_INTERNET_BAD_OPTION_LENGTH;
  ProxyInfo info;
  std::memcpy(&info, io.buffer, sizeof(info));
  ProxyChoice choice;
  switch (info.dwAccessType) {
    case INTERNET_OPEN_TYPE_PROXY:
      choice.proxy = textFrom(info.lpszProxy, target.wide);
      if (choice.proxy.empty()) return ERROR_INVALID_PARAMETER;
      choice.accessType = INTERNET_OPEN_TYPE_PROXY;
      choice.bypass = textFrom(info.lpszProxyBypass, target.wide);
      break;
    case INTERNET_OPEN_TYPE_DIRECT:
      break;
    case INTERNET_OPEN_TYPE_PRECONFIG:
    case INTERNET_OPEN_TYPE_PRECONFIG_WITH_NO_AUTOPROXY:
      // For the process: follow the user's settings again.
      if (!target.object) {
        clearProcessProxy();
        return ERROR_SUCCESS;
      }
      choice = resolveProxy(info.dwAccessType, std::string(), std::string());
      break;
    default:
      return ERROR_INVALID_PARAMETER;
  }
  if (target.object) setSessionProxy(*target.session(), choice);
  else setProcessProxy(choice);
  return ERROR_SUCCESS;
}

DWORD getPerConnection(const OptionTarget& target, OptionIo& io) {
  const DWORD caller = io.length;
  io.length = sizeof(PerConnList);
  if (!io.buffer || caller < sizeof(PerConnList)) return ERROR_INSUFFICIENT_BUFFER;
  auto* list = static_cast<PerConnList*>(io.buffer);
  if (list->dwOptionCount && !list->pOptions) return ERROR_INVALID_PARAMETER;
  for (DWORD i = 0; i < list->dwOptionCount; ++i) {
    if (!knownPerConnOption(list->pOptions[i].dwOption)) {
      list->dwOptionError = i;
      return ERROR_INVALID_PARAMETER;
    }
  }
  const win32::UserProxySettings settings = currentSettings(target);
  for (DWORD i = 0; i < list->dwOptionCount; ++i) {
    PerConnOption& option = list->pOptions[i];
    switch (option.dwOption) {
      case INTERNET_PER_CONN_FLAGS:
      case INTERNET_PER_CONN_FLAGS_UI: option.Value.dwValue = settings.flags; break;
      case INTERNET_PER_CONN_PROXY_SERVER:
        option.Value.pszValue = globalText(win32::utf8FromWide(settings.proxy.c_str()), target.wide);
        break;
      case INTERNET_PER_CONN_PROXY_BYPASS:
        option.Value.pszValue = globalText(win32::utf8FromWide(settings.bypass.c_str()), target.wide);
        break;
      case INTERNET_PER_CONN_AUTOCONFIG_URL:
        option.Value.pszValue = globalText(win32::utf8FromWide(settings.autoConfigUrl.c_str()), target.wide);
        break;
      case INTERNET_PER_CONN_AUTOCONFIG_LAST_DETECT_TIME: option.Value.ftValue = FILETIME{0, 0}; break;
      case INTERNET_PER_CONN_AUTODISCOVERY_FLAGS:
      case INTERNET_PER_CONN_AUTOCONFIG_RELOAD_DELAY_MINS: option.Value.dwValue = 0; break;
      default: option.Value.pszValue = nullptr; break;  // secondary URL, last detected URL
    }
  }
  return ERROR_SUCCESS;
}

DWORD putPerConnection(const OptionTarget& target, const OptionIo& io) {
  if (!io.buffer || io.length < sizeof(PerConnList)) return ERROR_INTERNET_BAD_OPTION_LENGTH;
  PerConnList list;
  std::memcpy(&list, io.buffer, sizeof(list));
  if (list.dwOptionCount && !list.pOptions) return ERROR_INVALID_PARAMETER;
  win32::UserProxySettings settings = currentSettings(target);
  for (DWORD i = 0; i < list.dwOptionCount; ++i) {
    const PerConnOption& option = list.pOptions[i];
    switch (option.dwOption) {
      case INTERNET_PER_CONN_FLAGS: settings.flags = option.Value.dwValue; break;
      case INTERNET_PER_CONN_PROXY_SERVER: settings.proxy = wideText(option.Value.pszValue, target.wide); break;
      case INTERNET_PER_CONN_PROXY_BYPASS: settings.bypass = wideText(option.Value.pszValue, target.wide); break;
      case INTERNET_PER_CONN_AUTOCONFIG_URL:
        settings.autoConfigUrl = wideText(option.Value.pszValue, target.wide);
        break;
      default:
        if (!knownPerConnOption(option.dwOption)) {
          static_cast<PerConnList*>(io.buffer)->dwOptionError = i;
          return ERROR_INVALID_PARAMETER;
        }
        break;  // what automatic detection recorded: nothing to keep here
    }
  }
  if (target.object) {
    ProxyChoice choice;
    if (settings.flags & PROXY_TYPE_PROXY) {
      choice.accessType = INTERNET_OPEN_TYPE_PROXY;
      choice.proxy = win32::utf8FromWide(settings.proxy.c_str());
      choice.bypass = win32::utf8FromWide(settings.bypass.c_str());
    }
    setSessionProxy(*target.session(), choice);
    return ERROR_SUCCESS;
  }
  return win32::writeUserProxySettings(settings);
}

}  // namespace hinternet::wininet::handlers
