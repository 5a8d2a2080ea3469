// Transfers fed by a cookie store (WinINet's way), against the edge server:
// every hop of a redirect sends what the store holds for it and stores what
// it sets.
#include <catch.hpp>
#include <curl/curl.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "cookie_store.h"
#include "transfer.h"

using namespace hinternet;

namespace {

std::string edgeBase() {
  const char* base = std::getenv("HINTERNET_TEST_EDGE");
  if (!base) FAIL("HINTERNET_TEST_EDGE is not set: run the tests through tools/test");
  return base;
}

// The same server under its other loopback name, a different cookie host.
std::string otherHostBase() {
  std::string base = edgeBase();
  const auto at = base.find("127.0.0.1");
  REQUIRE(at != std::string::npos);
  return base.replace(at, 9, "[::1]");
}

std::string escaped(const std::string& text) {
  char* out = curl_easy_escape(nullptr, text.c_str(), static_cast<int>(text.size()));
  std::string result = out ? out : "";
  curl_free(out);
  return result;
}

// A GET with a cookie store. Like WinINet, the caller puts the store's
// cookies for the first hop in the headers (unless `cookieHeader` says
// what to send instead); the transfer supplies the later hops'.
std::string body(const std::string& url, std::shared_ptr<CookieStore> store, const char* cookieHeader = nullptr) {
  RequestSpec spec;
  spec.url = url;
  const std::string cookies = cookieHeader ? cookieHeader : store ? store->headerForUrl(url) : "";
  if (!cookies.empty()) spec.headers.add("Cookie", cookies);
  spec.cookieStore = std::move(store);
  auto t = std::make_shared<Transfer>(std::move(spec));
  t->start();
  REQUIRE(t->waitForHeaders(30000) == Error::None);
  std::string text;
  std::vector<char> buffer(4096);
  for (;;) {
    std::size_t available = 0;
    REQUIRE(t->waitForData(30000, available) == Error::None);
    if (!available) break;
    text.append(buffer.data(), t->read(buffer.data(), buffer.size()));
  }
  return text;
}

}  // namespace

TEST_CASE("a store gets a response's cookies and sends them on the next request") {
  auto store = std::make_shared<CookieStore>();
  body(edgeBase() + "/set-cookie?a=1&c=" + escaped("p=2; Path=/cookies; HttpOnly") +
           "&c=" + escaped("s=3; Secure") + "&c=" + escaped("x=4; Path=/elsewhere"),
       store);
  REQUIRE(store->size() == 4);
  REQUIRE(body(edgeBase() + "/cookies", store) == "p=2; a=1\n");
  // Another host has none; the first hop sends the Cookie header as given.
  REQUIRE(body(otherHostBase() + "/cookies", store).empty());
  REQUIRE(body(edgeBase() + "/cookies", store, "mine=0") == "mine=0\n");
  REQUIRE(body(edgeBase() + "/cookies", nullptr).empty());
}

TEST_CASE("cookies set by a redirect go to the next hop, by that hop's rules") {
  auto store = std::make_shared<CookieStore>();
  // 127.0.0.1 sets one and redirects to [::1], which sets one and redirects
  // back to 127.0.0.1's echo: each hop sees only its own host's cookies.
  const std::string back = edgeBase() + "/cookies";
  const std::string hop2 = otherHostBase() + "/set-cookie?second=2&redirect=" + escaped(back);
  const std::string first = edgeBase() + "/set-cookie?first=1&redirect=" + escaped(hop2);
  REQUIRE(body(first, store) == "first=1\n");
  REQUIRE(body(otherHostBase() + "/cookies", store) == "second=2\n");
  // A deletion on a redirect takes effect for the next hop.
  const std::string deleting =
      edgeBase() + "/set-cookie?c=" + escaped("first=; Max-Age=0") + "&redirect=" + escaped(back);
  REQUIRE(body(deleting, store).empty());
  // A redirected hop sends the store's cookies, not the first hop's header.
  body(edgeBase() + "/set-cookie?kept=1", store);
  REQUIRE(body(edgeBase() + "/set-cookie?redirect=" + escaped(back), store, "given=1") == "kept=1\n");
}
