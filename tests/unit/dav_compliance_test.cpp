#include <catch.hpp>

#include "dav_compliance.h"

using namespace hinternet;

TEST_CASE("DAV classes: comma-separated, several headers form one list, whitespace around elements ignored") {
  const std::vector<std::string> headers{"1, 2", " <http://apache.org/dav/propset/fs/1> ,3"};
  CHECK(davClassesContain(headers, "1"));
  CHECK(davClassesContain(headers, "2"));
  CHECK(davClassesContain(headers, "3"));
  CHECK(davClassesContain(headers, "<http://apache.org/dav/propset/fs/1>"));
  CHECK(davClassesContain(headers, " 2 "));
  CHECK_FALSE(davClassesContain(headers, "4"));
  CHECK_FALSE(davClassesContain(headers, "1, 2"));
  CHECK_FALSE(davClassesContain(headers, "http://apache.org/dav/propset/fs/1"));
}

TEST_CASE("DAV classes: no case folding, no partial matches, empty elements skipped") {
  const std::vector<std::string> headers{"1,,2, access-control,"};
  CHECK(davClassesContain(headers, "access-control"));
  CHECK_FALSE(davClassesContain(headers, "Access-Control"));
  CHECK_FALSE(davClassesContain(headers, "access"));
  CHECK_FALSE(davClassesContain(headers, "12"));
  CHECK_FALSE(davClassesContain(headers, ""));
  CHECK_FALSE(davClassesContain(headers, "  "));
  CHECK_FALSE(davClassesContain({}, "1"));
  CHECK_FALSE(davClassesContain({""}, "1"));
}

TEST_CASE("DAV classes: a comma inside a Coded-URL does not split it") {
  const std::vector<std::string> headers{"1, <http://example.test/a,b>, 2"};
  CHECK(davClassesContain(headers, "<http://example.test/a,b>"));
  CHECK(davClassesContain(headers, "2"));
  CHECK_FALSE(davClassesContain(headers, "<http://example.test/a"));
  CHECK_FALSE(davClassesContain(headers, "b>"));
}
