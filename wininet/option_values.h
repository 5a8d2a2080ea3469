#pragma once
#include <windows.h>

#include <cstdint>

#include "handle_object.h"

namespace hinternet::wininet {

// Numeric options live in HandleObject::options under their INTERNET_OPTION_*
// ids; only values set explicitly are stored there (handles copy their
// parent's when created). This is the one place that knows the defaults.
std::uint64_t optionDefault(DWORD id);

// The process-wide options of the NULL handle; sessions start with a copy.
OptionStore& globalOptions();

// The value in force on `object`: its own, else the default.
inline std::uint64_t optionValue(const HandleObject& object, DWORD id) {
  return object.options.get(id, optionDefault(id));
}

}  // namespace hinternet::wininet
