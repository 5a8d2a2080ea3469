// Option handlers for text: the user agent, the credentials kept on the
// connect handle, the request's URL.
#include "option_handlers.h"
#include "transfer_settings.h"
#include "session_settings.h"

namespace hinternet::wininet::handlers {
namespace {

// Set on a request, the credentials change its connect handle's, which
// later requests of that connection use too, as on Windows.
template <std::string Connect::*Field>
DWORD getConnectText(const OptionTarget& target, OptionIo& io) {
  Connect* connect = target.connect();
  std::lock_guard<std::mutex> lock(connect->settingsMutex);
  io.text = connect->*Field;
  return ERROR_SUCCESS;
}

template <std::string Connect::*Field>
DWORD putConnectText(const OptionTarget& target, const OptionIo& io) {
  Connect* connect = target.connect();
  std::lock_guard<std::mutex> lock(connect->settingsMutex);
  connect->*Field = io.text;
  return ERROR_SUCCESS;
}

}  // namespace

DWORD getUserAgent(const OptionTarget& target, OptionIo& io) {
  io.text = userAgent(*target.session());
  return ERROR_SUCCESS;
}

DWORD putUserAgent(const OptionTarget& target, const OptionIo& io) {
  setUserAgent(*target.session(), io.text);
  return ERROR_SUCCESS;
}

DWORD getUsername(const OptionTarget& t, OptionIo& o) { return getConnectText<&Connect::user>(t, o); }
DWORD putUsername(const OptionTarget& t, const OptionIo& i) { return putConnectText<&Connect::user>(t, i); }
DWORD getPassword(const OptionTarget& t, OptionIo& o) { return getConnectText<&Connect::password>(t, o); }
DWORD putPassword(const OptionTarget& t, const OptionIo& i) { return putConnectText<&Connect::password>(t, i); }
DWORD getProxyUsername(const OptionTarget& t, OptionIo& o) { return getConnectText<&Connect::proxyUser>(t, o); }
DWORD putProxyUsername(const OptionTarget& t, const OptionIo& i) {
  return putConnectText<&Connect::proxyUser>(t, i);
}
DWORD getProxyPassword(const OptionTarget& t, OptionIo& o) { return getConnectText<&Connect::proxyPassword>(t, o); }
DWORD putProxyPassword(const OptionTarget& t, const OptionIo& i) {
  return putConnectText<&Connect::proxyPassword>(t, i);
}

DWORD getUrl(const OptionTarget& target, OptionIo& io) {
  io.text = currentUrl(*target.request());
  return ERROR_SUCCESS;
}

}  // namespace hinternet::wininet::handlers
