#pragma once
// The compliance classes a WebDAV server announces in its DAV response
// headers (RFC 4918, section 10.1), for HttpCheckDavCompliance.
#include <string>
#include <string_view>
#include <vector>

namespace hinternet {

// Whether the DAV header values (several headers count as one list, as
// HTTP's list rule says) name `compliance`: a class such as "1", "2", "3",
// another token, or a Coded-URL ("<http://...>"). List elements are
// compared without the whitespace around them and without case folding,
// since RFC 4918 defines none for class identifiers; empty elements are
// skipped. An empty or blank `compliance` is never found.
bool davClassesContain(const std::vector<std::string>& headerValues, std::string_view compliance);

}  // namespace hinternet
