// The core's time limits, connection pools and redirect refusal, against
// the edge server the test runner starts.
#include <catch.hpp>

#include <chrono>
#include <mutex>
#include <vector>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "transfer.h"

using namespace hinternet;
using Clock = std::chrono::steady_clock;

namespace {

std::string edge(const std::string& path) {
  const char* base = std::getenv("HINTERNET_TEST_EDGE");
  if (!base) FAIL("HINTERNET_TEST_EDGE is not set: run the tests through tools/test");
  return base + path;
}

std::shared_ptr<Transfer> started(RequestSpec spec) {
  auto t = std::make_shared<Transfer>(std::move(spec));
  t->start();
  return t;
}

long long msSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

}  // namespace

TEST_CASE("an idle limit ends a wait on a silent server with Timeout") {
  RequestSpec spec;
  spec.url = edge("/stall/10");
  auto t = started(spec);
  REQUIRE(t->waitUntilSent(5000) == Error::None);
  const auto start = Clock::now();
  REQUIRE(t->waitForHeaders(300) == Error::Timeout);
  REQUIRE(msSince(start) < 3000);
  REQUIRE(t->isDone());
}

TEST_CASE("the idle limit restarts with every byte; the total limit does not") {
  RequestSpec spec;
  spec.url = edge("/slow-headers/0?trickle=150");
  auto trickle = started(spec);
  REQUIRE(trickle->waitForHeaders(600) == Error::None);
  auto bounded = started(spec);
  REQUIRE(bounded->waitForHeaders(600, 400) == Error::Timeout);
}

TEST_CASE("a watch ends the transfer for callers that wait elsewhere, and unwatch lifts it") {
  RequestSpec spec;
  spec.url = edge("/stall/10");
  auto lifted = started(spec);
  lifted->watch(200);
  lifted->unwatch();
  auto watched = started(spec);
  watched->watch(200);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  REQUIRE(watched->isDone());
  REQUIRE(watched->error() == Error::Timeout);
  REQUIRE_FALSE(lifted->isDone());
  lifted->cancel();
}

TEST_CASE("a pool limit of one runs its transfers one after another") {
  RequestSpec spec;
  spec.url = edge("/slow-headers/400");
  spec.poolKey = "unit-test pool";
  spec.poolLimit = 1;
  const auto start = Clock::now();
  auto first = started(spec);
  auto second = started(spec);
  REQUIRE(second->waitForHeaders(5000) == Error::None);
  REQUIRE(first->hasHeaders());
  REQUIRE(msSince(start) >= 750);
  // A transfer cancelled while it waits leaves its turn to the next.
  auto third = started(spec);
  auto fourth = started(spec);
  third->cancel();
  REQUIRE(fourth->waitForHeaders(5000) == Error::None);
}

TEST_CASE("a redirect from https to http is refused when the spec says so") {
  const char* tlsPort = std::getenv("HINTERNET_TEST_EDGE_TLS_PORT");
  const char* caFile = std::getenv("HINTERNET_TEST_CA_PEM");
  REQUIRE(tlsPort);
  REQUIRE(caFile);
  std::ifstream ca(caFile);
  std::stringstream pem;
  pem << ca.rdbuf();
  std::string target = edge("/echo");
  std::string escaped;
  for (char c : target) escaped += c == ':' ? "%3A" : c == '/' ? "%2F" : std::string(1, c);

  const std::string anchors = pem.str();  // outlives every transfer below
  RequestSpec spec;
  spec.url = std::string("https://localhost:") + tlsPort + "/redirect-to?url=" + escaped;
  spec.caPem = &anchors;
  auto followed = started(spec);
  REQUIRE(followed->waitForHeaders(5000) == Error::None);
  REQUIRE(followed->head().status == 200);
  REQUIRE(followed->responseUrl() == target);

  spec.refuseHttpsToHttp = true;
  auto refused = started(spec);
  REQUIRE(refused->waitForHeaders(5000) == Error::RedirectToHttp);

  // From http, the same rule lets plain redirects through.
  spec.url = edge("/redirect/302/1");
  auto plain = started(spec);
  REQUIRE(plain->waitForHeaders(5000) == Error::None);
  REQUIRE(plain->responseUrl() == edge("/redirect/302/0"));

  // The other way round: http to https, followed unless refused.
  spec.refuseHttpsToHttp = false;
  spec.url = edge("/redirect-to?url=https%3A%2F%2Flocalhost%3A" + std::string(tlsPort) + "%2Fecho");
  auto upgraded = started(spec);
  REQUIRE(upgraded->waitForHeaders(5000) == Error::None);
  REQUIRE(upgraded->responseUrl() == std::string("https://localhost:") + tlsPort + "/echo");
  spec.refuseHttpToHttps = true;
  auto kept = started(spec);
  REQUIRE(kept->waitForHeaders(5000) == Error::RedirectToHttps);
}

TEST_CASE("the response method says what the last hop of a redirect sent") {
  RequestSpec spec;
  spec.method = "POST";
  spec.body = "x=1";
  spec.url = edge("/redirect/302/1");
  auto switched = started(spec);
  REQUIRE(switched->waitForHeaders(5000) == Error::None);
  REQUIRE(switched->responseMethod() == "GET");
  spec.url = edge("/redirect/307/1");
  auto kept = started(spec);
  REQUIRE(kept->waitForHeaders(5000) == Error::None);
  REQUIRE(kept->responseMethod() == "POST");
}

namespace {

// Collects the URLs a transfer reports following.
struct RedirectLog : TransferObserver {
  std::mutex mutex;
  std::vector<std::string> urls;
  void onTransferEvent(TransferEvent event, const std::string& detail) override {
    if (event != TransferEvent::Redirect) return;
    std::lock_guard<std::mutex> lock(mutex);
    urls.push_back(detail);
  }
};

}  // namespace

TEST_CASE("each redirect is reported with the absolute URL it leads to") {
  RequestSpec spec;
  spec.url = edge("/redirect-rel/302/2?q=1");
  auto log = std::make_shared<RedirectLog>();
  auto t = std::make_shared<Transfer>(spec);
  t->setObserver(log);
  t->start();
  REQUIRE(t->waitForHeaders(5000) == Error::None);
  std::lock_guard<std::mutex> lock(log->mutex);
  REQUIRE(log->urls == std::vector<std::string>{edge("/redirect-rel/302/1?q=1"), edge("/redirect-rel/302/0?q=1")});
}
