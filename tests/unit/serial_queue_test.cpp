#include <catch.hpp>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "handle_object.h"
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

TEST_CASE("SerialQueue::runHere notices a closed handle's last reference going on another thread") {
  // What a synchronous close waits for (win32::ClosedHandles): no task
  // comes when the last reference goes, yet the wait must end then, not
  // at its limit.
  auto object = std::make_shared<HandleObject>(HandleKind::Request, nullptr);
  auto queue = object->queue;
  std::weak_ptr<HandleObject> weak = object;
  std::promise<void> checkedOnce;  // the reference goes once the wait is under way
  bool sawDone = false;
  bool first = true;
  std::thread releaser;
  queue->runHere(
      [&] {
        releaser = std::thread([held = std::move(object), checked = checkedOnce.get_future()]() mutable {
          checked.wait();
          held.reset();
        });
      },
      [&] {
        sawDone = weak.expired();
        if (first) checkedOnce.set_value();
        first = false;
        return sawDone;
      },
      std::chrono::minutes(2));
  releaser.join();
  REQUIRE(sawDone);
}
