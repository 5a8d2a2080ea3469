#include <catch.hpp>

#include <memory>
#include <vector>

#include "option_lookup.h"

using namespace hinternet;

namespace {

struct Row {
  std::uint32_t id;
  const char* name;
};

struct Node : HandleObject {
  Node(HandleKind kind, std::shared_ptr<HandleObject> parent) : HandleObject(kind, std::move(parent)) {}
};

}  // namespace

TEST_CASE("option rows are found by id in a sorted table") {
  const std::vector<Row> table = {{1, "one"}, {5, "five"}, {9, "nine"}};
  REQUIRE(findSortedById(table, 5)->name == std::string("five"));
  REQUIRE(findSortedById(table, 1)->name == std::string("one"));
  REQUIRE(findSortedById(table, 9)->name == std::string("nine"));
  REQUIRE(findSortedById(table, 0) == nullptr);
  REQUIRE(findSortedById(table, 6) == nullptr);
  REQUIRE(findSortedById(table, 10) == nullptr);
  REQUIRE(findSortedById(std::vector<Row>(), 1) == nullptr);
}

TEST_CASE("the nearest ancestor of a kind, the node itself included") {
  auto session = std::make_shared<Node>(HandleKind::Session, nullptr);
  auto connect = std::make_shared<Node>(HandleKind::Connect, session);
  auto request = std::make_shared<Node>(HandleKind::Request, connect);
  REQUIRE(ancestorOfKind(request.get(), HandleKind::Session) == session.get());
  REQUIRE(ancestorOfKind(request.get(), HandleKind::Connect) == connect.get());
  REQUIRE(ancestorOfKind(request.get(), HandleKind::Request) == request.get());
  REQUIRE(ancestorOfKind(session.get(), HandleKind::Request) == nullptr);
  REQUIRE(ancestorOfKind(nullptr, HandleKind::Session) == nullptr);
}
