// Option handlers for the text and flags kept on sessions and requests.
#include "http_objects.h"
#include "option_handlers.h"
#include "option_ids.h"
#include "text.h"

namespace hinternet::winhttp::handlers {
namespace {

template <std::string Request::*Field>
DWORD getRequestText(const OptionTarget& target, OptionOutput& out) {
  Request* request = target.request();
  std::lock_guard<std::mutex> lock(request->settingsMutex);
  out.text = win32::wideFromUtf8(request->*Field);
  return ERROR_SUCCESS;
}

template <std::string Request::*Field>
DWORD putRequestText(const OptionTarget& target, const OptionInput& in) {
  Request* request = target.request();
  std::lock_guard<std::mutex> lock(request->settingsMutex);
  request->*Field = win32::utf8FromWide(in.text.c_str(), static_cast<int>(in.text.size()));
  return ERROR_SUCCESS;
}

}  // namespace

DWORD getUserAgent(const OptionTarget& target, OptionOutput& out) {
  Session* session = target.session();
  std::lock_guard<std::mutex> lock(session->settingsMutex);
  out.text = win32::wideFromUtf8(session->agent);
  return ERROR_SUCCESS;
}

DWORD putUserAgent(const OptionTarget& target, const OptionInput& in) {
  Session* session = target.session();
  std::lock_guard<std::mutex> lock(session->settingsMutex);
  session->agent = win32::utf8FromWide(in.text.c_str(), static_cast<int>(in.text.size()));
  return ERROR_SUCCESS;
}

DWORD getUsername(const OptionTarget& t, OptionOutput& o) { return getRequestText<&Request::username>(t, o); }
DWORD putUsername(const OptionTarget& t, const OptionInput& i) { return putRequestText<&Request::username>(t, i); }
DWORD getPassword(const OptionTarget& t, OptionOutput& o) { return getRequestText<&Request::password>(t, o); }
DWORD putPassword(const OptionTarget& t, const OptionInput& i) { return putRequestText<&Request::password>(t, i); }
DWORD getProxyUsername(const OptionTarget& t, OptionOutput& o) {
  return getRequestText<&Request::proxyUsername>(t, o);
}
DWORD putProxyUsername(const OptionTarget& t, const OptionInput& i) {
  return putRequestText<&Request::proxyUsername>(t, i);
}
DWORD getProxyPassword(const OptionTarget& t, OptionOutput& o) {
  return getRequestText<&Request::proxyPassword>(t, o);
}
DWORD putProxyPassword(const OptionTarget& t, const OptionInput& i) {
  return putRequestText<&Request::proxyPassword>(t, i);
}
DWORD getAnnotation(const OptionTarget& t, OptionOutput& o) { return getRequestText<&Request::annotation>(t, o); }

DWORD putAnnotation(const OptionTarget& t, const OptionInput& i) {
  constexpr std::size_t kMaxLength = 64000;  // WINHTTP_OPTION_REQUEST_ANNOTATION_MAX_LENGTH
  if (i.text.size() > kMaxLength) return ERROR_INVALID_PARAMETER;
  return putRequestText<&Request::annotation>(t, i);
}

DWORD putResolutionHostname(const OptionTarget& t, const OptionInput& i) {
  return putRequestText<&Request::resolutionHostname>(t, i);
}

DWORD putUnloadEvent(const OptionTarget& target, const OptionInput& in) {
  Session* session = target.session();
  std::lock_guard<std::mutex> lock(session->settingsMutex);
  session->unloadEvent = reinterpret_cast<HANDLE>(static_cast<std::uintptr_t>(in.number));
  return ERROR_SUCCESS;
}

DWORD putUpgradeToWebSocket(const OptionTarget& target, const OptionInput&) {
  Request* request = target.request();
  std::lock_guard<std::mutex> lock(request->settingsMutex);
  request->upgradeToWebSocket = true;
  return ERROR_SUCCESS;
}

DWORD getUrl(const OptionTarget& target, OptionOutput& out) {
  Request* request = target.request();
  std::string url;
  if (auto transfer = request->exchange.transfer(); transfer && transfer->hasHeaders()) url = transfer->responseUrl();
  if (url.empty())
    url = makeUrl(request->flags & WINHTTP_FLAG_SECURE, request->server().host, request->server().port, request->path);
  out.text = win32::wideFromUtf8(url);
  return ERROR_SUCCESS;
}

}  // namespace hinternet::winhttp::handlers
