#include <catch.hpp>

#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "transfer.h"

using namespace hinternet;

// The test runner starts nginx on loopback and names it here; these tests
// talk to that real server.
static std::string serverUrl(const char* variable) {
  const char* base = std::getenv(variable);
  if (!base) FAIL(variable << " is not set: run the tests through tools/test");
  return base;
}

static std::string readAll(Transfer& t) {
  std::string body;
  std::vector<char> buf(64 * 1024);
  for (;;) {
    std::size_t available = 0;
    REQUIRE(t.waitForData(30000, available) == Error::None);
    if (available == 0) break;
    body.append(buf.data(), t.read(buf.data(), buf.size()));
  }
  return body;
}

TEST_CASE("a GET through the engine returns the status, headers and the whole body") {
  RequestSpec spec;
  spec.url = serverUrl("HINTERNET_TEST_HTTP") + "/hello.txt";
  auto t = std::make_shared<Transfer>(spec);
  t->start();
  REQUIRE(t->waitUntilSent(30000) == Error::None);
  REQUIRE(t->waitForHeaders(30000) == Error::None);
  const ResponseHead head = t->head();
  REQUIRE(head.status == 200);
  REQUIRE(head.version == "HTTP/1.1");
  REQUIRE(head.headers.find("Content-Length") != nullptr);
  REQUIRE(readAll(*t) == "hello from hinternet\n");
}

TEST_CASE("a large body flows through the bounded buffer with pauses") {
  RequestSpec spec;
  spec.url = serverUrl("HINTERNET_TEST_HTTP") + "/big.bin";
  auto t = std::make_shared<Transfer>(spec);
  t->start();
  REQUIRE(t->waitForHeaders(30000) == Error::None);
  // Let the buffer fill up to its bound so the transfer pauses.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const std::string body = readAll(*t);
  REQUIRE(body.size() == 16u * 1024 * 1024);
  const std::string expected = t->head().headers.find("Content-Length")->value;
  REQUIRE(expected == std::to_string(body.size()));
}

TEST_CASE("a 404 is a response, not an error") {
  RequestSpec spec;
  spec.url = serverUrl("HINTERNET_TEST_HTTP") + "/missing";
  auto t = std::make_shared<Transfer>(spec);
  t->start();
  REQUIRE(t->waitForHeaders(30000) == Error::None);
  REQUIRE(t->head().status == 404);
}

TEST_CASE("connection refused maps to CannotConnect") {
  RequestSpec spec;
  spec.url = "http://127.0.0.1:1/";
  auto t = std::make_shared<Transfer>(spec);
  t->start();
  REQUIRE(t->waitUntilSent(30000) == Error::CannotConnect);
}

TEST_CASE("cancel wakes waiters and the transfer can be dropped at once") {
  for (int i = 0; i < 50; ++i) {
    RequestSpec spec;
    spec.url = serverUrl("HINTERNET_TEST_HTTP") + "/big.bin";
    auto t = std::make_shared<Transfer>(spec);
    t->start();
    if (i % 2) REQUIRE(t->waitForHeaders(30000) == Error::None);
    t->cancel();
    std::size_t available = 0;
    const Error e = t->waitForData(30000, available);
    REQUIRE((e == Error::OperationCancelled || available > 0));
  }
}

TEST_CASE("many transfers run at once on the one event thread") {
  std::vector<std::shared_ptr<Transfer>> transfers;
  for (int i = 0; i < 64; ++i) {
    RequestSpec spec;
    spec.url = serverUrl("HINTERNET_TEST_HTTP") + "/hello.txt";
    transfers.push_back(std::make_shared<Transfer>(spec));
    transfers.back()->start();
  }
  for (auto& t : transfers) {
    REQUIRE(t->waitForHeaders(30000) == Error::None);
    REQUIRE(readAll(*t) == "hello from hinternet\n");
  }
}

