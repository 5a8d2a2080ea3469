#pragma once
#include <windows.h>
#include <winhttp.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "handle_api.h"
#include "http_objects.h"

namespace hinternet::winhttp {

struct Session : HandleObject {
  Session() : HandleObject(HandleKind::Session, nullptr) {}
  std::string agent;
  DWORD accessType = WINHTTP_ACCESS_TYPE_DEFAULT_PROXY;
  std::string proxy;
  std::string bypass;
  DWORD flags = 0;
  int connectTimeoutMs = 60000;
  int receiveTimeoutMs = 30000;
};

struct Connect : HttpConnectObject {
  explicit Connect(std::shared_ptr<Session> session) : HttpConnectObject(std::move(session)) {}
  Session& session() const { return static_cast<Session&>(*parent()); }
};

struct Request : HttpRequestObject {
  explicit Request(std::shared_ptr<Connect> connect)
      : HttpRequestObject(std::move(connect), HeaderRules::winHttp()) {}
  Connect& connect() const { return static_cast<Connect&>(*parent()); }
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
DWORD errorCode(Error error);

}  // namespace hinternet::winhttp
