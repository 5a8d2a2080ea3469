#pragma once
#include <string>

// The ProductName in the version resource of the loaded module `dll`, or ""
// if it is not loaded or has none.
std::string productNameOf(const char* dll);
