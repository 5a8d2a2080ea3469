#pragma once
#include <windows.h>
#include <winhttp.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "handle_table.h"
#include "exchange.h"

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

struct Connect : HandleObject {
  Connect(std::shared_ptr<Session> session) : HandleObject(HandleKind::Connect, std::move(session)) {}
  Session& session() const { return static_cast<Session&>(*parent()); }
  std::string host;
  INTERNET_PORT port = 0;
};

struct Request : HandleObject {
  Request(std::shared_ptr<Connect> connect) : HandleObject(HandleKind::Request, std::move(connect)) {}
  Connect& connect() const { return static_cast<Connect&>(*parent()); }

  std::string verb;
  std::string path;
  std::string version;
  std::string referrer;
  std::vector<std::string> acceptTypes;
  DWORD flags = 0;
  HeaderList headers;
  Exchange exchange;

 protected:
  void onClose() override { exchange.cancel(); }
};

HandleTable& handles();

// Sets the last error for a core error and returns FALSE.
BOOL fail(Error error);
DWORD errorCode(Error error);

}  // namespace hinternet::winhttp
