#include <catch.hpp>

#include <atomic>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "handle_table.h"
#include "http_objects.h"
#include "serial_queue.h"

using namespace hinternet;

namespace {

std::string helloUrl() {
  const char* base = std::getenv("HINTERNET_TEST_HTTP");
  return base ? std::string(base) + "/hello.txt" : std::string();
}

struct Session : HandleObject {
  Session() : HandleObject(HandleKind::Session, nullptr) {}
};

}  // namespace

TEST_CASE("closing handles while other threads have calls in flight, thousands of times") {
  const std::string url = helloUrl();
  REQUIRE_FALSE(url.empty());
  HandleTable table(0x100, 1 << 12);
  constexpr int kSlots = 8;
  std::vector<std::atomic<std::uintptr_t>> values(kSlots);

  auto makeRequest = [&](int slot) {
    auto session = std::make_shared<Session>();
    table.add(session);
    auto connect = std::make_shared<HttpConnectObject>(session);
    connect->host = "127.0.0.1";
    table.add(connect);
    auto request = std::make_shared<HttpRequestObject>(connect, HeaderRules::winHttp());
    request->verb = "GET";
    values[slot] = table.add(request);
    return session->value();
  };
  std::vector<std::uintptr_t> sessions(kSlots);
  for (int i = 0; i < kSlots; ++i) sessions[i] = makeRequest(i);

  std::atomic<bool> stop{false};
  std::atomic<int> calls{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < 3; ++t) {
    callers.emplace_back([&, t] {
      std::mt19937 random(t);
      while (!stop) {
        Error error;
        auto request = table.findAs<HttpRequestObject>(values[random() % kSlots], {HandleKind::Request}, error);
        if (!request) continue;
        RequestSpec spec;
        spec.url = url;
        auto transfer = std::make_shared<Transfer>(spec);
        if (request->exchange.begin(transfer) != Error::None) continue;  // closed meanwhile
        if (random() % 2) {
          request->exchange.receive(10000);
        }
        ++calls;
      }
    });
  }
  // The closer: closes whole trees (session first) and builds new ones.
  std::mt19937 random(42);
  for (int round = 0; round < 3000; ++round) {
    const int slot = random() % kSlots;
    REQUIRE(table.close(sessions[slot]));
    sessions[slot] = makeRequest(slot);
    if (round % 100 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  stop = true;
  for (auto& c : callers) c.join();
  for (auto v : sessions) table.close(v);
  REQUIRE(table.size() == 0);
  REQUIRE(calls > 0);
}

TEST_CASE("a serial queue runs its tasks in order, one at a time, while queues run in parallel") {
  constexpr int kQueues = 8, kTasks = 500;
  std::vector<std::shared_ptr<SerialQueue>> queues;
  std::vector<std::vector<int>> seen(kQueues);
  std::vector<std::atomic<int>> running(kQueues);
  std::atomic<int> overlaps{0}, done{0};
  for (int q = 0; q < kQueues; ++q) queues.push_back(std::make_shared<SerialQueue>());
  std::vector<std::thread> posters;
  for (int q = 0; q < kQueues; ++q) {
    posters.emplace_back([&, q] {
      for (int i = 0; i < kTasks; ++i) {
        queues[q]->post([&, q, i] {
          if (running[q].fetch_add(1) != 0) ++overlaps;
          seen[q].push_back(i);
          running[q].fetch_sub(1);
          ++done;
        });
      }
    });
  }
  for (auto& p : posters) p.join();
  for (int spin = 0; done < kQueues * kTasks && spin < 10000; ++spin)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  REQUIRE(done == kQueues * kTasks);
  REQUIRE(overlaps == 0);
  for (int q = 0; q < kQueues; ++q) {
    REQUIRE(seen[q].size() == std::size_t(kTasks));
    for (int i = 0; i < kTasks; ++i) REQUIRE(seen[q][i] == i);
  }
}
