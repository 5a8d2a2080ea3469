#include <catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "call_turns.h"

using namespace hinternet;

namespace {

// Ends the turn held, running each waiting call as its turn comes.
void finishTurns(CallTurns& turns) {
  while (CallTurns::Task task = turns.next()) task();
}

}  // namespace

TEST_CASE("CallTurns: a free turn is taken at once; later calls wait and run in order") {
  CallTurns turns;
  std::vector<int> ran;
  REQUIRE_FALSE(turns.busy());
  REQUIRE(turns.take([&] { ran.push_back(0); }));  // not kept: the caller runs now
  REQUIRE(turns.busy());
  REQUIRE_FALSE(turns.take([&] { ran.push_back(1); }));
  REQUIRE_FALSE(turns.take([&] { ran.push_back(2); }));
  REQUIRE(ran.empty());

  CallTurns::Task first = turns.next();
  REQUIRE(first);
  REQUIRE(turns.busy());  // the first waiting call holds the turn now
  first();
  // A call made while the turn is held goes behind those already waiting.
  REQUIRE_FALSE(turns.take([&] { ran.push_back(3); }));
  finishTurns(turns);
  REQUIRE(ran == std::vector<int>{1, 2, 3});
  REQUIRE_FALSE(turns.busy());
  REQUIRE(turns.take([] {}));
  REQUIRE_FALSE(turns.next());
  REQUIRE_FALSE(turns.busy());
}

TEST_CASE("CallTurns: calls from many threads never overlap and none is lost") {
  CallTurns turns;
  int inside = 0;    // guarded by the turns alone: TSan reports an overlap
  int finished = 0;  // likewise
  std::atomic<int> overlaps{0};
  auto call = [&] {
    if (++inside != 1) ++overlaps;
    ++finished;
    --inside;
  };
  std::vector<std::thread> threads;
  constexpr int kThreads = 8, kCalls = 500;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kCalls; ++i) {
        if (!turns.take(call)) continue;  // runs when its turn comes
        call();
        finishTurns(turns);
      }
    });
  for (auto& thread : threads) thread.join();
  REQUIRE_FALSE(turns.busy());
  REQUIRE(overlaps == 0);
  REQUIRE(finished == kThreads * kCalls);
}
