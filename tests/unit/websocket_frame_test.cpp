#include <catch.hpp>

#include <vector>

#include "websocket_frame.h"

using namespace hinternet;

namespace {

// Feeds `bytes` one at a time, the way they may trickle in.
Error parse(const std::vector<unsigned char>& bytes, WsHeaderParser& parser) {
  for (unsigned char b : bytes) {
    REQUIRE(parser.needed() > 0);
    if (const Error e = parser.feed(&b, 1); e != Error::None) return e;
  }
  return Error::None;
}

}  // namespace

TEST_CASE("WebSocket headers: the three length forms") {
  WsHeaderParser parser;
  REQUIRE(parse({0x81, 0x05}, parser) == Error::None);
  REQUIRE(parser.needed() == 0);
  REQUIRE(parser.header().opcode == WsOpcode::Text);
  REQUIRE(parser.header().fin);
  REQUIRE(parser.header().length == 5);

  parser.reset();
  REQUIRE(parse({0x02, 126, 0x01, 0x00}, parser) == Error::None);
  REQUIRE(parser.needed() == 0);
  REQUIRE(parser.header().opcode == WsOpcode::Binary);
  REQUIRE_FALSE(parser.header().fin);
  REQUIRE(parser.header().length == 256);

  parser.reset();
  REQUIRE(parse({0x80, 127, 0, 0, 0, 1, 0, 0, 0, 0}, parser) == Error::None);
  REQUIRE(parser.needed() == 0);
  REQUIRE(parser.header().opcode == WsOpcode::Continuation);
  REQUIRE(parser.header().length == (1ull << 32));
}

TEST_CASE("WebSocket headers: whole headers in one feed, control frames") {
  WsHeaderParser parser;
  const unsigned char close[] = {0x88, 0x02};
  REQUIRE(parser.feed(close, sizeof(close)) == Error::None);
  REQUIRE(parser.needed() == 0);
  REQUIRE(parser.header().isControl());
  REQUIRE(parser.header().opcode == WsOpcode::Close);
  parser.reset();
  const unsigned char ping[] = {0x89, 0x00};
  REQUIRE(parser.feed(ping, sizeof(ping)) == Error::None);
  REQUIRE(parser.header().opcode == WsOpcode::Ping);
  REQUIRE(parser.header().length == 0);
}

TEST_CASE("WebSocket headers: what a server must not send is refused") {
  const std::vector<std::vector<unsigned char>> bad = {
      {0xC1, 0x00},                       // RSV1 without an extension
      {0x81, 0x85},                       // masked
      {0x83, 0x00},                       // reserved opcode
      {0x8B, 0x00},                       // reserved control opcode
      {0x09, 0x00},                       // fragmented ping
      {0x88, 126},                        // control frame over 125 bytes
      {0x82, 127, 0x80, 0, 0, 0, 0, 0, 0, 0},  // length beyond 2^63
  };
  for (const auto& header : bad) {
    WsHeaderParser parser;
    REQUIRE(parse(header, parser) == Error::InvalidServerResponse);
  }
}
