#include <catch.hpp>

#include <string>
#include <vector>

#include "request_headers.h"

using namespace hinternet;

namespace {

const HeaderRules& winHttp = HeaderRules::winHttp();
const HeaderRules& winInet = HeaderRules::winInet();

// "Name: value" of every field, in order.
std::vector<std::string> lines(const HeaderList& list) {
  std::vector<std::string> out;
  for (const auto& f : list.fields()) out.push_back(f.name + ": " + f.value);
  return out;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("header blocks split at CR, LF and CRLF, skipping blank lines and stopping at NUL") {
  for (const HeaderRules* rules : {&winHttp, &winInet}) {
    const ParsedHeaders parsed =
        parseHeaderBlock("\r\rA:1\n\nB: 2\rC:  3\n\n\r\r\nD: 4\r\n" + std::string(1, '\0') + "E: 5", *rules);
    REQUIRE_FALSE(parsed.malformed);
    REQUIRE(parsed.fields.size() == 4);
    REQUIRE(parsed.fields[0].name == "A");
    REQUIRE(parsed.fields[0].value == "1");
    REQUIRE(parsed.fields[2].value == "3");
    REQUIRE(parsed.fields[3].name == "D");
  }
}

TEST_CASE("lines that are no header are malformed under both rules") {
  for (const char* line : {":", ":b", "cd", " e :f", "a b: c", "\tX: 1", "(x): 1"}) {
    INFO(line);
    REQUIRE(parseHeaderBlock(line, winHttp).malformed);
  }
  for (const char* line : {":", ":b", "cd", "a b: c", "\tX: 1", "   "}) {
    INFO(line);
    REQUIRE(parseHeaderBlock(line, winInet).malformed);
  }
  REQUIRE_FALSE(parseHeaderBlock("a:", winHttp).malformed);
  REQUIRE(parseHeaderBlock("a:", winHttp).fields[0].value.empty());
}

TEST_CASE("WinINet trims spaces around names and values; WinHTTP keeps a value's trailing spaces") {
  const ParsedHeaders inet = parseHeaderBlock(" e :f \r\nfield: value ", winInet);
  REQUIRE_FALSE(inet.malformed);
  REQUIRE(inet.fields[0].name == "e");
  REQUIRE(inet.fields[0].value == "f");
  REQUIRE(inet.fields[1].value == "value");
  const ParsedHeaders http = parseHeaderBlock("field:   value ", winHttp);
  REQUIRE(http.fields[0].value == "value ");
}

TEST_CASE("ADD appends, also when the name is present") {
  for (const HeaderRules* rules : {&winHttp, &winInet}) {
    HeaderList list;
    REQUIRE(mergeHeaderBlock(list, "Warning: test1", kAddHeaderAdd, *rules) == Error::None);
    REQUIRE(mergeHeaderBlock(list, "warning: test2", kAddHeaderAdd, *rules) == Error::None);
    REQUIRE(lines(list) == Lines{"Warning: test1", "warning: test2"});
  }
}

TEST_CASE("ADD_IF_NEW adds a new name and refuses a present one") {
  for (const HeaderRules* rules : {&winHttp, &winInet}) {
    HeaderList list;
    REQUIRE(mergeHeaderBlock(list, "A: 1", kAddHeaderAddIfNew, *rules) == Error::None);
    REQUIRE(mergeHeaderBlock(list, "a: 2", kAddHeaderAddIfNew, *rules) == Error::HeaderAlreadyExists);
    const unsigned addIfNew = kAddHeaderAddIfNew | kAddHeaderAdd;
    REQUIRE(mergeHeaderBlock(list, "a: 2", addIfNew, *rules) == Error::HeaderAlreadyExists);
    REQUIRE(lines(list) == Lines{"A: 1"});
  }
}

TEST_CASE("COALESCE merges into the first field of the name with a comma or a semicolon") {
  for (const HeaderRules* rules : {&winHttp, &winInet}) {
    HeaderList list;
    REQUIRE(mergeHeaderBlock(list, "W: a\r\nW: b", kAddHeaderAdd, *rules) == Error::None);
    REQUIRE(mergeHeaderBlock(list, "W: c", kAddHeaderCoalesceWithComma, *rules) == Error::None);
    REQUIRE(mergeHeaderBlock(list, "W: d", kAddHeaderCoalesceWithSemicolon, *rules) == Error::None);
    REQUIRE(mergeHeaderBlock(list, "X: new", kAddHeaderCoalesceWithComma, *rules) == Error::None);
    REQUIRE(lines(list) == Lines{"W: a, c; d", "W: b", "X: new"});
  }
}

TEST_CASE("REPLACE replaces in place under WinHTTP and moves to the end under WinINet") {
  HeaderList http, inet;
  for (HeaderList* list : {&http, &inet}) list->add("W", "1"), list->add("W", "2"), list->add("Z", "z");
  REQUIRE(mergeHeaderBlock(http, "W: 3", kAddHeaderReplace, winHttp) == Error::None);
  REQUIRE(mergeHeaderBlock(inet, "W: 3", kAddHeaderReplace, winInet) == Error::None);
  REQUIRE(lines(http) == Lines{"W: 3", "W: 2", "Z: z"});
  REQUIRE(lines(inet) == Lines{"W: 2", "Z: z", "W: 3"});
}

TEST_CASE("REPLACE with an empty value removes; of a missing name it needs ADD") {
  for (const HeaderRules* rules : {&winHttp, &winInet}) {
    HeaderList list;
    list.add("Authorization", "Basic");
    REQUIRE(mergeHeaderBlock(list, "Authorization:", kAddHeaderReplace, *rules) == Error::None);
    REQUIRE(list.empty());
    REQUIRE(mergeHeaderBlock(list, "name: value", kAddHeaderReplace, *rules) == Error::HeaderNotFound);
    REQUIRE(list.empty());
    REQUIRE(mergeHeaderBlock(list, "name: value", kAddHeaderReplace | kAddHeaderAdd, *rules) == Error::None);
    REQUIRE(lines(list) == Lines{"name: value"});
  }
}

TEST_CASE("without a flag WinHTTP adds a duplicate and WinINet refuses it") {
  HeaderList http, inet;
  REQUIRE(mergeHeaderBlock(http, "A: 1\r\nA: 2", 0, winHttp) == Error::None);
  REQUIRE(lines(http) == Lines{"A: 1", "A: 2"});
  REQUIRE(mergeHeaderBlock(inet, "A: 1", 0, winInet) == Error::None);
  REQUIRE(mergeHeaderBlock(inet, "A: 2", 0, winInet) == Error::HeaderAlreadyExists);
  REQUIRE(lines(inet) == Lines{"A: 1"});
}

TEST_CASE("a malformed line refuses the whole block with the DLL's error") {
  for (const HeaderRules* rules : {&winHttp, &winInet}) {
    HeaderList list;
    const Error error = mergeHeaderBlock(list, "A: 1\r\nGET /smuggled HTTP/1.1\r\nB: 2", kAddHeaderAdd, *rules);
    REQUIRE(error == rules->malformed);
    REQUIRE(list.empty());
  }
  REQUIRE(winHttp.malformed == Error::InvalidParameter);
  REQUIRE(winInet.malformed == Error::InvalidHeader);
}

TEST_CASE("an empty block is nothing to do for WinHTTP and an invalid header for WinINet") {
  HeaderList list;
  REQUIRE(mergeHeaderBlock(list, "", kAddHeaderAdd, winHttp) == Error::None);
  REQUIRE(mergeHeaderBlock(list, "", kAddHeaderAdd, winInet) == Error::InvalidHeader);
  REQUIRE(mergeHeaderBlock(list, std::string(1, '\0'), kAddHeaderAdd, winInet) == Error::InvalidHeader);
  REQUIRE(mergeHeaderBlock(list, "\r\n\r\n", kAddHeaderAdd, winInet) == Error::None);
  REQUIRE(list.empty());
}

TEST_CASE("the first field that fails stops the block; those before it stay") {
  for (const HeaderRules* rules : {&winHttp, &winInet}) {
    HeaderList list;
    list.add("B", "old");
    const Error error = mergeHeaderBlock(list, "A: 1\r\nB: 2\r\nC: 3", kAddHeaderAddIfNew, *rules);
    REQUIRE(error == Error::HeaderAlreadyExists);
    REQUIRE(lines(list) == Lines{"B: old", "A: 1"});
  }
}

TEST_CASE("CR, LF or NUL inside a name or value is header injection: refused, nothing merged") {
  for (const HeaderRules* rules : {&winHttp, &winInet}) {
    HeaderList list;
    for (const std::string& value : {std::string("a\r\nEvil: 1"), std::string("a\nb"), std::string("a\rb"),
                                     std::string("a\0b", 3)}) {
      REQUIRE(mergeHeader(list, {"X-Test", value}, kAddHeaderAdd, *rules) == Error::InvalidParameter);
    }
    REQUIRE(mergeHeader(list, {"X-Test\r\nEvil", "1"}, kAddHeaderAdd, *rules) == Error::InvalidParameter);
    REQUIRE(mergeHeader(list, {"", "1"}, kAddHeaderAdd, *rules) == Error::InvalidParameter);
    REQUIRE(mergeHeaders(list, {{"Good", "1"}, {"Bad", "x\r\ny: z"}}, kAddHeaderAdd, *rules) ==
            Error::InvalidParameter);
    REQUIRE(list.empty());
  }
}

TEST_CASE("Wine's WinHTTP header sequence gives Windows 7+ results") {
  HeaderList list;
  auto add = [&](const char* line, unsigned flags) { return mergeHeaderBlock(list, line, flags, winHttp); };
  REQUIRE(add("Warning:test1", kAddHeaderAdd) == Error::None);
  REQUIRE(add("Warning:test2", kAddHeaderAdd) == Error::None);
  REQUIRE(add("Warning:test3", kAddHeaderReplace) == Error::None);
  REQUIRE(add("Warning:test4", kAddHeaderAddIfNew) == Error::HeaderAlreadyExists);
  REQUIRE(add("Warning:test4", kAddHeaderCoalesceWithComma) == Error::None);
  REQUIRE(add("Warning:test5", kAddHeaderCoalesceWithComma) == Error::None);
  REQUIRE(add("Warning:test6", kAddHeaderCoalesceWithSemicolon) == Error::None);
  REQUIRE(lines(list) == Lines{"Warning: test3, test4, test5; test6", "Warning: test2"});
  REQUIRE(add("Warning:test4", kAddHeaderAdd | kAddHeaderReplace) == Error::None);
  REQUIRE(lines(list) == Lines{"Warning: test4", "Warning: test2"});
}

TEST_CASE("Wine's WinINet header sequence gives Windows' results") {
  HeaderList list;
  auto add = [&](const char* line, unsigned flags) { return mergeHeaderBlock(list, line, flags, winInet); };
  REQUIRE(add("Warning:test1", kAddHeaderAdd) == Error::None);
  REQUIRE(add("Warning:test2", kAddHeaderAdd) == Error::None);
  REQUIRE(add("Warning:test3", kAddHeaderReplace) == Error::None);
  REQUIRE(lines(list) == Lines{"Warning: test2", "Warning: test3"});
  REQUIRE(add("Warning:test4", kAddHeaderAddIfNew) == Error::HeaderAlreadyExists);
  REQUIRE(add("Warning:test4", kAddHeaderCoalesceWithComma) == Error::None);
  REQUIRE(add("Warning:test5", kAddHeaderCoalesceWithComma) == Error::None);
  REQUIRE(add("Warning:test6", kAddHeaderCoalesceWithSemicolon) == Error::None);
  REQUIRE(add("Warning:test7", kAddHeaderAdd | kAddHeaderReplace) == Error::None);
  REQUIRE(lines(list) == Lines{"Warning: test3", "Warning: test7"});
  REQUIRE(add("\r\nBlankTest:value\r\n\r\n", kAddHeaderAddIfNew) == Error::None);
  REQUIRE(list.find("BlankTest")->value == "value");
}