TEST_CASE("a streamed upload reaches the server whole and in order") {
  RequestSpec spec;
  spec.method = "POST";
  spec.url = serverUrl("HINTERNET_TEST_HTTP") + "/echo";
  spec.body = "head:";
  std::string payload;
  for (int i = 0; i < 3 * 1024 * 1024; ++i) payload += static_cast<char>('A' + i % 23);
  spec.uploadLength = static_cast<long long>(spec.body.size() + payload.size());
  auto t = std::make_shared<Transfer>(spec);
  t->start();
  REQUIRE(t->waitUntilSent(30000) == Error::None);
  for (std::size_t at = 0; at < payload.size();) {
    std::size_t accepted = 0;
    const std::size_t chunk = std::min<std::size_t>(100000, payload.size() - at);
    REQUIRE(t->write(payload.data() + at, chunk, 30000, accepted) == Error::None);
    REQUIRE(accepted == chunk);
    at += chunk;
  }
  REQUIRE(t->uploadComplete());
  std::size_t extra = 0;
  REQUIRE(t->write("x", 1, 0, extra) == Error::InvalidParameter);  // beyond the declared length
  REQUIRE(t->waitForHeaders(30000) == Error::None);
  REQUIRE(t->head().status == 200);
  REQUIRE(readAll(*t) == "head:" + payload);
}

TEST_CASE("a caller-chunked upload loses its framing once, and refuses bad framing") {
  RequestSpec spec;
  spec.method = "POST";
  spec.url = serverUrl("HINTERNET_TEST_HTTP") + "/echo";
  spec.headers.add("Transfer-Encoding", "chunked");
  spec.body = "6\r\nfirst ";  // the framing may split anywhere
  spec.uploadLength = RequestSpec::kCallerChunked;
  auto t = std::make_shared<Transfer>(spec);
  t->start();
  REQUIRE(t->waitUntilSent(30000) == Error::None);
  const std::string payload(300000, 'z');
  const std::string rest = "\r\n493e0\r\n" + payload + "\r\n0\r\n";
  std::size_t accepted = 0;
  REQUIRE(t->write(rest.data(), rest.size(), 30000, accepted) == Error::None);
  REQUIRE(accepted == rest.size());
  REQUIRE_FALSE(t->uploadComplete());  // the trailer section has not ended
  REQUIRE(t->write("\r\n", 2, 30000, accepted) == Error::None);
  REQUIRE(t->uploadComplete());
  REQUIRE(t->write("1\r\nx\r\n", 6, 0, accepted) == Error::InvalidParameter);  // after the last chunk
  REQUIRE(t->waitForHeaders(30000) == Error::None);
  REQUIRE(t->head().status == 200);
  REQUIRE(readAll(*t) == "first " + payload);

  RequestSpec bad = spec;
  bad.body.clear();
  auto broken = std::make_shared<Transfer>(bad);
  broken->start();
  REQUIRE(broken->write("3\r\nabcd", 8, 30000, accepted) == Error::InvalidParameter);
  REQUIRE(accepted == 0);
  REQUIRE(broken->write("0\r\n\r\n", 5, 30000, accepted) == Error::InvalidParameter);
  REQUIRE_FALSE(broken->uploadComplete());
  broken->cancel();
}

TEST_CASE("the wire carries exactly the spec's headers, whatever the method") {
  struct Case {
    const char* method;
    const char* body;
  };
  for (const Case& c : {Case{"GET", ""}, Case{"GET", "abc"}, Case{"POST", "abc"}, Case{"PUT", ""},
                        Case{"DELETE", ""}}) {
    INFO(c.method << " with body \"" << c.body << '"');
    RequestSpec spec;
    spec.method = c.method;
    const std::string base = serverUrl("HINTERNET_TEST_HTTP");
    const std::string authority = base.substr(base.find("//") + 2);
    spec.url = base + "/headers";
    spec.headers.add("Host", authority);
    spec.headers.add("X-Empty", "");
    spec.headers.add("X-Multi", "a, b; c");
    spec.body = c.body;
    const bool sendsLength = *c.body || spec.method == "POST" || spec.method == "PUT";
    if (sendsLength) spec.headers.add("Content-Length", std::to_string(spec.body.size()));
    auto t = std::make_shared<Transfer>(spec);
    t->start();
    REQUIRE(t->waitForHeaders(30000) == Error::None);
    REQUIRE(t->head().status == 200);
    std::string expected = spec.method + " /headers HTTP/1.1\r\nHost: " + authority +
                           "\r\nX-Empty:\r\nX-Multi: a, b; c\r\n";
    if (sendsLength) expected += "Content-Length: " + std::to_string(spec.body.size()) + "\r\n";
    REQUIRE(readAll(*t) == expected + "\r\n");
  }
}
