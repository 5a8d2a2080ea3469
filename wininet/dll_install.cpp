// DllInstall, the shell's setup entry point (regsvr32 /i[:cmdline], with /n
// without DllRegisterServer). Windows' WinINet sets up per-user cache and
// settings there. Ours needs nothing set up before use: it reads the
// Internet Settings Windows (or Wine) keeps and makes its own files when
// first needed. So install and uninstall succeed with any command line and
// change nothing.
#include <windows.h>

#include "log.h"

extern "C" HRESULT WINAPI DllInstall(BOOL install, LPCWSTR commandLine) {
  LOG_TRACE("DllInstall(%d, %p)", install, static_cast<const void*>(commandLine));
  return S_OK;
}
