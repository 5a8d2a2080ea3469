#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "exchange.h"
#include "handle_object.h"
#include "header_list.h"
#include "transfer.h"

namespace hinternet {

// What connect handles of both DLLs share: the server they address.
struct HttpConnectObject : HandleObject {
  explicit HttpConnectObject(std::shared_ptr<HandleObject> session)
      : HandleObject(HandleKind::Connect, std::move(session)) {}
  std::string host;
  unsigned short port = 0;  // 0: the scheme's default
};

// What request handles of both DLLs share: the request line, the headers
// added to the handle, and the exchange in progress.
struct HttpRequestObject : HandleObject {
  explicit HttpRequestObject(std::shared_ptr<HttpConnectObject> connect)
      : HandleObject(HandleKind::Request, std::move(connect)) {}
  const HttpConnectObject& server() const { return static_cast<const HttpConnectObject&>(*parent()); }

  std::string verb;
  std::string path;
  std::string version;
  std::string referrer;
  std::vector<std::string> acceptTypes;
  std::uint32_t flags = 0;
  HeaderList headers;
  Exchange exchange;

  // A spec with the method, URL and headers the way both DLLs send them:
  // the handle's headers, then the call's extra headers, then Referer and
  // Accept from the open parameters.
  RequestSpec describe(bool secure, const std::string& extraHeaders, std::string body) const;

 protected:
  void onClose() override { exchange.cancel(); }
};

}  // namespace hinternet
