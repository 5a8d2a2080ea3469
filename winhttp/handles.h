#pragma once
#include <windows.h>
#include <winhttp.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "handle_table.h"
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
  explicit Request(std::shared_ptr<Connect> connect) : HttpRequestObject(std::move(connect)) {}
  Connect& connect() const { return static_cast<Connect&>(*parent()); }
};

HandleTable& handles();

// Sets the last error for a core error and returns FALSE.
BOOL fail(Error error);

// Gives a new object its handle value: on success clears the last error; on
// failure (table full, or the parent closed meanwhile) sets it and returns
// null.
HINTERNET publish(const std::shared_ptr<HandleObject>& object);
DWORD errorCode(Error error);

}  // namespace hinternet::winhttp
