#include <catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "handle_table.h"

using namespace hinternet;

namespace {

struct Node : HandleObject {
  Node(HandleKind kind, std::shared_ptr<HandleObject> parent, std::atomic<int>* closes = nullptr)
      : HandleObject(kind, std::move(parent)), closes_(closes) {}
  void onClose() override {
    if (closes_) ++*closes_;
  }
  std::atomic<int>* closes_;
};

}  // namespace

TEST_CASE("handle values are non-zero, distinct per table and recycled lowest first") {
  HandleTable a(0x1000, 64), b(0x2000, 64);
  auto s1 = std::make_shared<Node>(HandleKind::Session, nullptr);
  auto s2 = std::make_shared<Node>(HandleKind::Session, nullptr);
  auto s3 = std::make_shared<Node>(HandleKind::Session, nullptr);
  const auto v1 = a.add(s1), v2 = a.add(s2), v3 = a.add(s3);
  REQUIRE(v1 != 0);
  REQUIRE(v1 < v2);
  REQUIRE(v2 < v3);
  REQUIRE(a.find(v2) == s2);
  REQUIRE(b.find(v2) == nullptr);

  REQUIRE(a.close(v1));
  REQUIRE(a.close(v2));
  REQUIRE(a.find(v1) == nullptr);
  auto s4 = std::make_shared<Node>(HandleKind::Session, nullptr);
  REQUIRE(a.add(s4) == v1);  // lowest free slot comes back first
  REQUIRE_FALSE(a.close(v2));  // already closed
  REQUIRE(a.size() == 2);
}

TEST_CASE("a full table refuses new handles") {
  HandleTable t(0x100, 2);
  REQUIRE(t.add(std::make_shared<Node>(HandleKind::Session, nullptr)) != 0);
  REQUIRE(t.add(std::make_shared<Node>(HandleKind::Session, nullptr)) != 0);
  REQUIRE(t.add(std::make_shared<Node>(HandleKind::Session, nullptr)) == 0);
}

TEST_CASE("lookups check the handle kind") {
  HandleTable t(0x100, 16);
  auto session = std::make_shared<Node>(HandleKind::Session, nullptr);
  const auto v = t.add(session);
  Error e = Error::None;
  REQUIRE(t.find(v, {HandleKind::Session}, e) == session);
  REQUIRE(e == Error::None);
  REQUIRE(t.find(v, {HandleKind::Request, HandleKind::Connect}, e) == nullptr);
  REQUIRE(e == Error::WrongHandleType);
  REQUIRE(t.find(v + 1, {HandleKind::Session}, e) == nullptr);
  REQUIRE(e == Error::InvalidHandle);
  REQUIRE(t.find(0, {HandleKind::Session}, e) == nullptr);
  REQUIRE(e == Error::InvalidHandle);
}

TEST_CASE("closing a parent closes its children, each exactly once") {
  HandleTable t(0x100, 16);
  std::atomic<int> closes{0};
  auto session = std::make_shared<Node>(HandleKind::Session, nullptr, &closes);
  const auto sv = t.add(session);
  auto connect = std::make_shared<Node>(HandleKind::Connect, session, &closes);
  const auto cv = t.add(connect);
  auto request = std::make_shared<Node>(HandleKind::Request, connect, &closes);
  const auto rv = t.add(request);

  std::vector<HandleKind> order;
  REQUIRE(t.close(sv, [&](HandleObject& o) { order.push_back(o.kind()); }));
  REQUIRE(closes == 3);
  REQUIRE(order == std::vector<HandleKind>{HandleKind::Request, HandleKind::Connect, HandleKind::Session});
  REQUIRE(t.find(cv) == nullptr);
  REQUIRE(t.find(rv) == nullptr);
  REQUIRE(request->isClosed());
  REQUIRE_FALSE(t.close(rv));
  REQUIRE(closes == 3);
  // A child of a closed parent cannot be added.
  REQUIRE(t.add(std::make_shared<Node>(HandleKind::Request, connect)) == 0);
}

TEST_CASE("a call holding an object keeps it alive after its handle is closed and recycled") {
  HandleTable t(0x100, 16);
  auto session = std::make_shared<Node>(HandleKind::Session, nullptr);
  const auto v = t.add(session);
  auto held = t.find(v);
  std::weak_ptr<HandleObject> weak = session;
  session.reset();
  REQUIRE(t.close(v));
  auto other = std::make_shared<Node>(HandleKind::Connect, nullptr);
  REQUIRE(t.add(other) == v);
  REQUIRE_FALSE(weak.expired());
  REQUIRE(held->kind() == HandleKind::Session);
  REQUIRE(held->isClosed());
  held.reset();
  REQUIRE(weak.expired());
}

TEST_CASE("closing from one thread while others look up and add never breaks the table") {
  HandleTable t(0x100, 4096);
  std::atomic<bool> stop{false};
  std::atomic<int> closes{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 3; ++i) {
    readers.emplace_back([&] {
      while (!stop.load()) {
        for (std::uintptr_t v = 0x104; v < 0x104 + 64 * 4; v += 4) {
          Error e;
          if (auto o = t.find(v, {HandleKind::Session, HandleKind::Request}, e)) (void)o->kind();
        }
      }
    });
  }
  for (int round = 0; round < 2000; ++round) {
    auto s = std::make_shared<Node>(HandleKind::Session, nullptr, &closes);
    const auto sv = t.add(s);
    REQUIRE(sv != 0);
    std::vector<std::uintptr_t> kids;
    for (int k = 0; k < 8; ++k)
      kids.push_back(t.add(std::make_shared<Node>(HandleKind::Request, s, &closes)));
    t.close(kids[round % 8]);
    t.close(sv);
  }
  stop = true;
  for (auto& r : readers) r.join();
  REQUIRE(closes == 2000 * 9);
  REQUIRE(t.size() == 0);
}
