#pragma once
#include <string>

// A host name no resolver can look up and none sends a query for: its first
// label is 64 characters, one more than DNS allows (RFC 1035), so the stub
// resolver refuses it while building the query; ".invalid" is reserved
// never to resolve (RFC 6761), should one try anyway.
inline std::string unresolvableHost() { return std::string(64, 'x') + ".invalid"; }
