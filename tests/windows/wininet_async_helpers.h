#pragma once
// What the WinINet asynchronous tests share: the edge server's gates (a
// reply held until the test opens it) and reading a body asynchronously.
#include <windows.h>
#include <wininet.h>

#include <string>

#include "wininet_status_recorder.h"

// A gate name no other test uses.
std::string gateName(const char* what);

// Opens the edge server's gate `name`: a /gate/<name> reply waiting for it
// sends its body.
void openGate(const std::string& name);
// The same without Catch2's assertions, for threads other than the test's
// own (Catch2 is not thread-safe: an assertion racing the main thread's
// corrupted the JUnit reporter's heap): whether the gate opened.
bool gateOpened(const std::string& name);

// Reads the rest of an asynchronous body: each read that pends is waited
// for through the recorder's REQUEST_COMPLETE.
std::string readAllAsync(HINTERNET file, StatusRecorder& recorder);
