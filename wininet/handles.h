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

#include "handle_table.h"
#include "exchange.h"

namespace hinternet::wininet {

struct Session : HandleObject {
  Session() : HandleObject(HandleKind::Session, nullptr) {}
  std::string agent;
  DWORD accessType = INTERNET_OPEN_TYPE_PRECONFIG;
  std::string proxy;
  std::string bypass;
  DWORD flags = 0;
  int connectTimeoutMs = 60000;
  int receiveTimeoutMs = 60000;
};

struct Connect : HandleObject {
  Connect(std::shared_ptr<Session> session) : HandleObject(HandleKind::Connect, std::move(session)) {}
  Session& session() const { return static_cast<Session&>(*parent()); }
  std::string host;
  INTERNET_PORT port = 0;
  std::string user;
  std::string password;
  DWORD service = INTERNET_SERVICE_HTTP;
  DWORD flags = 0;
  DWORD_PTR context = 0;
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
  DWORD_PTR context = 0;
  HeaderList headers;
  Exchange exchange;

 protected:
  void onClose() override { exchange.cancel(); }
};

HandleTable& handles();

DWORD errorCode(Error error);
// Sets the last error for a core error and returns FALSE.
BOOL fail(Error error);

// Sends the request and waits for the response head, as HttpSendRequest does
// in synchronous mode.
Error sendRequest(Request& request, const std::string& extraHeaders, std::string body);

}  // namespace hinternet::wininet
