#pragma once
#include <windows.h>
// MinGW's wininet.h declares every function dllimport; here we define them,
// so declare them plain to keep the definitions consistent.
#pragma push_macro("DECLSPEC_IMPORT")
#undef DECLSPEC_IMPORT
#define DECLSPEC_IMPORT
#include <wininet.h>
#pragma pop_macro("DECLSPEC_IMPORT")

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "handle_api.h"
#include "http_objects.h"
#include "option_values.h"

namespace hinternet::wininet {

struct Session : HandleObject {
  Session() : HandleObject(HandleKind::Session, nullptr) { options.inherit(globalOptions()); }
  // agent, accessType, proxy and bypass change through InternetSetOption
  // during other calls: read and write them under settingsMutex.
  mutable std::mutex settingsMutex;
  std::string agent;
  DWORD accessType = INTERNET_OPEN_TYPE_PRECONFIG;  // as resolved: DIRECT or PROXY
  DWORD openedAccessType = INTERNET_OPEN_TYPE_PRECONFIG;  // as InternetOpen took it
  std::string proxy;
  std::string bypass;
  DWORD flags = 0;
};

struct Connect : HttpConnectObject {
  explicit Connect(std::shared_ptr<Session> session) : HttpConnectObject(session) {
    options.inherit(session->options);
  }
  Session& session() const { return static_cast<Session&>(*parent()); }
  // InternetConnect's credentials, which INTERNET_OPTION_USERNAME/PASSWORD
  // and PROXY_USERNAME/PROXY_PASSWORD replace later; guarded by
  // settingsMutex, since an option may be set during another call.
  mutable std::mutex settingsMutex;
  std::string user;
  std::string password;
  std::string proxyUser;
  std::string proxyPassword;
  DWORD service = INTERNET_SERVICE_HTTP;
  DWORD flags = 0;
  DWORD_PTR context = 0;
};

struct Request : HttpRequestObject {
  explicit Request(std::shared_ptr<Connect> connect)
      : HttpRequestObject(connect, HeaderRules::winInet()) {
    options.inherit(connect->options);
  }
  Connect& connect() const { return static_cast<Connect&>(*parent()); }
  DWORD_PTR context = 0;
};

DWORD errorCode(Error error);
win32::HandleApi& api();

// Shorthands for the exports of this DLL; see HandleApi.
inline BOOL fail(Error error) { return api().fail(error); }
inline HINTERNET publish(const std::shared_ptr<HandleObject>& object) {
  return static_cast<HINTERNET>(api().publish(object));
}
template <class T>
std::shared_ptr<T> find(HINTERNET handle, std::initializer_list<HandleKind> kinds) {
  return api().find<T>(handle, kinds);
}

// The Host header WinINet gives a request from its open on.
void addHostHeader(Request& request);

// The transfer a request's send starts: the headers WinINet adds (the extra
// headers merged with ADD|REPLACE; lines that are no header are skipped, not
// sent) and the settings from its flags, options and parents.
RequestSpec prepareSend(Request& request, const std::string& extraHeaders, std::string body);

// Sends the request and waits for the response head, as HttpSendRequest does
// in synchronous mode. The extra headers are merged with ADD|REPLACE; lines
// that are no header are skipped, not sent.
Error sendRequest(Request& request, const std::string& extraHeaders, std::string body);

}  // namespace hinternet::wininet
