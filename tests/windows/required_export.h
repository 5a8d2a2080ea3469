#pragma once
// An export of a loaded DLL, by name or by ordinal (MAKEINTRESOURCEA), for
// those no header or import library offers; the test fails if it is missing.
#include <catch.hpp>
#include <windows.h>

#include <string>

template <class Function>
Function requiredExport(const wchar_t* dll, const char* name) {
  const std::string shown = IS_INTRESOURCE(name) ? "#" + std::to_string(reinterpret_cast<UINT_PTR>(name)) : name;
  INFO("export " << shown);
  // Through void*: FARPROC has no parameters, the exports do.
  auto function = reinterpret_cast<Function>(reinterpret_cast<void*>(GetProcAddress(GetModuleHandleW(dll), name)));
  REQUIRE(function);
  return function;
}
