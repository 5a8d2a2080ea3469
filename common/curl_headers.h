#pragma once
struct curl_slist;

namespace hinternet {

struct RequestSpec;

// The CURLOPT_HTTPHEADER list that makes curl send exactly spec.headers.
// `postsBody` tells that the body goes through CURLOPT_POSTFIELDS. The caller
// frees the list with curl_slist_free_all.
curl_slist* curlHeaderList(const RequestSpec& spec, bool postsBody);

}  // namespace hinternet
