#include "wpad_detect.h"

#include "log.h"

namespace hinternet::win32 {

// Auto-detection finds no script: WPAD by DHCP or DNS comes with the PAC
// interpreter (a later issue), where its lookups can be tested without
// leaving the machine.
std::wstring detectScriptUrl(DWORD flags) {
  LOG_INFO("WPAD: auto-detection (flags 0x%lx) is not supported yet; no script found", flags);
  return std::wstring();
}

}  // namespace hinternet::win32
