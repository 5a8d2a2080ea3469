// The COM server entry points. winhttp.dll on Windows serves the
// WinHttp.WinHttpRequest.5.1 class; ours does not serve it yet, so:
// - DllGetClassObject knows no class;
// - DllCanUnloadNow says S_FALSE: the engine thread pins the DLL anyway
//   (see README, design notes);
// - DllRegisterServer registers nothing and says so with SELFREG_E_CLASS:
//   pointing the class at a DLL that cannot create it would break the one
//   Windows (or Wine's builtin DLL) registered;
// - DllUnregisterServer succeeds without touching the registry: nothing of
//   ours is registered, and the registration there belongs to the system.
#include <windows.h>
#include <olectl.h>

#include "log.h"

extern "C" HRESULT WINAPI DllCanUnloadNow() { return S_FALSE; }

extern "C" HRESULT WINAPI DllGetClassObject(REFCLSID, REFIID, LPVOID* object) {
  if (!object) return E_POINTER;
  *object = nullptr;
  return CLASS_E_CLASSNOTAVAILABLE;
}

extern "C" HRESULT WINAPI DllRegisterServer() {
  LOG_WARN("DllRegisterServer: the WinHttpRequest COM class is not served by this winhttp.dll; nothing registered");
  return SELFREG_E_CLASS;
}

extern "C" HRESULT WINAPI DllUnregisterServer() { return S_OK; }
