// Cookies and authentication through the engine, against the edge server.
#include <catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "session_share.h"
#include "transfer.h"

using namespace hinternet;

namespace {

std::string edgeUrl(const std::string& path) {
  const char* base = std::getenv("HINTERNET_TEST_EDGE");
  if (!base) FAIL("HINTERNET_TEST_EDGE is not set: run the tests through tools/test");
  return base + path;
}

struct Result {
  int status = 0;
  std::string body;
};

Result fetch(RequestSpec spec) {
  auto t = std::make_shared<Transfer>(std::move(spec));
  t->start();
  REQUIRE(t->waitForHeaders(30000) == Error::None);
  Result result{t->head().status, ""};
  std::vector<char> buffer(4096);
  for (;;) {
    std::size_t available = 0;
    REQUIRE(t->waitForData(30000, available) == Error::None);
    if (!available) break;
    result.body.append(buffer.data(), t->read(buffer.data(), buffer.size()));
  }
  return result;
}

RequestSpec get(const std::string& path, std::shared_ptr<SessionShare> jar = nullptr) {
  RequestSpec spec;
  spec.url = edgeUrl(path);
  spec.share = std::move(jar);
  return spec;
}

}  // namespace

TEST_CASE("a cookie jar keeps what one transfer received for the next") {
  auto jar = std::make_shared<SessionShare>();
  fetch(get("/set-cookie?kept=1", jar));
  REQUIRE(jar->dump().find("\tkept\t1") != std::string::npos);
  REQUIRE(fetch(get("/cookies", jar)).body == "kept=1\n");
  // Another jar, and no jar at all, see nothing.
  REQUIRE(fetch(get("/cookies", std::make_shared<SessionShare>())).body.empty());
  REQUIRE(fetch(get("/cookies")).body.empty());
}

TEST_CASE("without a jar, Set-Cookie is ignored and Cookie headers go out as given") {
  fetch(get("/set-cookie?ignored=1"));
  RequestSpec spec = get("/cookies");
  spec.headers.add("Cookie", "a=1");
  spec.headers.add("Cookie", "b=2");
  REQUIRE(fetch(spec).body == "a=1\nb=2\n");
}

TEST_CASE("with a jar, the caller's Cookie headers join the stored cookies in one header") {
  auto jar = std::make_shared<SessionShare>();
  fetch(get("/set-cookie?stored=1", jar));
  RequestSpec spec = get("/cookies", jar);
  spec.headers.add("Cookie", "a=1");
  spec.headers.add("cookie", "b=2");
  const std::string body = fetch(spec).body;
  REQUIRE(body.find('\n') == body.size() - 1);
  REQUIRE(body.find("stored=1") != std::string::npos);
  REQUIRE(body.find("a=1; b=2") != std::string::npos);
}

TEST_CASE("without credentials a 401 is the response; with them it is answered") {
  REQUIRE(fetch(get("/auth/basic/u/p")).status == 401);
  RequestSpec basic = get("/auth/basic/u/p");
  basic.serverAuth = HttpAuth{kAuthBasic, "u", "p"};
  REQUIRE(fetch(basic).body == "authenticated Basic u\n");
  RequestSpec digest = get("/auth/digest/u/p?alg=SHA-256");
  digest.serverAuth = HttpAuth{kAuthDigest, "u", "p"};
  REQUIRE(fetch(digest).body == "authenticated Digest u\n");
  // Several schemes allowed: whichever the server offers.
  RequestSpec any = get("/auth/multi/u/p?schemes=digest");
  any.serverAuth = HttpAuth{kAuthBasic | kAuthDigest | kAuthNtlm, "u", "p"};
  REQUIRE(fetch(any).body == "authenticated Digest u\n");
  // A refused answer is the final response, with its body.
  RequestSpec wrong = get("/auth/digest/u/p");
  wrong.serverAuth = HttpAuth{kAuthDigest, "u", "nope"};
  const Result refused = fetch(wrong);
  REQUIRE(refused.status == 401);
  REQUIRE(refused.body.find("authentication required") != std::string::npos);
}
