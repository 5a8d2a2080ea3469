#pragma once
// What a leak makes grow, for tests that repeat whole request cycles: the
// process's kernel handles and the bytes allocated and not yet freed in its
// heaps (where malloc and new take their memory). Wine answers neither
// GetProcessHandleCount nor PrivateUsage (both 0), so the handles are
// counted in the system's handle list and the heaps are walked.
#include <catch.hpp>
#include <windows.h>

#include <cstdio>
#include <vector>

struct ProcessUsage {
  long long handles = -1;
  long long heapBytes = -1;
};

namespace process_usage_detail {

// SystemHandleInformation (16) as ntdll returns it; winternl.h lacks it.
struct HandleEntry {
  ULONG ownerPid;
  BYTE objectType;
  BYTE flags;
  USHORT value;
  PVOID object;
  ULONG access;
};
struct HandleList {
  ULONG count;
  HandleEntry entries[1];
};

inline long long ownHandles() {
  using Query = LONG(WINAPI*)(ULONG, PVOID, ULONG, PULONG);
  const auto query =
      reinterpret_cast<Query>(reinterpret_cast<void*>(GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtQuerySystemInformation")));
  if (!query) return -1;
  std::vector<char> buffer(1 << 20);
  constexpr LONG kInfoLengthMismatch = static_cast<LONG>(0xC0000004);
  LONG status;
  ULONG length = 0;
  while ((status = query(16, buffer.data(), static_cast<ULONG>(buffer.size()), &length)) == kInfoLengthMismatch)
    buffer.resize(buffer.size() * 2);
  if (status != 0) return -1;
  const auto* list = reinterpret_cast<const HandleList*>(buffer.data());
  long long own = 0;
  for (ULONG i = 0; i < list->count; ++i)
    if (list->entries[i].ownerPid == GetCurrentProcessId()) ++own;
  return own;
}

inline long long heapBytesInUse() {
  HANDLE heaps[256];
  const DWORD count = GetProcessHeaps(256, heaps);
  if (count == 0 || count > 256) return -1;
  long long busy = 0;
  for (DWORD i = 0; i < count; ++i) {
    if (!HeapLock(heaps[i])) continue;
    PROCESS_HEAP_ENTRY entry{};
    while (HeapWalk(heaps[i], &entry))
      if (entry.wFlags & PROCESS_HEAP_ENTRY_BUSY) busy += entry.cbData;
    HeapUnlock(heaps[i]);
  }
  return busy;
}

}  // namespace process_usage_detail

inline ProcessUsage processUsage() {
  return ProcessUsage{process_usage_detail::ownHandles(), process_usage_detail::heapBytesInUse()};
}

// The usage once the process has gone quiet: closed connections and
// finished transfers give their memory back within a second or so on the
// event thread, so the heap is polled until it stops shrinking (at most a
// few seconds; a guard, not a measure of time).
inline ProcessUsage settledUsage() {
  ProcessUsage usage = processUsage();
  for (int steady = 0, polls = 0; steady < 3 && polls < 50; ++polls) {
    Sleep(100);
    const ProcessUsage next = processUsage();
    steady = next.heapBytes < usage.heapBytes ? 0 : steady + 1;
    usage = next;
  }
  return usage;
}

// A check inside a cycle (a lambda returning bool): a failure ends the
// cycle with false and says what failed, without Catch2's assertions.
#define CYCLE_CHECK(condition)                                                             \
  do {                                                                                     \
    if (!(condition)) {                                                                    \
      std::printf("cycle check failed: %s (%s:%d)\n", #condition, __FILE__, __LINE__);     \
      return false;                                                                        \
    }                                                                                      \
  } while (0)

// What repeating a cycle added, and how many of its runs failed.
struct CycleGrowth {
  ProcessUsage usage;
  int failedCycles = 0;
};

// Runs `cycle` `warmUp` times, so that pools, caches and kept-alive
// connections reach the size they keep, then `measured` times; returns what
// the measured cycles added. A cycle that leaks a handle or a request's
// memory adds it `measured` times over. A cycle says whether it went as
// expected by returning true: it must not use Catch2's assertions, which a
// cumulative reporter (JUnit, as tests/run.py asks for) keeps in memory,
// some 2 KiB a cycle.
template <class Cycle>
CycleGrowth growthOver(int warmUp, int measured, Cycle&& cycle) {
  CycleGrowth growth;
  for (int i = 0; i < warmUp; ++i) growth.failedCycles += !cycle();
  const ProcessUsage before = settledUsage();
  for (int i = 0; i < measured; ++i) growth.failedCycles += !cycle();
  const ProcessUsage after = settledUsage();
  growth.usage = ProcessUsage{after.handles - before.handles, after.heapBytes - before.heapBytes};
  std::printf("usage: %lld handles, %lld heap bytes before; %+lld handles, %+lld bytes after %d cycles\n",
              before.handles, before.heapBytes, growth.usage.handles, growth.usage.heapBytes, measured);
  return growth;
}

// Cycles for the leak tests: a warm-up that fills pools and caches, then
// the measured ones (a third as many for the slow asynchronous cycles).
constexpr int kLeakWarmUp = 100;
constexpr int kLeakMeasured = 300;

// Bounds for the measured cycles: a handle leaked per cycle is a hundred or
// more, a request's memory (its curl handle and buffers alone are tens of
// KiB) megabytes, and a leaked string of a few hundred bytes already
// passes the byte bound (the heap walk counts to the byte: 200 bytes leaked
// per cycle showed as +60000 after 300). Once the warm-up is over, what
// moves otherwise is a few KiB.
inline void requireNoLeak(const CycleGrowth& growth) {
  REQUIRE(growth.failedCycles == 0);
  REQUIRE(growth.usage.handles != -1);  // both measures answered
  CHECK(growth.usage.handles <= 8);
  CHECK(growth.usage.heapBytes <= (32 << 10));
}
