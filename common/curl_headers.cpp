#include "curl_headers.h"

#include <curl/curl.h>

#include <string>

#include "transfer.h"

namespace hinternet {

curl_slist* curlHeaderList(const RequestSpec& spec, bool postsBody, std::string* cookies) {
  curl_slist* list = nullptr;
  auto append = [&list](const std::string& line) { list = curl_slist_append(list, line.c_str()); };
  const HeaderList& headers = spec.headers;
  // curl would add these on its own; "Name:" tells it not to.
  if (!headers.find("Accept")) append("Accept:");
  if (!headers.find("Expect")) append("Expect:");
  if (postsBody && !headers.find("Content-Type")) append("Content-Type:");

  const std::string bodyLength = std::to_string(
      spec.uploadLength != RequestSpec::kNoUpload ? static_cast<unsigned long long>(spec.uploadLength)
                                                  : spec.body.size());
  for (const auto& f : headers.fields()) {
    // curl writes this same header itself, and unlike ours drops it when a
    // redirect turns the request into a GET without a body.
    if (postsBody && equalsIgnoreCase(f.name, "Content-Length") && f.value == bodyLength) continue;
    // A WebSocket handshake needs curl's own "Connection: Upgrade".
    if (spec.webSocket && equalsIgnoreCase(f.name, "Connection")) continue;
    if (cookies && equalsIgnoreCase(f.name, "Cookie")) {
      if (!f.value.empty()) *cookies += (cookies->empty() ? "" : "; ") + f.value;
      continue;
    }
    // "Name:" would remove the header; "Name;" sends it with an empty value.
    append(f.value.empty() ? f.name + ";" : f.name + ": " + f.value);
  }
  return list;
}

}  // namespace hinternet
