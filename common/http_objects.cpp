#include "http_objects.h"

namespace hinternet {

RequestSpec HttpRequestObject::describe(bool secure, const std::string& extraHeaders, std::string body) const {
  RequestSpec spec;
  spec.method = verb;
  spec.url = makeUrl(secure, server().host, server().port, path);
  for (const auto& f : headers.fields()) spec.headers.push_back(f.name + ": " + f.value);
  for (auto& line : splitHeaderLines(extraHeaders)) spec.headers.push_back(std::move(line));
  if (!referrer.empty()) spec.headers.push_back("Referer: " + referrer);
  if (!acceptTypes.empty()) {
    std::string accept;
    for (const auto& type : acceptTypes) accept += (accept.empty() ? "" : ", ") + type;
    spec.headers.push_back("Accept: " + accept);
  }
  spec.body = std::move(body);
  return spec;
}

}  // namespace hinternet
