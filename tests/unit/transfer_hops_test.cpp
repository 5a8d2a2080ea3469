// What a transfer does and reports per hop of a redirect chain (the Cookie
// header each hop sends, the head of each response it follows, WinINet's
// method rule), how many addresses a connection tries, and the send-phase
// idle limit; against the edge server the test runner starts.
#include <catch.hpp>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "transfer.h"
#include "url_escape.h"

using namespace hinternet;

namespace {

std::string edge(const std::string& path) {
  const char* base = std::getenv("HINTERNET_TEST_EDGE");
  if (!base) FAIL("HINTERNET_TEST_EDGE is not set: run the tests through tools/test");
  return base + path;
}

// The events of a transfer, with their details, in order.
struct EventLog : TransferObserver {
  std::mutex mutex;
  std::vector<std::pair<TransferEvent, std::string>> events;
  void onTransferEvent(TransferEvent event, const std::string& detail) override {
    std::lock_guard<std::mutex> lock(mutex);
    events.emplace_back(event, detail);
  }
  std::vector<std::string> details(TransferEvent wanted) {
    std::lock_guard<std::mutex> lock(mutex);
    std::vector<std::string> out;
    for (const auto& [event, detail] : events)
      if (event == wanted) out.push_back(detail);
    return out;
  }
};

std::shared_ptr<Transfer> observed(RequestSpec spec, const std::shared_ptr<EventLog>& log) {
  auto t = std::make_shared<Transfer>(std::move(spec));
  t->setObserver(log);
  t->start();
  return t;
}

}  // namespace

TEST_CASE("each hop reports the Cookie header it sends and each followed response its head") {
  RequestSpec spec;
  spec.url = edge("/set-cookie?a=1&redirect=%2Fcookies");
  spec.headers.add("Cookie", "x=1; y=2");
  auto log = std::make_shared<EventLog>();
  auto t = observed(spec, log);
  REQUIRE(t->waitForHeaders(5000) == Error::None);
  REQUIRE(log->details(TransferEvent::Sent) == std::vector<std::string>{"x=1; y=2", "x=1; y=2"});
  const auto heads = log->details(TransferEvent::RedirectResponse);
  REQUIRE(heads.size() == 1);
  REQUIRE(heads[0].rfind("HTTP/1.1 302", 0) == 0);
  REQUIRE(heads[0].find("Set-Cookie: a=1\r\n") != std::string::npos);
}

TEST_CASE("with redirectsBecomeGet, 301, 302 and 303 make any method but GET and HEAD a GET") {
  for (const char* code : {"301", "302", "303"}) {
    INFO(code);
    RequestSpec spec;
    spec.method = "DELETE";
    spec.redirectsBecomeGet = true;
    spec.url = edge(std::string("/redirect/") + code + "/1");
    auto t = std::make_shared<Transfer>(spec);
    t->start();
    REQUIRE(t->waitForHeaders(5000) == Error::None);
    REQUIRE(t->responseMethod() == "GET");
    REQUIRE(t->head().headers.find("X-Echo-Method")->value == "GET");
  }
  RequestSpec kept;
  kept.method = "DELETE";
  kept.redirectsBecomeGet = true;
  kept.url = edge("/redirect/307/1");
  auto t = std::make_shared<Transfer>(kept);
  t->start();
  REQUIRE(t->waitForHeaders(5000) == Error::None);
  REQUIRE(t->head().headers.find("X-Echo-Method")->value == "DELETE");
}

TEST_CASE("connectAttempts bounds the addresses tried: a refused one ends the transfer") {
  // "localhost" is ::1 and 127.0.0.1 to curl; a closed port refuses both.
  RequestSpec spec;
  spec.url = "http://localhost:1/";
  spec.connectAttempts = 1;
  auto log = std::make_shared<EventLog>();
  auto t = observed(spec, log);
  REQUIRE(t->waitForHeaders(5000) == Error::CannotConnect);
  REQUIRE(log->details(TransferEvent::Connecting).size() == 1);
}

TEST_CASE("a send-phase idle limit ends a request whose body the server stops reading") {
  RequestSpec spec;
  spec.method = "POST";
  spec.url = edge("/no-read/30");
  spec.body.assign(32u << 20, 'x');
  auto t = std::make_shared<Transfer>(spec);
  t->start();
  t->watch(-1, -1, 500);
  std::size_t available = 0;
  REQUIRE(t->waitForData(-1, available) == Error::Timeout);
}

TEST_CASE("escapeSpaces turns each space into %20 and leaves the rest") {
  REQUIRE(escapeSpaces("/a b?c d&e=%41+\"") == "/a%20b?c%20d&e=%41+\"");
  REQUIRE(escapeSpaces("") == "");
  REQUIRE(escapeSpaces("  ") == "%20%20");
}
