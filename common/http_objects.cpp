#include "http_objects.h"

namespace hinternet {

Error HttpRequestObject::addHeaders(const std::string& block, unsigned flags) {
  std::lock_guard<std::mutex> lock(headersMutex_);
  return mergeHeaderBlock(headers_, block, flags, rules_);
}

Error HttpRequestObject::addHeaders(const std::vector<HeaderList::Field>& fields, unsigned flags) {
  std::lock_guard<std::mutex> lock(headersMutex_);
  return mergeHeaders(headers_, fields, flags, rules_);
}

void HttpRequestObject::addDefaultHeader(const std::string& name, const std::string& value) {
  std::lock_guard<std::mutex> lock(headersMutex_);
  mergeHeader(headers_, {name, value}, kAddHeaderAddIfNew, rules_);
}

RequestHead HttpRequestObject::requestHead() const {
  RequestHead head;
  head.method = verb;
  head.target = !path.empty() && path.front() == '/' ? path : "/" + path;
  head.version = version;
  std::lock_guard<std::mutex> lock(headersMutex_);
  head.headers = headers_;
  return head;
}

RequestSpec HttpRequestObject::describe(bool secure, std::string body) const {
  RequestSpec spec;
  spec.method = verb;
  spec.url = makeUrl(secure, server().host, server().port, path);
  {
    std::lock_guard<std::mutex> lock(headersMutex_);
    spec.headers = headers_;
  }
  spec.body = std::move(body);
  return spec;
}

}  // namespace hinternet
