#pragma once
#include <string>

struct curl_slist;

namespace hinternet {

struct RequestSpec;

// The CURLOPT_HTTPHEADER list that makes curl send exactly spec.headers.
// `postsBody` tells that the body goes through CURLOPT_POSTFIELDS. The caller
// frees the list with curl_slist_free_all.
// With `cookies` set, the caller's Cookie headers are not listed but joined
// into *cookies, for the cookie engine to send along with its own.
curl_slist* curlHeaderList(const RequestSpec& spec, bool postsBody, std::string* cookies = nullptr);

}  // namespace hinternet
