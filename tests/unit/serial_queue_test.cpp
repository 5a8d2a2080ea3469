#include <catch.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "serial_queue.h"

using namespace hinternet;

TEST_CASE("SerialQueue::runHere runs the tasks on the calling thread until done, in order") {
  auto queue = std::make_shared<SerialQueue>();
  const auto self = std::this_thread::get_id();
  std::vector<int> order;  // touched by tasks only, one at a time
  std::atomic<bool> offThread{false};
  bool finished = false;
  std::thread producer;
  queue->runHere(
      [&] {
        producer = std::thread([&] {
          for (int i = 0; i < 100; ++i)
            queue->post([&, i] {
              if (std::this_thread::get_id() != self) offThread = true;
              order.push_back(i);
              if (i == 99) finished = true;
            });
        });
      },
      [&] { return finished; });
  producer.join();
  REQUIRE_FALSE(offThread);
  REQUIRE(order.size() == 100);
  for (int i = 0; i < 100; ++i) REQUIRE(order[i] == i);
}

TEST_CASE("SerialQueue::runHere waits for the pool's task, hands later tasks back, nests in a task") {
  auto queue = std::make_shared<SerialQueue>();
  std::mutex mutex;
  std::condition_variable changed;
  bool poolRunning = false, release = false;
  std::vector<int> order;
  queue->post([&] {
    std::unique_lock<std::mutex> lock(mutex);
    poolRunning = true;
    changed.notify_all();
    changed.wait(lock, [&] { return release; });
    order.push_back(1);
  });
  {
    std::unique_lock<std::mutex> lock(mutex);
    changed.wait(lock, [&] { return poolRunning; });
  }
  std::thread releaser([&] {
    std::lock_guard<std::mutex> lock(mutex);
    release = true;
    changed.notify_all();
  });
  bool mine = false;
  // The pool's task finishes first; ours runs here; a nested runHere from
  // inside it runs the next one in place.
  queue->runHere([&] { queue->post([&] {
                   order.push_back(2);
                   REQUIRE(queue->isCurrent());
                   bool inner = false;
                   queue->runHere([&] { queue->post([&] { order.push_back(3); inner = true; }); },
                                  [&] { return inner; });
                   mine = true;
                 }); },
                 [&] { return mine; });
  releaser.join();
  REQUIRE_FALSE(queue->isCurrent());
  // What is posted afterwards runs on the pool again.
  std::mutex doneMutex;
  std::condition_variable doneChanged;
  bool later = false;
  queue->post([&] {
    std::lock_guard<std::mutex> lock(doneMutex);
    later = true;
    doneChanged.notify_all();
  });
  std::unique_lock<std::mutex> lock(doneMutex);
  REQUIRE(doneChanged.wait_for(lock, std::chrono::seconds(20), [&] { return later; }));
  REQUIRE(order == std::vector<int>{1, 2, 3});
}

TEST_CASE("SerialQueue::runHereGivingWay lets a caller waiting to runHere go first, then takes over again") {
  // A close waiting for a call's reference (the closer) and the call itself
  // starting just after it: the call must not wait out the closer's limit.
  auto queue = std::make_shared<SerialQueue>();
  queue->hold(true);
  std::mutex mutex;
  std::condition_variable changed;
  bool closerRunning = false;
  std::thread::id closerThread;
  bool finished = false;  // tasks only
  std::thread::id callTaskThread, finishTaskThread;
  queue->post([&] {
    std::lock_guard<std::mutex> lock(mutex);
    closerRunning = true;
    closerThread = std::this_thread::get_id();
    changed.notify_all();
  });
  bool closerGaveUp = false;
  std::thread closer([&] {
    // Far longer than the test: giving up would mean the call waited it out.
    queue->runHereGivingWay([&] { return finished; }, std::chrono::seconds(60));
    closerGaveUp = !finished;
  });
  {
    std::unique_lock<std::mutex> lock(mutex);
    changed.wait(lock, [&] { return closerRunning; });
  }
  bool called = false;
  queue->runHere(
      [&] {
        queue->post([&] {
          callTaskThread = std::this_thread::get_id();
          called = true;
        });
      },
      [&] { return called; });
  REQUIRE(callTaskThread == std::this_thread::get_id());
  // The call is over: what comes next (a HANDLE_CLOSING) is the closer's.
  queue->post([&] {
    finishTaskThread = std::this_thread::get_id();
    finished = true;
  });
  closer.join();
  REQUIRE_FALSE(closerGaveUp);
  REQUIRE(finishTaskThread == closerThread);
}

TEST_CASE("SerialQueue: a runHere left with nothing to run returns once the queue is retired") {
  auto queue = std::make_shared<SerialQueue>();
  queue->hold(true);
  std::thread retirer;
  bool never = false;
  queue->runHere([&] { retirer = std::thread([&] { queue->retire(); }); }, [&] { return never; });
  retirer.join();
  REQUIRE(queue->retired());
}
