// Fetching CRLs into the process's cache (crl_fetch.h), against the edge
// server the test runner starts. The native build parses no CRL (no
// mbedTLS under its curl): every fetch is remembered as one that failed,
// which is what these cases look at.
#include <catch.hpp>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <random>
#include <string>

#include "crl_cache.h"
#include "crl_fetch.h"
#include "edge_server_url.h"
#include "transfer.h"

using namespace hinternet;

namespace {

std::string get(const std::string& url) {
  RequestSpec spec;
  spec.url = url;
  auto t = std::make_shared<Transfer>(spec);
  t->start();
  REQUIRE(t->waitForHeaders(10000) == Error::None);
  std::string body;
  for (;;) {
    std::size_t available = 0;
    REQUIRE(t->waitForData(10000, available) == Error::None);
    if (available == 0) break;
    std::string chunk(available, '\0');
    chunk.resize(t->read(&chunk[0], available));
    body += chunk;
  }
  return body;
}

struct Countdown {
  std::mutex mutex;
  std::condition_variable changed;
  int calls = 0;
  void done() {
    std::lock_guard<std::mutex> lock(mutex);
    ++calls;
    changed.notify_all();
  }
  bool waitFor(int wanted) {
    std::unique_lock<std::mutex> lock(mutex);
    return changed.wait_for(lock, std::chrono::seconds(30), [&] { return calls >= wanted; });
  }
  int count() {
    std::lock_guard<std::mutex> lock(mutex);
    return calls;
  }
};

}  // namespace

TEST_CASE("CRL fetch: done runs once every URL's fetch has ended; a request for a URL being fetched joins it") {
  // A gate of its own: an open gate stays open, and the server outlives
  // this run (the sanitizer builds run the same case against it).
  const std::string gate = "crl-fetch-" + std::to_string(std::random_device()());
  const std::string held = edgeServerUrl("/gate/" + gate);
  const std::string missing = edgeServerUrl("/crl/native-missing.crl");
  auto first = std::make_shared<Countdown>();
  auto second = std::make_shared<Countdown>();
  fetchCrls({held, missing}, RequestSpec(), [first] { first->done(); });
  REQUIRE(get(edgeServerUrl("/gate-count/" + gate + "?wait=1")).compare(0, 7, "held=1 ") == 0);
  fetchCrls({held}, RequestSpec(), [second] { second->done(); });
  // The gate holds the fetch: neither can have ended.
  CHECK(first->count() == 0);
  CHECK(second->count() == 0);
  get(edgeServerUrl("/gate-open/" + gate));
  REQUIRE(first->waitFor(1));
  REQUIRE(second->waitFor(1));
  CHECK(get(edgeServerUrl("/gate-count/" + gate)) == "held=0 max=1\n");
  CrlCache::Entry entry;
  const auto now = CrlCache::Clock::now();
  REQUIRE(CrlCache::instance().find(held, now, entry));
  CHECK_FALSE(entry.crl);
  CHECK(entry.until <= now + CrlCache::kFailureMemory);
  REQUIRE(CrlCache::instance().find(missing, now, entry));
  CHECK_FALSE(entry.crl);
  CHECK(first->count() == 1);
}

TEST_CASE("CRL fetch: nothing to fetch runs done at once") {
  int calls = 0;
  fetchCrls({}, RequestSpec(), [&] { ++calls; });
  CHECK(calls == 1);
}
