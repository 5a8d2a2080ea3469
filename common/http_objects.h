#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "exchange.h"
#include "handle_object.h"
#include "header_list.h"
#include "request_headers.h"
#include "transfer.h"

namespace hinternet {

// What connect handles of both DLLs share: the server they address.
struct HttpConnectObject : HandleObject {
  explicit HttpConnectObject(std::shared_ptr<HandleObject> session)
      : HandleObject(HandleKind::Connect, std::move(session)) {}
  std::string host;
  unsigned short port = 0;  // 0: the scheme's default
};

// What request handles of both DLLs share: the request line, the request
// headers and the exchange in progress.
struct HttpRequestObject : HandleObject {
  HttpRequestObject(std::shared_ptr<HttpConnectObject> connect, const HeaderRules& rules)
      : HandleObject(HandleKind::Request, std::move(connect)), rules_(rules) {}
  const HttpConnectObject& server() const { return static_cast<const HttpConnectObject&>(*parent()); }

  std::string verb;
  std::string path;
  std::string version;
  std::uint32_t flags = 0;
  Exchange exchange;

  // The request headers are one list, merged under the DLL's rules by
  // AddRequestHeaders, by the open and send functions and by their extra
  // headers; what a send puts on the wire is this list. Calls on one handle
  // may come from any thread, so every access is locked.
  Error addHeaders(const std::string& block, unsigned flags);
  Error addHeaders(const std::vector<HeaderList::Field>& fields, unsigned flags);
  // The DLL's own defaults: added where absent, silently kept where present.
  void addDefaultHeader(const std::string& name, const std::string& value);
  const HeaderRules& headerRules() const { return rules_; }

  // The request as it will be sent next, or was last sent.
  RequestHead requestHead() const;
  // A spec with the method, URL, headers and body of the next send.
  RequestSpec describe(bool secure, std::string body) const;

 protected:
  void onClose() override { exchange.cancel(); }

 private:
  const HeaderRules& rules_;
  mutable std::mutex headersMutex_;
  HeaderList headers_;
};

}  // namespace hinternet
