#include <catch.hpp>

#include <string>

#include "chunked_upload_decoder.h"

using namespace hinternet;
using Status = ChunkedUploadDecoder::Status;

namespace {

// Feeds `text` in pieces of `piece` bytes; the payload, and whether any
// piece was refused.
std::string decodeAll(ChunkedUploadDecoder& decoder, const std::string& text, std::size_t piece, bool& malformed) {
  std::string payload;
  malformed = false;
  for (std::size_t i = 0; i < text.size(); i += piece) {
    if (decoder.feed(text.data() + i, std::min(piece, text.size() - i), payload) == Status::Malformed) {
      malformed = true;
      break;
    }
  }
  return payload;
}

}  // namespace

TEST_CASE("ChunkedUploadDecoder: payload comes out whatever the pieces") {
  const std::string framed = "5\r\nhello\r\n1;name=value\r\n,\r\nA \r\n world 123\r\n0\r\n\r\n";
  for (std::size_t piece : {1u, 2u, 3u, 7u, 100u}) {
    ChunkedUploadDecoder decoder;
    bool malformed = true;
    CHECK(decodeAll(decoder, framed, piece, malformed) == "hello, world 123");
    CHECK_FALSE(malformed);
    CHECK(decoder.finished());
  }
}

TEST_CASE("ChunkedUploadDecoder: an empty body is the last chunk alone") {
  ChunkedUploadDecoder decoder;
  bool malformed = true;
  CHECK(decodeAll(decoder, "0\r\n\r\n", 1, malformed).empty());
  CHECK_FALSE(malformed);
  CHECK(decoder.finished());
}

TEST_CASE("ChunkedUploadDecoder: unfinished until the trailer section ends") {
  ChunkedUploadDecoder decoder;
  std::string payload;
  CHECK(decoder.feed("3\r\nabc\r\n", 8, payload) == Status::Ok);
  CHECK_FALSE(decoder.finished());
  CHECK(decoder.feed("0\r\n", 3, payload) == Status::Ok);
  CHECK_FALSE(decoder.finished());
  CHECK(decoder.feed("X-Sum: 42\r\n", 11, payload) == Status::Ok);
  CHECK_FALSE(decoder.finished());
  CHECK(decoder.feed("\r\n", 2, payload) == Status::Ok);
  CHECK(decoder.finished());
  CHECK(payload == "abc");
  REQUIRE(decoder.trailers().fields().size() == 1);
  CHECK(decoder.trailers().find("X-Sum")->value == "42");
}

TEST_CASE("ChunkedUploadDecoder: a large chunk passes in one piece") {
  const std::string data(1u << 20, 'x');
  const std::string framed = "100000\r\n" + data + "\r\n0\r\n\r\n";
  ChunkedUploadDecoder decoder;
  bool malformed = true;
  CHECK(decodeAll(decoder, framed, framed.size(), malformed) == data);
  CHECK(decoder.finished());
}

TEST_CASE("ChunkedUploadDecoder: bad framing is refused and stays refused") {
  const char* bad[] = {
      "x\r\nhello\r\n",           // not hex
      "\r\n",                     // no size
      "5\r\nhelloXX",             // data not followed by CRLF
      "5\nhello\r\n",             // bare LF
      "5\r\r\nhello\r\n",         // CR without LF
      "5 x\r\nhello\r\n",         // junk after the size
      "-5\r\nhello\r\n",          // signed
      "11111111111111111\r\n",    // beyond 64 bits
      "0\r\n\r\nmore",            // bytes after the end
      "0\r\n bad: fold\r\n\r\n",  // folded trailer
      "0\r\nnocolon\r\n\r\n",     // trailer without a colon
  };
  for (const char* text : bad) {
    INFO(text);
    ChunkedUploadDecoder decoder;
    bool malformed = false;
    decodeAll(decoder, text, 1, malformed);
    CHECK(malformed);
    CHECK(decoder.failed());
    std::string payload;
    CHECK(decoder.feed("0\r\n\r\n", 5, payload) == Status::Malformed);
    CHECK_FALSE(decoder.finished());
  }
}

TEST_CASE("ChunkedUploadDecoder: overlong size lines and trailers are refused") {
  ChunkedUploadDecoder decoder;
  std::string payload;
  const std::string line = "1;" + std::string(ChunkedUploadDecoder::kMaxLine, 'e');
  CHECK(decoder.feed(line.data(), line.size(), payload) == Status::Malformed);

  ChunkedUploadDecoder trailers;
  CHECK(trailers.feed("0\r\n", 3, payload) == Status::Ok);
  const std::string field = "X: " + std::string(ChunkedUploadDecoder::kMaxTrailerBytes, 'v');
  CHECK(trailers.feed(field.data(), field.size(), payload) == Status::Malformed);
}
