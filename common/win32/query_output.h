#pragma once
#include <windows.h>

#include <string>

namespace hinternet::win32 {

// Writes a header-query answer the way HttpQueryInfo and WinHttpQueryHeaders
// do (their modifier flags share values): FLAG_NUMBER as a DWORD,
// FLAG_NUMBER64 as a 64-bit number, FLAG_SYSTEMTIME as a SYSTEMTIME read as
// leniently as WinHttpTimeToSystemTime (a value that is no date yields the
// current time, as on Windows), otherwise text in UTF-16 or the ANSI code
// page. Sizes are in bytes; on a short buffer it sets
// ERROR_INSUFFICIENT_BUFFER, stores the size needed (terminator included)
// and returns false; on success it stores the size written without it.
bool writeQueryResult(const std::string& text, DWORD modifiers, bool wide, LPVOID buffer, LPDWORD bufferLength);

}  // namespace hinternet::win32
