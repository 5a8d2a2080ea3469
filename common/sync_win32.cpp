// sync.h on Windows: SRW locks and condition variables (Vista and later).
#include <windows.h>

#include "sync.h"

namespace hinternet {
namespace {

static_assert(sizeof(SRWLOCK) == sizeof(void*) && sizeof(CONDITION_VARIABLE) == sizeof(void*),
              "sync.h keeps each in one pointer");

PSRWLOCK srw(void*& state) { return reinterpret_cast<PSRWLOCK>(&state); }
PCONDITION_VARIABLE condition(void*& state) { return reinterpret_cast<PCONDITION_VARIABLE>(&state); }

}  // namespace

void Mutex::lock() { AcquireSRWLockExclusive(srw(state_)); }

void Mutex::unlock() { ReleaseSRWLockExclusive(srw(state_)); }

void ConditionVariable::notify_one() { WakeConditionVariable(condition(state_)); }

void ConditionVariable::notify_all() { WakeAllConditionVariable(condition(state_)); }

void ConditionVariable::wait(std::unique_lock<Mutex>& lock) {
  SleepConditionVariableSRW(condition(state_), srw(lock.mutex()->state_), INFINITE, 0);
}

void ConditionVariable::waitMs(std::unique_lock<Mutex>& lock, long long ms) {
  const DWORD limit = ms >= static_cast<long long>(INFINITE) ? INFINITE - 1 : static_cast<DWORD>(ms);
  SleepConditionVariableSRW(condition(state_), srw(lock.mutex()->state_), limit, 0);
}

}  // namespace hinternet
