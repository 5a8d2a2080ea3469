#pragma once
#include <windows.h>

#include <string>

namespace hinternet::win32 {

// The core speaks UTF-8; W exports speak UTF-16 and A exports the ANSI code
// page. A null pointer converts to an empty string.
std::string utf8FromWide(const wchar_t* text, int length = -1);
std::wstring wideFromUtf8(const std::string& text);
std::string utf8FromAnsi(const char* text, int length = -1);
std::string ansiFromUtf8(const std::string& text);
// Either, by the export's character type (templates serving A and W).
inline std::string utf8From(const char* text) { return utf8FromAnsi(text); }
inline std::string utf8From(const wchar_t* text) { return utf8FromWide(text); }

// A string passed with a length in characters where -1 means NUL-terminated,
// as both DLLs take their header blocks.
std::string utf8FromCounted(const wchar_t* text, DWORD length);
std::string utf8FromCounted(const char* text, DWORD length);

// A GlobalAlloc'd copy of `text`, or NULL for an empty one: how both DLLs
// hand out strings their callers free (proxy structures, converted URLs).
// Throws std::bad_alloc when out of memory.
LPWSTR globalString(const std::wstring& text);

// A LocalAlloc'd copy of `text` (an empty one too), or NULL when out of
// memory: how both DLLs hand out strings of structures whose callers free
// them with LocalFree (certificate info, server credentials).
LPWSTR localString(const std::wstring& text);
LPSTR localString(const std::string& text);

}  // namespace hinternet::win32
