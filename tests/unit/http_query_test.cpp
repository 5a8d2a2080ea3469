#include <catch.hpp>

#include <string>

#include "http_query.h"

using namespace hinternet;

namespace {

RequestHead sampleRequest() {
  RequestHead head;
  head.method = "POST";
  head.target = "/posttest.php";
  head.version = "HTTP/1.1";
  head.headers.add("Warning", "test1");
  head.headers.add("Host", "example.com");
  head.headers.add("warning", "test2");
  return head;
}

}  // namespace

TEST_CASE("request queries give the raw request head, starting with the request line") {
  const RequestHead head = sampleRequest();
  std::size_t index = 0;
  std::string text;
  REQUIRE(answerRequestQuery(head, kQueryRawHeadersCrlf, "", index, text) == Error::None);
  REQUIRE(text == "POST /posttest.php HTTP/1.1\r\nWarning: test1\r\nHost: example.com\r\nwarning: test2\r\n\r\n");
  REQUIRE(answerRequestQuery(head, kQueryRawHeaders, "", index, text) == Error::None);
  const char expected[] = "POST /posttest.php HTTP/1.1\0Warning: test1\0Host: example.com\0warning: test2\0";
  REQUIRE(text == std::string(expected, sizeof(expected) - 1));
  REQUIRE(index == 0);
}

TEST_CASE("request queries answer the method and version, and have no status") {
  const RequestHead head = sampleRequest();
  std::size_t index = 0;
  std::string text;
  REQUIRE(answerRequestQuery(head, kQueryRequestMethod, "", index, text) == Error::None);
  REQUIRE(text == "POST");
  REQUIRE(answerRequestQuery(head, kQueryVersion, "", index, text) == Error::None);
  REQUIRE(text == "HTTP/1.1");
  REQUIRE(answerRequestQuery(head, kQueryStatusCode, "", index, text) == Error::HeaderNotFound);
  REQUIRE(answerRequestQuery(head, kQueryStatusText, "", index, text) == Error::HeaderNotFound);
  index = 1;
  REQUIRE(answerRequestQuery(head, kQueryRequestMethod, "", index, text) == Error::HeaderNotFound);
}

TEST_CASE("request queries walk repeated fields by index, by name or by id") {
  const RequestHead head = sampleRequest();
  std::size_t index = 0;
  std::string text;
  REQUIRE(answerRequestQuery(head, kQueryCustom, "WARNING", index, text) == Error::None);
  REQUIRE(text == "test1");
  REQUIRE(answerRequestQuery(head, kQueryCustom, "WARNING", index, text) == Error::None);
  REQUIRE(text == "test2");
  REQUIRE(index == 2);
  REQUIRE(answerRequestQuery(head, kQueryCustom, "WARNING", index, text) == Error::HeaderNotFound);
  index = 0;
  REQUIRE(answerRequestQuery(head, 55 /* Host */, "", index, text) == Error::None);
  REQUIRE(text == "example.com");
  index = 0;
  REQUIRE(answerRequestQuery(head, kQueryCustom, "Missing", index, text) == Error::HeaderNotFound);
}
