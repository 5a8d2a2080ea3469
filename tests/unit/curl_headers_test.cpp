#include <catch.hpp>
#include <curl/curl.h>

#include <string>
#include <vector>

#include "curl_headers.h"
#include "transfer.h"

using namespace hinternet;

namespace {

std::vector<std::string> curlLines(const RequestSpec& spec, bool postsBody) {
  curl_slist* list = curlHeaderList(spec, postsBody);
  std::vector<std::string> out;
  for (const curl_slist* item = list; item; item = item->next) out.push_back(item->data);
  curl_slist_free_all(list);
  return out;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("curl gets the request headers and is kept from adding its own") {
  RequestSpec spec;
  spec.headers.add("Host", "example.com");
  spec.headers.add("X-Empty", "");
  REQUIRE(curlLines(spec, false) == Lines{"Accept:", "Expect:", "Host: example.com", "X-Empty;"});
  spec.headers.add("Accept", "text/*");
  spec.headers.add("Expect", "100-continue");
  REQUIRE(curlLines(spec, false) ==
          Lines{"Host: example.com", "X-Empty;", "Accept: text/*", "Expect: 100-continue"});
}

TEST_CASE("a posted body keeps curl from adding a Content-Type; a matching Content-Length is left to curl") {
  RequestSpec spec;
  spec.body = "abc";
  spec.headers.add("Content-Length", "3");
  REQUIRE(curlLines(spec, true) == Lines{"Accept:", "Expect:", "Content-Type:"});
  spec.headers.add("Content-Type", "text/plain");
  spec.headers.at(0).value = "5";
  REQUIRE(curlLines(spec, true) == Lines{"Accept:", "Expect:", "Content-Length: 5", "Content-Type: text/plain"});
}
